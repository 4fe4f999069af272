import * as z from 'zod';

/** A whole number in [min, max]; every message states the range, so a person can fix it at once. */
export function wholeNumber(min: number, max: number | null, unit: string) {
  const range = max === null ? `${min} or more ${unit}` : `${min}–${max} ${unit}`;
  const error = `expected a whole number: ${range}`;
  const schema = z.int({ error }).min(min, { error });
  return max === null ? schema : schema.max(max, { error });
}
