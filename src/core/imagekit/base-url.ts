// Where the API lives, and the rule that keeps the key off clear-text connections.

export const DEFAULT_BASE_URL = 'https://api.imagekit.io';

const LOOPBACK_HOSTS = new Set(['[::1]', 'localhost']);

/** `URL` writes IPv6 hosts in brackets and normalises IPv4 (127.1 -> 127.0.0.1). */
function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Plain http to this machine (tests, the demo): the one clear-text connection allowed. */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

export class BaseUrlError extends Error {
  override name = 'BaseUrlError';
}

/**
 * The normalised base URL (no trailing slash), or a `BaseUrlError` when it is not a URL
 * or not https. Plain http is allowed only for loopback hosts (tests, the demo).
 */
export function resolveBaseUrl(value: string | undefined): string {
  const raw = value?.trim() || DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // The text is not echoed: a mistaken paste here is often the private key itself.
    throw new BaseUrlError(
      'The ImageKit base URL is not a valid URL: expected something like https://api.imagekit.io.',
    );
  }
  if (url.username || url.password) {
    throw new BaseUrlError('The ImageKit base URL must not contain credentials.');
  }
  if (url.protocol !== 'https:' && !isLoopbackHttp(url)) {
    throw new BaseUrlError(
      `Refusing the ImageKit base URL "${url.origin}": it must use https (plain http only on loopback: 127.x.x.x, ::1 or localhost), so the private key never travels in clear text.`,
    );
  }
  return (url.origin + url.pathname).replace(/\/+$/, '');
}
