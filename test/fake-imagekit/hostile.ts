// A hostile ImageKit: plain node:http on loopback, one mode per misbehaviour a real server, a
// proxy or an attacker on the path could show. Independent of the well-behaved fake (server.ts)
// on purpose: nothing here must ever look like ImageKit's contract.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type HostileMode =
  /** Accepts the connection, reads the request, never answers. */
  | 'silent'
  /** A well-formed `{"status":"Pending"}`, for any ID however old. */
  | 'pending'
  /** Sends 200 headers and `{"status":`, then nothing more. */
  | 'headers-then-stall'
  /** Sends 200 headers, then one space every `dripMs`, forever. */
  | 'drip'
  /** A 200 JSON body of `hugeBytes` bytes (a valid status padded with a long string). */
  | 'huge-body'
  /** `{"status":"Completed"}` preceded by `hugeBytes` spaces: valid JSON, not an ImageKit answer. */
  | 'space-padded'
  /** A status holding escape sequences and a forged line. */
  | 'control-status'
  /** A 500 whose JSON message holds escape sequences and a forged line. */
  | 'control-message'
  /** A status, and a 500 message, echoing the private key (as sent and in its Basic form). */
  | 'key-echo'
  /** Accepts a purge and returns `returnedId` (a bad one by default). */
  | 'bad-id'
  /** Accepts a purge and returns a valid ID in upper case; its status is Completed. */
  | 'upper-case-id'
  /** A proxy's HTML 404 page. */
  | 'proxy-404'
  /** A proxy's HTML 400 page. */
  | 'proxy-400'
  /** `{"status":"Pending"}` advertising `rateLimit` (X-RateLimit-Limit and -Interval, as sent). */
  | 'advertised-limit'
  /** A 429 for every request, its X-RateLimit-Reset `resetMs` away (as sent). */
  | 'rate-limited';

export const FORGED_STATUS =
  'Completed\u001b[2J\u001b]0;pwned\u0007\nfake-line: all purges completed';
export const FORGED_MESSAGE =
  'Oops\u001b[31m\r\n598821f949c0a938d57563bd  Completed after 1s\u009b2J';
export const UPPER_CASE_ID = '598821F949C0A938D57563BD';

export interface HostileOptions {
  dripMs?: number;
  hugeBytes?: number;
  returnedId?: string;
  /** The header values 'advertised-limit' sends (default: 1 request per 10^10 ms). */
  rateLimit?: { limit: string; intervalMs: string };
  /** The X-RateLimit-Reset 'rate-limited' sends (default: an hour). */
  resetMs?: string;
}

export interface HostileImageKit {
  baseUrl: string;
  setMode(mode: HostileMode, options?: HostileOptions): void;
  /** Requests neither answered in full nor hung up on by the client. */
  readonly requestsInFlight: number;
  /** Resolves once no request is in flight. */
  allClosed(): Promise<void>;
  /** Bytes written in answer bodies since the last setMode. */
  readonly bytesSent: number;
  close(): Promise<void>;
}

/** The private key a request carried in its Basic auth, as the server saw it. */
function keyOf(req: IncomingMessage): string {
  const header = req.headers.authorization ?? '';
  const encoded = header.replace(/^Basic /, '');
  return Buffer.from(encoded, 'base64').toString().replace(/:$/, '');
}

