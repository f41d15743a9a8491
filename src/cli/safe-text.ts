// Everything the CLI prints passes through here, whatever the core already did: text from the
// server (a status, an error message, a request ID) and text the user typed is untrusted.
// Control characters (escape sequences that clear the screen, set the window title, or a
// newline that forges a result line), bidi marks and characters nothing draws (a zero width
// space splitting the key past its mask) are removed, and the private key is masked in any case
// and in the encodings an Authorization header or a URL would carry it.
import { API_KEY_START, apiKeyIn } from '../core/imagekit/private-key';
import { UNSHOWABLE } from '../core/imagekit/server-text';
import { displayText } from '../core/input/rejected-inputs';

const MASK = '[private key]';
/** Shorter "keys" are not masked: they would mask ordinary words. */
const MIN_SECRET_LENGTH = 8;

const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;

export class SafeText {
  private patterns: RegExp[] = [];

  /** Mask this secret (and its base64 and URL encodings) from now on. */
  addSecret(secret: string | undefined): void {
    const key = secret?.trim();
    if (!key || key.length < MIN_SECRET_LENGTH) return;
    const forms = new Set([
      key,
      encodeURIComponent(key),
      Buffer.from(key).toString('base64'),
      Buffer.from(`${key}:`).toString('base64'),
    ]);
    for (const form of forms) this.patterns.push(new RegExp(escapeRegExp(form), 'gi'));
  }

  /** One line for a terminal: no control characters, line breaks as spaces, no key. */
  line(text: string): string {
    // Controls, bidi marks, what nothing draws (core/imagekit/server-text.ts): removed, not shown.
    let safe = text.replace(LINE_BREAKS, ' ').replace(UNSHOWABLE, '');
    for (const pattern of this.patterns) safe = safe.replace(pattern, MASK);
    return safe;
  }

  /** A JSON value whose every string went through `line` (keys included). */
  data<T>(value: T): T {
    if (typeof value === 'string') return this.line(value) as T;
    if (Array.isArray(value)) return value.map((item: unknown) => this.data(item)) as T;
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [this.line(key), this.data(item)]),
      ) as T;
    }
    return value;
  }
}

/**
 * A token the user typed, as a usage error may echo it: a pasted API key shows as `private_…`,
 * anything else cut short with its control characters made visible.
 */
export function echoedToken(token: string): string {
  return displayText(redactApiKeys(token));
}

/** Does this text hold something shaped like an API key anywhere (e.g. inside a URL)? */
export function holdsApiKey(text: string): boolean {
  return apiKeyIn(text) !== undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const API_KEY_WORD = new RegExp(`\\b${API_KEY_START}[^\\s"',;]*`, 'gi');

/** Text with every API-key-shaped word (`private_…`, `public_…`) cut to its kind. */
export function redactApiKeys(text: string): string {
  return text.replace(API_KEY_WORD, (word) => `${apiKeyIn(word)}_…`);
}
