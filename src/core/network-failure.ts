// What a failed fetch says happened on the network. Node's fetch (undici) and Electron's
// net.fetch reject with an error whose cause holds a code. Most codes mean no answer came (a
// refused connection, a reset, a name never resolved); a few mean the other end did answer, but
// not with HTTP that can be read (a parser error, more header bytes than are read): it was
// reached, and what is there is not what was asked for. Each surface (the API client, the CDN
// check) words these for what it asked. Pure.

type NetworkFailure =
  /** An answer, but not valid HTTP: the parser's code (HPE_…). */
  | { kind: 'not-http'; code: string }
  /** An answer whose headers are past what is read. */
  | { kind: 'headers-too-large' }
  /** No answer: the system's or the library's code (ECONNREFUSED…), else its words (untrusted). */
  | { kind: 'no-answer'; reason: string };

export function networkFailure(cause: unknown): NetworkFailure {
  const inner = (cause as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof inner?.code === 'string' ? inner.code : undefined;
  if (code === 'UND_ERR_HEADERS_OVERFLOW') return { kind: 'headers-too-large' };
  if (code?.startsWith('HPE_')) return { kind: 'not-http', code };
  const said = typeof inner?.message === 'string' ? inner.message : undefined;
  const reason = code ?? said ?? (cause instanceof Error ? cause.message : 'network error');
  return { kind: 'no-answer', reason };
}
