// The fake ImageKit as a script with curl or fetch reaches it: Basic auth with the key as the
// username, one call per request, the answer read whole.

/** An Authorization header value for these `user:password` credentials. */
export const basic = (credentials: string): string =>
  `Basic ${Buffer.from(credentials).toString('base64')}`;

export interface Answer {
  status: number;
  /** The body parsed as JSON (undefined when it is not JSON). */
  body: unknown;
  headers: Headers;
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    body = undefined;
  }
  return { status: response.status, body, headers: response.headers };
}

/** GET /v1/files/purge/{requestId} with `key` as the username and an empty password. */
export async function statusAs(baseUrl: string, key: string, requestId: string): Promise<Answer> {
  const response = await fetch(`${baseUrl}/v1/files/purge/${encodeURIComponent(requestId)}`, {
    headers: { Authorization: basic(`${key}:`) },
  });
  return answerOf(response);
}

/** POST /v1/files/purge {"url"} with `key` as the username and an empty password. */
export async function purgeAs(baseUrl: string, key: string, url: string): Promise<Answer> {
  const response = await fetch(`${baseUrl}/v1/files/purge`, {
    method: 'POST',
    headers: { Authorization: basic(`${key}:`), 'Content-Type': 'application/json' },
    body: JSON.stringify({ url }),
  });
  return answerOf(response);
}
