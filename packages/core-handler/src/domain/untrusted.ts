// Text that whoever made a call controls (a failed call's request parameters, user agents, error
// messages, role session names, and every field of an event handed over by a direct invocation)
// must not write its own lines into the security team's mail or dress up as TrailGuard's words.
// The JSON document keeps the raw values: JSON escapes them.

/** The most characters of untrusted text a notification shows; longer text is cut in the middle. */
export const MAX_UNTRUSTED = 128;

// C0 and C1 controls (line breaks and tabs among them) and the line and paragraph separators:
// each becomes a space, so the words on either side stay apart.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
// Invisible format characters: bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069),
// marks (U+061C, U+200E, U+200F), zero-width characters (U+200B–200D, U+2060, U+FEFF), the soft
// hyphen and the Mongolian vowel separator. Removed: they reorder or hide what is shown.
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
// The characters of AWS names, ids and ARNs (trails, buckets, keys, roles and their sessions,
// event ids, IP addresses and service hosts): a value made only of these cannot hold a sentence.
// Longer ones than MAX_UNTRUSTED (128, written out: a literal is smaller in the bundle) are cut, and
// then quoted: what is shown is no longer the name.
const NAME = /^[\w.:/@+=,-]{1,128}$/;

/** Shortens text to at most `max` characters by cutting its middle: both ends still identify it. */
export function shortenMiddle(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 3) return chars.slice(0, Math.max(0, max)).join('');
  const head = Math.ceil((max - 3) / 2);
  const tail = max - 3 - head;
  return `${chars.slice(0, head).join('')}...${tail > 0 ? chars.slice(-tail).join('') : ''}`;
}

/**
 * Makes untrusted text safe to show in the e-mail and the subject: controls, line and paragraph
 * separators, bidi overrides and zero-width characters removed, whitespace collapsed, at most
 * MAX_UNTRUSTED characters (cut in the middle), and quoted (inner quotes escaped), so that it can
 * never start a line of its own nor read as TrailGuard's own words.
 */
export function quoteUntrusted(text: string): string {
  const clean = text.replace(BREAKING, ' ').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  return `"${shortenMiddle(clean, MAX_UNTRUSTED).replace(/["\\]/g, '\\$&')}"`;
}

/**
 * An untrusted name, id or ARN as a notification shows it: as it is when it has the form AWS gives
 * such values (no spaces, quotes or controls) and at most MAX_UNTRUSTED characters, else through
 * quoteUntrusted (cut in the middle with "...", and quoted).
 */
export function untrustedName(text: string): string {
  return NAME.test(text) ? text : quoteUntrusted(text);
}

/** An untrusted request value as a notification shows it: numbers and booleans as they are, the rest quoted. */
export function untrustedValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return quoteUntrusted(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));
}
