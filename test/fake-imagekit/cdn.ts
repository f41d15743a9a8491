// The fake ImageKit's CDN: one edge ("FRA56-P1") on a port of its own, serving any path with the
// headers CloudFront sends (Age, X-Cache, x-amz-cf-pop, ETag, Last-Modified, Content-Length).
// Every path starts cached two hours ago; a purge's completion (by the fake ImageKit's clock)
// drops what the edge cached before it, for its URL, or every URL under a wildcard's prefix.
// Modes, per path, for what a real edge or a hostile one may do. Every request is recorded with
// all its headers, so a test can say none carried a credential.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CompletedUrl } from './purge-book';

export const EDGE = 'FRA56-P1';
/** How long ago every path was cached when the CDN started. */
export const INITIAL_AGE_MS = 2 * 60 * 60_000;

/** Hostile header values, each in an answer otherwise well-formed (a hit from cloudfront). */
export type HostileHeaders =
  /** `Age: -5`. */
  | 'age-negative'
  /** `Age: NaN`. */
  | 'age-nan'
  /** `Age: 1e20`. */
  | 'age-exponent'
  /** `Age: 99999999999999999999`: whole seconds, past what any clock holds. */
  | 'age-huge'
  /** `Age: 273600` (3 days 4 hours): an edge that kept its copy for days. */
  | 'age-days'
  /** Two Age headers, `Age: 5` then `Age: 7200`: which one is the copy's age? */
  | 'age-twice'
  /** C1 controls, a tab and a bidi override in X-Cache, x-amz-cf-pop and ETag (the HTTP parser lets them through). */
  | 'controls'
  /** An ANSI escape sequence in X-Cache (the HTTP parser refuses the answer). */
  | 'escape'
  /** A 100 KB X-Cache header. */
  | 'huge-header';

export type CdnMode =
  /** A CloudFront edge. */
  | { kind: 'edge' }
  /** After a purge completes, the edge still serves its old copy for `forMs`. */
  | { kind: 'stale-edge'; forMs: number }
  /** 200 without Age, X-Cache or x-amz-cf-pop (a proxy, or not a CDN at all). */
  | { kind: 'no-cache-headers' }
  /** 404 Not Found. */
  | { kind: 'not-found' }
  /** `status` (a 304, 206, 429, 503…) from the edge, with its cache headers and no body. */
  | { kind: 'status'; status: number }
  /** Accepts the request and never answers it (close() drops the connection). */
  | { kind: 'silent' }
  /** The headers at once, then the body one byte every 200 ms (a minute long). */
  | { kind: 'slow-body' }
  /** The headers at once, then a body that never ends. */
  | { kind: 'endless-body' }
  /** 302 to `to` (resolved against the path): a chain, a loop, or somewhere not https. */
  | { kind: 'redirect'; to: string }
  | { kind: 'hostile'; headers: HostileHeaders };

/** One request the CDN received, with every header as sent. */
export interface CdnRequest {
  method: string;
  /** Path and query. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  at: number;
}

export interface FakeCdn {
  /** e.g. 'http://127.0.0.1:41235'. */
  readonly baseUrl: string;
  readonly requests: readonly CdnRequest[];
  /** Answers still being sent (slow, endless or silent): a client done with one closes it. */
  readonly openBodies: number;
  /** How `path` (a path, or a path prefix ending in '*') is served from now on. */
  setMode(path: string, mode: CdnMode): void;
  /** A new version of `path` at the origin: what the edge fetches at its next miss. */
  publish(path: string): void;
  resetRecords(): void;
  close(): Promise<void>;
}

interface Cached {
  cachedAt: number;
  version: number;
}

/**
 * Starts the CDN. `completed` lists the purged URLs that have completed by a time, and `now` is
 * the fake ImageKit's clock.
 */