export async function startHostileImageKit(): Promise<HostileImageKit> {
  let mode: HostileMode = 'silent';
  let options: HostileOptions = {};
  let bytesSent = 0;
  const requests = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  let closedWaiters: Array<() => void> = [];

  const json = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const text = JSON.stringify(body);
    bytesSent += Buffer.byteLength(text);
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(text);
  };
  const html = (res: ServerResponse, status: number) => {
    const text = `<html><head><title>${status}</title></head><body><h1>${status}</h1><p>nginx</p></body></html>`;
    bytesSent += text.length;
    res.writeHead(status, { 'content-type': 'text/html' }).end(text);
  };
  /** Writes `total` bytes of `fill` in chunks, respecting back-pressure, then `tail`. */
  const stream = (res: ServerResponse, head: string, fill: string, total: number, tail: string) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(head);
    const chunk = fill.repeat(64 * 1024);
    let left = total;
    const pump = () => {
      while (left > 0 && !res.destroyed) {
        const piece = left >= chunk.length ? chunk : chunk.slice(0, left);
        left -= piece.length;
        bytesSent += piece.length;
        if (!res.write(piece)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end(tail);
    };
    pump();
  };

  const server = createServer((req, res) => {
    res.setHeader('connection', 'close');
    // In flight until answered or the client hangs up (a reset, or its end of the stream:
    // node may take a while to emit 'close' after either).
    requests.add(res);
    const hungUp = () => {
      if (!requests.delete(res)) return;
      if (requests.size === 0) {
        const waiters = closedWaiters;
        closedWaiters = [];
        for (const resolve of waiters) resolve();
      }
    };
    res.on('close', hungUp);
    req.socket.on('error', hungUp);
    req.socket.on('end', hungUp);
    req.resume();
    req.on('end', () => {
      const submitting = req.method === 'POST';
      switch (mode) {
        case 'silent':
          return;
        case 'pending':
          return json(res, 200, { status: 'Pending' });
        case 'headers-then-stall':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"status":');
          return;
        case 'drip': {
          res.writeHead(200, { 'content-type': 'application/json' });
          const timer = setInterval(() => {
            if (res.destroyed) return;
            bytesSent += 1;
            res.write(' ');
          }, options.dripMs ?? 1_000);
          timers.add(timer);
          res.on('close', () => {
            clearInterval(timer);
            timers.delete(timer);
          });
          return;
        }
        case 'huge-body':
          return stream(res, '{"status":"Pending","pad":"', 'x', options.hugeBytes ?? 100e6, '"}');
        case 'space-padded':
          return stream(res, '', ' ', options.hugeBytes ?? 1e6, '{"status":"Completed"}');
        case 'control-status':
          return json(res, 200, { status: FORGED_STATUS });
        case 'control-message':
          return json(res, 500, { message: FORGED_MESSAGE });
        case 'key-echo': {
          const key = keyOf(req);
          const echo = `${key} ${req.headers.authorization ?? ''}`;
          if (submitting) return json(res, 500, { message: `Bad key ${echo}` });
          return json(res, 200, { status: `Pending ${echo}` });
        }
        case 'bad-id':
          if (submitting)
            return json(res, 201, { requestId: options.returnedId ?? '../../v1/files/x' });
          return json(res, 200, { status: 'Completed' });
        case 'upper-case-id':
          if (submitting) return json(res, 201, { requestId: UPPER_CASE_ID });
          return json(res, 200, { status: 'Completed' });
        case 'proxy-404':
          return html(res, 404);
        case 'proxy-400':
          return html(res, 400);
        case 'advertised-limit': {
          const { limit, intervalMs } = options.rateLimit ?? { limit: '1', intervalMs: '1e10' };
          return json(
            res,
            200,
            { status: 'Pending' },
            { 'x-ratelimit-limit': limit, 'x-ratelimit-interval': intervalMs },
          );
        }
        case 'rate-limited':
          return json(
            res,
            429,
            { message: 'Too many requests' },
            { 'x-ratelimit-reset': options.resetMs ?? '3600000' },
          );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');

  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    setMode(next, nextOptions = {}) {
      mode = next;
      options = nextOptions;
      bytesSent = 0;
    },
    get requestsInFlight() {
      return requests.size;
    },
    allClosed() {
      if (requests.size === 0) return Promise.resolve();
      return new Promise((resolve) => closedWaiters.push(resolve));
    },
    get bytesSent() {
      return bytesSent;
    },
    close() {
      for (const timer of timers) clearInterval(timer);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
