// The freshness checks' requests to the CDN (core/freshness/freshness-check.ts), over Chromium's network
// stack so system proxies apply, in a session of their own: in memory, with no HTTP cache (a
// cached answer would hide what the edge serves now), sending no cookie or credential. A
// redirect comes back as it is, for the check to judge: `net.fetch` cannot return one (its
// 'manual' mode cancels the request), so this uses `net.request` and answers a redirect with
// its status and where it leads.
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
        settled();
        try {
          const headers = new Headers();
          for (const [name, value] of Object.entries(message.headers)) {
            headers.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
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
