// How a paste is cut into entries, for both parsers: request IDs come as a list separated by
// blanks, commas or semicolons; URLs come one per line (so a sentence is one entry, not many).

/** An entry of a list: up to whitespace (Unicode's, NEL and the zero-width space too), `,` or `;`. */
export const LIST_ENTRY = /[^\s,;\u0085\u200b]+/g;
/** A line, whatever its line breaks. */
export const LINE = /[^\r\n\u0085\u2028\u2029]+/g;
/** A word: up to whitespace. */
export const WORD = /\S+/g;

/**
 * The non-blank entries of `text` (each a match of `entry`, a global regex), trimmed, in order.
 * (No `u` flag on such patterns: with it, V8 overflows its stack on a 10 MB entry.)
 */
export function pasteEntries(text: string, entry: RegExp): string[] {
  const entries: string[] = [];
  for (const piece of text.match(entry) ?? []) {
    const trimmed = piece.trim();
    if (trimmed !== '') entries.push(trimmed);
  }
  return entries;
}
