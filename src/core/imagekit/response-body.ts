// Reading an HTTP response's body under a deadline and a size cap: a stalled or dripping body
// ends with the deadline, a body past the cap is refused, and the reader is cancelled either
// way, so no socket is left reading. Plain Node; no ImageKit knowledge.

/**
 * The response body as text, read under `signal` (a stalled or dripping body ends with it,
 * whatever the fetch implementation does with an aborted body) and capped at `maxBytes`:
 * undefined when larger. The reader is cancelled either way, so no socket is left reading.
 */
export async function readBody(
  response: Response,
  signal: AbortSignal,
  maxBytes: number,
): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (response.body === null) return '';
  const reader = response.body.getReader();
  if (declared > maxBytes) {
    reader.cancel().catch(() => undefined);
    return undefined;
  }
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let size = 0;
  let complete = false;
  try {
    for (;;) {
      const read = reader.read();
      read.catch(() => undefined);
      const { done, value } = await Promise.race([read, aborted]);
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) return undefined;
      chunks.push(value);
    }
    complete = true;
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
    if (!complete) reader.cancel().catch(() => undefined);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
