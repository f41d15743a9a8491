// What an ImageKit API key looks like: the one place these rules live. The private key starts
// with "private_"; the public key ("public_...") is a common paste mistake. Parsers use
// `apiKeyIn` and `API_KEY_START` so that a key pasted among IDs or URLs is never echoed back.

const KEY_PREFIX = { private: 'private_', public: 'public_' } as const;

type ApiKeyKind = keyof typeof KEY_PREFIX;

/** Regex source: where an API key starts (match it with the `i` flag: any case counts). */
export const API_KEY_START = `(?:${Object.values(KEY_PREFIX).join('|')})`;
const API_KEY_ANYWHERE = new RegExp(API_KEY_START, 'i');

/** The kind of API key this text holds or starts (`private_…`, `public_…`, any case), if any. */
export function apiKeyIn(text: string): ApiKeyKind | undefined {
  const found = API_KEY_ANYWHERE.exec(text);
  if (!found) return undefined;
  return found[0].toLowerCase() === KEY_PREFIX.private ? 'private' : 'public';
}

const PUBLIC_KEY_PROBLEM = `This is the public API key; Purge Watch needs the private key (it starts with "${KEY_PREFIX.private}").`;

/**
 * Why this pasted text cannot be stored as the private key, or undefined when it can.
 * Whitespace around the key (a pasted newline) is ignored: store `key.trim()`.
 */
export function validatePrivateKey(key: string): string | undefined {
  const trimmed = key.trim();
  if (trimmed === '') {
    return `The private API key is empty: paste the key that starts with "${KEY_PREFIX.private}" (ImageKit dashboard, Developer options).`;
  }
  if (trimmed.startsWith(KEY_PREFIX.public)) return PUBLIC_KEY_PROBLEM;
  if (!trimmed.startsWith(KEY_PREFIX.private)) {
    return `This does not look like an ImageKit private API key: it should start with "${KEY_PREFIX.private}".`;
  }
  if (/\s/.test(trimmed)) {
    return 'The private API key contains spaces or line breaks: paste it again as a single line.';
  }
  return undefined;
}

/** What a missing key is called; each surface says where to set one. */
export const NO_KEY = 'No private API key is set.';

/**
 * Why a key found at request time (environment, keychain) cannot be sent to ImageKit, or undefined.
 * More lenient than `validatePrivateKey`: only a missing key and the public key are refused.
 */
export function checkPrivateKey(key: string | undefined): string | undefined {
  if (key === undefined || key.trim() === '') return NO_KEY;
  if (key.startsWith(KEY_PREFIX.public)) return PUBLIC_KEY_PROBLEM;
  return undefined;
}
