// The freshness checks' requests to the CDN (core/freshness/freshness-check.ts), over Chromium's network
// stack so system proxies apply, in a session of their own: in memory, with no HTTP cache (a
// cached answer would hide what the edge serves now), sending no cookie or credential. A
// redirect comes back as it is, for the check to judge: `net.fetch` cannot return one (its
// 'manual' mode cancels the request), so this uses `net.request` and answers a redirect with
// its status and where it leads. Its headers are read from the raw ones as fetch reads them, so
// the app judges an answer as the CLI does, and the request ends when the check is done with it.
import { Readable } from 'node:stream';
import { net, session } from 'electron';
import type { DeliveryFetch } from '../core/freshness/freshness-check';

/** The in-memory session CDN checks run in: nothing of the app's own session is shared. */
export const CDN_CHECK_PARTITION = 'purge-watch-cdn-check';
/** Statuses whose answer has no body. */
const NO_BODY = [204, 205, 304];

/** A DeliveryFetch over Electron's network stack. Call once the app is ready. */
export function electronCdnFetch(): DeliveryFetch {
  const checks = session.fromPartition(CDN_CHECK_PARTITION, { cache: false });
  return (url, request) =>
    new Promise<Response>((resolve, reject) => {
      const { signal } = request;
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const call = net.request({
        url,
        method: request.method,
        session: checks,
        credentials: 'omit',
        redirect: 'manual',
      });
      for (const [name, value] of Object.entries(request.headers)) call.setHeader(name, value);
      const onAbort = () => {
        call.abort();
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const settled = () => signal.removeEventListener('abort', onAbort);
      // Not followed: without followRedirect() in this event, Electron cancels the request.
      call.on('redirect', (statusCode, _method, redirectUrl) => {
        settled();
        resolve(new Response(null, { status: statusCode, headers: { location: redirectUrl } }));
      });
      call.on('response', (message) => {
        // The abort still ends the request while its body comes: dropping the body does not
        // (Electron's IncomingMessage keeps the request, and its connection, waiting).
        message.once('end', settled);
        try {
          const headers = answerHeaders(message.rawHeaders);
          const empty = request.method === 'HEAD' || NO_BODY.includes(message.statusCode);
          const body = empty
            ? null
            : (Readable.toWeb(message as unknown as Readable) as ReadableStream<Uint8Array>);
          resolve(new Response(body, { status: message.statusCode, headers }));
        } catch (error) {
          call.abort();
          reject(error);
        }
      });
      call.on('error', (error) => {
        settled();
        reject(error);
      });
      call.end();
    });
}

/**
 * The answer's headers as fetch reads them, so the app judges an answer as the CLI does: every
 * value kept (two `Age` headers are joined, and no age, where Electron's `headers` keeps the
 * first), and as the bytes that came (Electron decodes them as UTF-8, and a Headers refuses
 * anything past U+00FF: one such character would otherwise fail the whole check).
 */
function answerHeaders(raw: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(bytes(raw[i]!), bytes(raw[i + 1]!));
    } catch {
      // A name or value fetch would refuse (Chromium lets few through): not read.
    }
  }
  return headers;
}

/** A header as the bytes that came; U+FFFD stood for bytes that were not UTF-8: a space. */
function bytes(text: string): string {
  return Buffer.from(text.replace(/\ufffd/g, ' '), 'utf8').toString('latin1');
}
