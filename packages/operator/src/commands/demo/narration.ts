/** Writes one paragraph of the demo's story. */
export type Say = (text: string) => void;

/** A chapter heading, ruled to a fixed width. */
export function headingOf(say: Say): Say {
  return (text) => say(`\n━━ ${text} ${'━'.repeat(Math.max(3, 86 - text.length))}`);
}
