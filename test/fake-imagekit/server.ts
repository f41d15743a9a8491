// A fake ImageKit purge API on a real HTTP server, for tests, benchmarks and manual runs.
// Purges complete on a script, faults are injected on demand, every request is recorded.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccountBook, SINGLE_ACCOUNT } from './accounts';
import { startFakeCdn } from './cdn';
import type { CdnMode, CdnRequest, FakeCdn, HostileHeaders } from './cdn';
import type { AccountKeys } from './accounts';
import { Chaos } from './chaos';
import type { ChaosOptions, ChaosRates } from './chaos';
import { FaultQueue } from './fault-queue';
import type { Endpoint, Fault, FaultKind, FaultOptions } from './fault-queue';
import { objectIdAt } from './object-id';
import type { PurgeScript, StatusSpelling } from './purge-book';
import { DEFAULT_RATE_LIMITS } from './rate-limits';
import type { RateLimitRule, RateLimits } from './rate-limits';
import { CAPTIVE_PORTAL_PAGE, MESSAGES, replyError, replyJson, replyText } from './replies';

export type {
  AccountKeys,
  CdnMode,
  CdnRequest,
  FakeCdn,
  HostileHeaders,
  ChaosOptions,
  ChaosRates,
  Endpoint,
  FaultKind,
  FaultOptions,
  PurgeScript,
  RateLimitRule,
  RateLimits,
  StatusSpelling,
};
export { DEFAULT_RATE_LIMITS, SINGLE_ACCOUNT, objectIdAt };

export const DEFAULT_COMPLETE_AFTER_MS = 20_000;
const MAX_BODY_BYTES = 64 * 1024;

export interface FakeImageKitOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** The key the server accepts as the Basic username, whatever the password (as ImageKit does),
   * for its one account, named SINGLE_ACCOUNT ('default'). Default: a fresh
   * `private_fake_<24 hex>`. Not with `accounts`. */
  privateKey?: string;
  /** Several accounts instead of one: names to keys (`{ production: 'private_a', staging:
   * 'private_b' }`), or a list of names given fresh keys. The key a request carries picks the
   * account: each has its own purges (an ID submitted or added under one is unknown to the
   * others) and its own rate-limit windows (`rateLimits` applies to each account on its own). */
  accounts?: AccountKeys;
  /** When submitted purges (and `addPurge` without a script) complete. Default 20 000 ms. */
  completeAfterMs?: number;
  /** How a completed status is spelled. Default 'Completed'. */
  statusSpelling?: StatusSpelling;
  /** The fake's clock (epoch ms): completion times and the time in new request IDs. Default Date.now. */
  now?: () => number;
  /** Chaos mode: faults at random (seeded) on requests no injected fault claims, any account. */
  chaos?: ChaosOptions;
  /** Keep a record of every request (default true; benchmarks sending millions turn it off). */
  recordRequests?: boolean;
  /** Rate limits per endpoint, one rule or several at once (e.g. 100 per 1 s and 1,000 per
   * 15 min). Every answer advertises them; past one, 429 with X-RateLimit-Reset. Default:
   * `DEFAULT_RATE_LIMITS` (1,000 per second on each endpoint). Counted per account. */
  rateLimits?: RateLimits;
}

/** Where `addPurge` puts a purge and when it completes. */
export interface PurgeSeed extends Partial<PurgeScript> {
  /** The account that knows the ID. Default: the first account. */
  account?: string;
  /** The URL it purges: its completion clears it from the fake CDN. Default: none. */
  url?: string;
}

