// Text a server sent (a status value, an error message, a header) made safe to show anywhere:
// a terminal, the window, a notification, the tray. The server is untrusted: it may send
// escape sequences that clear a screen or forge a line, bidi overrides that reverse text, or
// echo the private key back.

/** Longest server text shown; the rest is cut with "…". */
const MAX_SERVER_TEXT_CHARS = 300;

/**
 * Runs of C0 and C1 controls (ESC, BEL, CR, LF, CSI…), DEL, Unicode's line and paragraph
 * separators (U+2028, U+2029: a notification or a log viewer may start a line at either), and
 * every default-ignorable code point: the bidi embedding/override/isolate marks and implicit
 * marks (LRM, RLM, ALM) that reorder what follows them, and the characters nothing draws (zero
 * width space and joiners, the soft hyphen, the BOM, word joiner, variation selectors, tag
 * characters), which would hide a word inside another ("Comp\u200bleted") or split the key so
 * that no mask (this module's, the CLI's, a CI log's) finds it while a reader still sees it.
 * The CLI's SafeText removes the same characters from everything it prints.
 */
export const UNSHOWABLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Default_Ignorable_Code_Point}]+/gu;
// A lone surrogate cannot be encoded for a terminal or a notification.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `text` with every secret in `secrets` replaced by "[private key]", control characters and
 * bidi marks replaced by a space (runs of them by one), trimmed and cut to `maxChars`.
 */
export function safeServerText(
  text: string,
  secrets: readonly string[] = [],
  maxChars = MAX_SERVER_TEXT_CHARS,
): string {
  // A key split by control characters ("priv\u001bate_…") is found once they are gone.
  const joined = text.replace(UNSHOWABLE, '');
  const hidesSecret = secrets.some((secret) => secret !== '' && joined.includes(secret));
  let shown = hidesSecret ? joined : text;
  for (const secret of secrets) {
    if (secret !== '') shown = shown.split(secret).join('[private key]');
  }
  shown = shown.replace(UNSHOWABLE, ' ').replace(LONE_SURROGATE, '\ufffd');
  shown = shown.replace(/ {2,}/g, ' ').trim();
  return shown.length > maxChars ? `${shown.slice(0, maxChars - 1)}…` : shown;
}

/** What the key looks like in the places a server could echo it from: as typed, and in Basic auth. */
export function keyForms(key: string): string[] {
  return [key, Buffer.from(`${key}:`).toString('base64')];
}