export async function startFakeCdn(
  host: string,
  now: () => number,
  completed: (at: number) => CompletedUrl[],
): Promise<FakeCdn> {
  const startedAt = now();
  const modes = new Map<string, CdnMode>();
  const versions = new Map<string, { version: number; at: number }>();
  const cache = new Map<string, Cached>();
  const open = new Set<ServerResponse>();
  let records: CdnRequest[] = [];

  const modeOf = (path: string): CdnMode => {
    const exact = modes.get(path);
    if (exact) return exact;
    for (const [key, mode] of modes) {
      if (key.endsWith('*') && path.startsWith(key.slice(0, -1))) return mode;
    }
    return { kind: 'edge' };
  };
  const originOf = (path: string) =>
    versions.get(path) ?? { version: 1, at: startedAt - INITIAL_AGE_MS };

  /** When the edge last had to drop `path`: the latest completed purge of it, delayed as the mode says. */
  const droppedAt = (path: string, at: number, staleForMs: number): number => {
    let latest = -Infinity;
    for (const purge of completed(at - staleForMs)) {
      if (covers(purge.url, path)) latest = Math.max(latest, purge.completedAt + staleForMs);
    }
    return latest;
  };

  /** The edge's copy of `path` at `at`: kept (a hit) or fetched anew (a miss). */
  const serve = (path: string, at: number, staleForMs: number): { hit: boolean; copy: Cached } => {
    const kept = cache.get(path) ?? { cachedAt: startedAt - INITIAL_AGE_MS, version: 1 };
    if (kept.cachedAt >= droppedAt(path, at, staleForMs)) return { hit: true, copy: kept };
    const copy = { cachedAt: at, version: originOf(path).version };
    cache.set(path, copy);
    return { hit: false, copy };
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const at = now();
    const path = req.url ?? '/';
    records.push({ method: req.method ?? '', path, headers: { ...req.headers }, at });
    const mode = modeOf(path.split('?')[0]!);
    if (mode.kind === 'redirect') {
      res.writeHead(302, { Location: mode.to, 'Content-Length': '0' }).end();
      return;
    }
    if (mode.kind === 'silent') {
      open.add(res);
      res.on('close', () => open.delete(res));
      return;
    }
    if (mode.kind === 'status') {
      res.writeHead(mode.status, {
        'X-Cache': 'Miss from cloudfront',
        'x-amz-cf-pop': EDGE,
        'Retry-After': '1',
        'Content-Length': '0',
      });
      res.end();
      return;
    }
    if (mode.kind === 'not-found') {
      const body = 'Not Found';
      res.writeHead(404, {
        'Content-Type': 'text/plain',
        'Content-Length': body.length,
        'X-Cache': 'Error from cloudfront',
        'x-amz-cf-pop': EDGE,
      });
      res.end(body);
      return;
    }
    const { hit, copy } = serve(path, at, mode.kind === 'stale-edge' ? mode.forMs : 0);
    const body = Buffer.from(`${path} version ${copy.version}\n`.repeat(16));
    const headers: Record<string, string> = {
      'Content-Type': 'image/jpeg',
      ETag: `"${createHash('sha1').update(`${path}:${copy.version}`).digest('hex').slice(0, 16)}"`,
      'Last-Modified': new Date(originOf(path).at).toUTCString(),
      'Cache-Control': 'public, max-age=31536000, s-maxage=31536000',
    };
    if (mode.kind !== 'no-cache-headers') {
      Object.assign(headers, {
        'X-Cache': hit ? 'Hit from cloudfront' : 'Miss from cloudfront',
        'x-amz-cf-pop': EDGE,
        'x-amz-cf-id': createHash('sha1').update(`${at}${path}`).digest('base64'),
        ...(hit ? { Age: String(Math.floor((at - copy.cachedAt) / 1000)) } : {}),
      });
    }
    if (mode.kind === 'hostile') return answerRaw(req, hostileHead(mode.headers, headers));
    if (mode.kind === 'slow-body' || mode.kind === 'endless-body') {
      res.writeHead(200, headers);
      drip(res, mode.kind === 'slow-body');
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  /** A body that comes one byte every 200 ms (for a minute), or 16 KB at a time forever. */
  const drip = (res: ServerResponse, slow: boolean): void => {
    open.add(res);
    let sent = 0;
    const next = (): void => {
      if (res.destroyed || (slow && sent >= 300)) {
        open.delete(res);
        res.end();
        return;
      }
      sent++;
      const ok = res.write(slow ? 'x' : Buffer.alloc(16 * 1024, 120));
      if (slow) setTimeout(next, 200).unref();
      else if (ok) setImmediate(next);
      else res.once('drain', next);
    };
    res.on('close', () => open.delete(res));
    next();
  };

  const server = createServer(handle);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    baseUrl: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    get requests() {
      return [...records];
    },
    get openBodies() {
      return open.size;
    },
    setMode(path, mode) {
      modes.set(path, mode);
    },
    publish(path) {
      versions.set(path, { version: originOf(path).version + 1, at: now() });
    },
    resetRecords() {
      records = [];
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Does a purge of `url` (a URL, or a prefix ending in '*') cover `path` on this CDN? */
function covers(url: string, path: string): boolean {
  let purged: string;
  try {
    const parsed = new URL(url.endsWith('*') ? url.slice(0, -1) : url);
    purged = parsed.pathname + parsed.search;
  } catch {
    return false;
  }
  return url.endsWith('*') ? path.startsWith(purged) : path === purged;
}

/** The answer's head with one header made hostile, as raw bytes (Node would refuse to send some). */
function hostileHead(kind: HostileHeaders, headers: Record<string, string>): Buffer {
  const lines: Array<[string, Buffer]> = Object.entries(headers).map(([name, value]) => [
    name,
    Buffer.from(value, 'latin1'),
  ]);
  const set = (name: string, value: Buffer): void => {
    const at = lines.findIndex(([existing]) => existing.toLowerCase() === name.toLowerCase());
    if (at >= 0) lines.splice(at, 1);
    lines.push([name, value]);
  };
  set('X-Cache', Buffer.from('Hit from cloudfront'));
  switch (kind) {
    case 'age-negative':
      set('Age', Buffer.from('-5'));
      break;
    case 'age-nan':
      set('Age', Buffer.from('NaN'));
      break;
    case 'age-exponent':
      set('Age', Buffer.from('1e20'));
      break;
    case 'age-huge':
      set('Age', Buffer.from('99999999999999999999'));
      break;
    case 'age-days':
      set('Age', Buffer.from('273600'));
      break;
    case 'age-twice':
      set('Age', Buffer.from('5'));
      lines.push(['Age', Buffer.from('7200')]);
      break;
    case 'controls':
      set('Age', Buffer.from('7200'));
      set(
        'X-Cache',
        Buffer.concat([
          Buffer.from('Hit\t from '),
          Buffer.from([0x9b, 0x85]),
          Buffer.from('cloudfront'),
        ]),
      );
      set('x-amz-cf-pop', Buffer.from('FRA\u202e56-P1', 'utf8'));
      set('ETag', Buffer.concat([Buffer.from('"abc'), Buffer.from([0x9b]), Buffer.from('2J"')]));
      break;
    case 'escape':
      set('Age', Buffer.from('7200'));
      set('X-Cache', Buffer.from('Hit from \u001b[2J\u001b]0;pwned\u0007cloudfront', 'latin1'));
      break;
    case 'huge-header':
      set('X-Cache', Buffer.from(`Hit from cloudfront ${'x'.repeat(100 * 1024)}`));
      break;
  }
  const body = Buffer.from('hostile\n');
  set('Content-Length', Buffer.from(String(body.length)));
  return Buffer.concat([
    Buffer.from('HTTP/1.1 200 OK\r\n'),
    ...lines.flatMap(([name, value]) => [Buffer.from(`${name}: `), value, Buffer.from('\r\n')]),
    Buffer.from('Connection: close\r\n\r\n'),
    body,
  ]);
}

/** Writes `bytes` as the whole answer, past Node's own header checks, and closes the connection. */
function answerRaw(req: IncomingMessage, bytes: Buffer): void {
  req.socket.end(bytes);
}
