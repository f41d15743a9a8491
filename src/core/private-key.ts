// What makes text usable as an ImageKit private API key: the one place these rules live.
// Private keys always start with "private_"; the public key ("public_...") is a common paste mistake.

export const PRIVATE_KEY_PREFIX = 'private_';
const PUBLIC_KEY_PREFIX = 'public_';

const PUBLIC_KEY_PROBLEM =
  'This is the public API key; Purge Watch needs the private key (it starts with "private_").';

/**
 * Why this pasted text cannot be stored as the private key, or undefined when it can.
 * Whitespace around the key (a pasted newline) is ignored: store `key.trim()`.
 */
export function validatePrivateKey(key: string): string | undefined {
  const trimmed = key.trim();
  if (trimmed === '') {
    return 'The private API key is empty: paste the key that starts with "private_" (ImageKit dashboard, Developer options).';
  }
  if (trimmed.startsWith(PUBLIC_KEY_PREFIX)) return PUBLIC_KEY_PROBLEM;
  if (!trimmed.startsWith(PRIVATE_KEY_PREFIX)) {
    return 'This does not look like an ImageKit private API key: it should start with "private_".';
  }
  if (/\s/.test(trimmed)) {
    return 'The private API key contains spaces or line breaks: paste it again as a single line.';
  }
  return undefined;
}

/**
 * Why a key found at request time (environment, keychain) cannot be sent to ImageKit, or undefined.
 * More lenient than `validatePrivateKey`: only a missing key and the public key are refused.
 */
export function checkPrivateKey(key: string | undefined): string | undefined {
  if (key === undefined || key.trim() === '') {
    return 'No private API key is set. Set IMAGEKIT_PRIVATE_KEY or store one in the keychain.';
  }
  if (key.startsWith(PUBLIC_KEY_PREFIX)) return PUBLIC_KEY_PROBLEM;
  return undefined;
}
