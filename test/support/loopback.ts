// Tests that talk HTTP need 127.0.0.1: when it is missing they fail under CI and skip loudly
// otherwise (test/support/ci.ts).
import { createServer } from 'node:net';
import { skipOrFail } from './ci';

/** Undefined when a server can listen on 127.0.0.1, else why not. */
export async function loopbackProblem(): Promise<string | undefined> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', (error) => resolve(error.message));
    server.listen(0, '127.0.0.1', () => server.close(() => resolve(undefined)));
  });
}

/** True when `what` skips (outside CI) for want of 127.0.0.1; throws under CI. */
export async function skipWithoutLoopback(what: string): Promise<boolean> {
  const problem = await loopbackProblem();
  return skipOrFail(what, problem && `cannot listen on 127.0.0.1 (${problem})`);
}

/**
 * Node's fetch for 127.0.0.1 (and localhost) only: a request anywhere else fails as it would
 * offline (ENOTFOUND), so no test reaches the internet, e.g. by checking at the CDN a purged
 * `https://ik.imagekit.io/…` URL.
 */
export function loopbackFetch(input: string, init?: RequestInit): Promise<Response> {
  const { hostname } = new URL(input);
  if (hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]') {
    return fetch(input, init);
  }
  const cause = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
    code: 'ENOTFOUND',
  });
  return Promise.reject(new TypeError('fetch failed', { cause }));
}