/** One request the fake received. The Authorization header is never stored. */
export interface RecordedRequest {
  method: string;
  /** The path as received, still URL-encoded (e.g. '/v1/files/purge/a%2Fb%20c'), without the query. */
  path: string;
  endpoint: Endpoint | 'unknown';
  /** Status requests: the purge request ID, decoded from the path. */
  requestId?: string;
  /** 'valid': `Basic base64(key + ":" + any password)` with an account's key; 'missing': no
   * Authorization header or an empty username; 'wrong': anything else, a refused key included. */
  auth: 'valid' | 'missing' | 'wrong';
  authValid: boolean;
  /** The account whose key the request carried (also when `refuseKey` refused it). */
  account?: string;
  headers: { 'user-agent'?: string; accept?: string; 'content-type'?: string };
  /** The request body parsed as JSON (undefined when empty or not JSON). */
  body?: unknown;
  /** The injected fault this request consumed, if any. */
  fault?: FaultKind;
  /** The HTTP status answered; undefined for `reset`, `hang`, or while the answer is pending. */
  responseStatus?: number;
  /** When it was received, from the fake's clock (epoch ms). */
  at: number;
  /** A 429 answer (injected, chaos, or past a rate limit): until when (the fake's clock)
   * X-RateLimit-Reset asked the client to wait. */
  rateLimitResetUntil?: number;
  /** Chaos mode: the request arrived inside a reset window already announced by a 429. */
  insideResetWindow?: boolean;
}

export interface FakeImageKit {
  /** e.g. 'http://127.0.0.1:41234' (no trailing slash). */
  readonly baseUrl: string;
  readonly port: number;
  /** A key the fake accepts: the first account's. */
  readonly privateKey: string;
  /** Its CDN, on a port of its own: what a purge's completion clears (cdn.ts). */
  readonly cdn: FakeCdn;
  /** Account names to keys, in the order given ({ default: privateKey } for a single key). */
  readonly accounts: Readonly<Record<string, string>>;
  /** The key of that account; throws for an unknown name. */
  keyOf(account: string): string;
  /** A snapshot of the requests received so far, oldest first. */
  readonly requests: readonly RecordedRequest[];
  /** Seeds a purge known only to `seed.account` (default: the first account); returns
   * `requestId`. Default script: the server's `completeAfterMs`. */
  addPurge(requestId: string, seed?: PurgeSeed): string;
  /** Makes a known purge complete from now on, under `account` or every account that knows it.
   * Throws when none does. */
  completePurge(requestId: string, account?: string): void;
  /** Queues a fault for the next matching request(s); `options.account` limits it to requests
   * carrying that account's key. */
  inject(kind: FaultKind, options?: FaultOptions): void;
  /** From now on, refuses that account's key with 403 and `message` (default "Your account
   * cannot be authenticated."), as ImageKit does a revoked key; the other accounts still work. */
  refuseKey(account: string, message?: string): void;
  /** Accepts that account's key again. */
  acceptKey(account: string): void;
  /** Drops every queued fault. */
  clearFaults(): void;
  /** How many faults are still queued. */
  readonly queuedFaults: number;
  /** Forgets the recorded requests, the CDN's too (purges and faults stay). */
  resetRecords(): void;
  /** Stops listening and drops every connection, hung ones included. Idempotent. */
  close(): Promise<void>;
}

export async function startFakeImageKit(options: FakeImageKitOptions = {}): Promise<FakeImageKit> {
  const host = options.host ?? '127.0.0.1';
  const accounts = new AccountBook(options, options.rateLimits);
  const defaultCompleteAfterMs = options.completeAfterMs ?? DEFAULT_COMPLETE_AFTER_MS;
  const spelling = options.statusSpelling ?? 'Completed';
  const now = options.now ?? Date.now;
  const faults = new FaultQueue();
  const chaos = options.chaos ? new Chaos(options.chaos) : undefined;
  const recordRequests = options.recordRequests ?? true;
  let records: RecordedRequest[] = [];

  function chaosFault(at: number): (Fault & { insideResetWindow?: boolean }) | undefined {
    const decided = chaos?.decide(at);
    if (!decided) return undefined;
    const { kind, status, resetMs, insideResetWindow } = decided;
    return {
      kind,
      ...(status === undefined ? {} : { status }),
      ...(resetMs === undefined ? {} : { resetMs }),
      ...(insideResetWindow ? { insideResetWindow } : {}),
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = now();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = routeOf(req.method ?? '', path);
    const { auth, account } = accounts.authenticate(req.headers.authorization);
    // Every account has the same rules: an answer to no account advertises them too.
    const limiter = (account ?? accounts.first).limiter;
    const bodyText = await readBody(req);
    const record: RecordedRequest = {
      method: req.method ?? '',
      path,
      endpoint: route.endpoint,
      ...(route.requestId === undefined ? {} : { requestId: route.requestId }),
      auth,
      authValid: auth === 'valid',
      ...(account ? { account: account.name } : {}),
      headers: interestingHeaders(req),
      body: parseJson(bodyText),
      at,
    };
    if (recordRequests) records.push(record);
    res.on('finish', () => {
      record.responseStatus = res.statusCode;
    });

    if (route.endpoint === 'unknown') {
      replyError(res, 404, MESSAGES.noRoute);
      return;
    }
    // ImageKit's rate-limit headers come with every answer of its API.
    for (const [name, value] of Object.entries(limiter.advertised(route.endpoint))) {
      res.setHeader(name, value);
    }
    const fault: (Fault & { insideResetWindow?: boolean }) | undefined =
      faults.take(route.endpoint, route.requestId, account?.name) ?? chaosFault(at);
    if (fault) {
      record.fault = fault.kind;
      if (fault.kind === 'rate_limited' && fault.resetMs !== null) {
        record.rateLimitResetUntil = at + (fault.resetMs ?? 1_000);
      }
      if (fault.insideResetWindow) record.insideResetWindow = true;
      if (fault.kind !== 'old_spelling' && fault.kind !== 'unusual_status') {
        answerWithFault(req, res, fault, route.endpoint, limiter.advertisedRule(route.endpoint));
        return;
      }
    }
    if (auth === 'missing') return replyError(res, 401, MESSAGES.missingKey);
    if (auth === 'wrong' || !account) {
      return replyError(res, 403, account?.refusal ?? MESSAGES.wrongKey);
    }
    const admission = limiter.admit(route.endpoint, at);
    if (!admission.admitted) {
      record.rateLimitResetUntil = at + admission.resetMs;
      return replyError(res, 429, MESSAGES.rateLimited, admission.headers);
    }

    if (route.endpoint === 'status') {
      const completed = account.purges.isCompleted(route.requestId ?? '', now());
      if (completed === undefined) return replyError(res, 400, MESSAGES.notFound);
      if (fault?.kind === 'unusual_status') {
        return replyJson(res, 200, { status: fault.statusValue ?? 'Queued' });
      }
      const oldSpelling = fault?.kind === 'old_spelling';
      const status = completed
        ? oldSpelling
          ? 'Complete'
          : spelling
        : oldSpelling
          ? 'pending'
          : 'Pending';
      return replyJson(res, 200, { status });
    }

    const body = record.body;
    if (body === undefined || typeof body !== 'object' || body === null) {
      return replyError(res, 400, MESSAGES.invalidJson);
    }
    const url = (body as { url?: unknown }).url;
    if (typeof url !== 'string' || url === '') return replyError(res, 400, MESSAGES.missingUrl);
    if (!isPurgeableUrl(url)) return replyError(res, 400, MESSAGES.invalidUrl);
    const requestId = objectIdAt(now());
    account.purges.add(requestId, { completeAfterMs: defaultCompleteAfterMs }, now(), url);
    replyJson(res, 201, { requestId });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) replyError(res, 500, MESSAGES.serverError);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const cdn = await startFakeCdn(host, now, (at) =>
    accounts.all().flatMap(({ purges }) => purges.completedUrls(at)),
  );

  let closing: Promise<void> | undefined;
  return {
    baseUrl,
    port,
    privateKey: accounts.first.key,
    cdn,
    accounts: Object.freeze(accounts.keys()),
    keyOf(account) {
      return accounts.get(account).key;
    },
    get requests() {
      return [...records];
    },
    addPurge(requestId, seed = {}) {
      const account = seed.account === undefined ? accounts.first : accounts.get(seed.account);
      account.purges.add(
        requestId,
        { completeAfterMs: seed.completeAfterMs ?? defaultCompleteAfterMs },
        now(),
        seed.url,
      );
      return requestId;
    },
    completePurge(requestId, account) {
      const candidates = account === undefined ? accounts.all() : [accounts.get(account)];
      const completed = candidates.filter(({ purges }) => purges.complete(requestId, now()));
      if (completed.length === 0) {
        throw new Error(
          `The fake ImageKit knows no purge "${requestId}"${account === undefined ? '' : ` under account "${account}"`}.`,
        );
      }
    },
    inject(kind, faultOptions = {}) {
      if (faultOptions.account !== undefined) accounts.get(faultOptions.account);
      faults.add(
        kind,
        kind === 'old_spelling' || kind === 'unusual_status'
          ? { ...faultOptions, endpoint: 'status' }
          : faultOptions,
      );
    },
    refuseKey(account, message = MESSAGES.wrongKey) {
      accounts.get(account).refusal = message;
    },
    acceptKey(account) {
      delete accounts.get(account).refusal;
    },
    clearFaults() {
      faults.clear();
    },
    get queuedFaults() {
      return faults.size;
    },
    resetRecords() {
      records = [];
      cdn.resetRecords();
    },
    close() {
      closing ??= Promise.all([
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
        cdn.close(),
      ]).then(() => undefined);
      return closing;
    },
  };
}

function routeOf(
  method: string,
  path: string,
): { endpoint: Endpoint | 'unknown'; requestId?: string } {
  if (method === 'POST' && path === '/v1/files/purge') return { endpoint: 'submit' };
  const match = /^\/v1\/files\/purge\/([^/]+)$/.exec(path);
  if (method === 'GET' && match?.[1] !== undefined) {
    return { endpoint: 'status', requestId: decodeSegment(match[1]) };
  }
  return { endpoint: 'unknown' };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function answerWithFault(
  req: IncomingMessage,
  res: ServerResponse,
  fault: Fault,
  endpoint: Endpoint,
  advertised: RateLimitRule,
): void {
  switch (fault.kind) {
    case 'not_found':
      return replyError(res, 400, MESSAGES.notFound);
    case 'unauthorized':
      return replyError(res, 401, MESSAGES.missingKey);
    case 'forbidden':
      return replyError(res, 403, fault.message ?? MESSAGES.wrongKey);
    case 'rate_limited':
      if (fault.date === null) res.sendDate = false;
      return replyError(res, 429, fault.message ?? MESSAGES.rateLimited, {
        ...(typeof fault.date === 'string' ? { Date: fault.date } : {}),
        'X-RateLimit-Limit': String(fault.limit ?? advertised.limit),
        'X-RateLimit-Interval': String(fault.intervalMs ?? advertised.intervalMs),
        ...(fault.resetMs === null ? {} : { 'X-RateLimit-Reset': String(fault.resetMs ?? 1_000) }),
        ...(fault.retryAfter === undefined ? {} : { 'Retry-After': fault.retryAfter }),
      });
    case 'server_error':
      return replyError(res, fault.status ?? 500, fault.message ?? MESSAGES.serverError);
    case 'http_error':
      return replyError(res, fault.status ?? 404, fault.message ?? MESSAGES.noRoute);
    case 'reset':
      req.socket.destroy();
      return;
    case 'hang':
      // Never answered; close() drops the connection.
      return;
    case 'html':
      // A captive portal or a proxy answers, not ImageKit: none of its headers.
      res.removeHeader('X-RateLimit-Limit');
      res.removeHeader('X-RateLimit-Interval');
      return replyText(res, 200, 'text/html; charset=utf-8', CAPTIVE_PORTAL_PAGE);
    case 'truncated': {
      const full =
        endpoint === 'status'
          ? JSON.stringify({ status: 'Completed' })
          : JSON.stringify({ requestId: '598821f949c0a938d57563bd' });
      return replyText(res, 200, 'application/json', full.slice(0, Math.floor(full.length / 2)));
    }
    case 'old_spelling':
    case 'unusual_status':
      return;
  }
}

function interestingHeaders(req: IncomingMessage): RecordedRequest['headers'] {
  const headers: RecordedRequest['headers'] = {};
  for (const name of ['user-agent', 'accept', 'content-type'] as const) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) break;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isPurgeableUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}
