// The ImageKit purge API client: two endpoints, typed outcomes, no throwing for API faults.
import type { ApiError } from '../shared/purge';
import { isCompletedStatus } from '../shared/purge';
import { resolveBaseUrl } from './base-url';
import { checkPrivateKey } from './private-key';
import { isRequestId } from './request-id';
import { RATE_LIMIT_FALLBACK_WAIT_MS } from './retry-policy';
import { keyForms, safeServerText } from './server-text';

/** The key rules live in ./private-key; re-exported for callers of the client. */
export { checkPrivateKey };

export type FetchPort = (input: string, init: RequestInit) => Promise<Response>;

export type PrivateKeySource = () => string | undefined | Promise<string | undefined>;

export interface ImageKitClientOptions {
  /** Injected so the app can pass Electron's `net.fetch` (system proxies apply). */
  fetch: FetchPort;
  /** Where the private key comes from; asked before every request so a changed key applies at once. */
  privateKey: PrivateKeySource;
  /** Defaults to https://api.imagekit.io. Must be https unless loopback. */
  baseUrl?: string;
  /** Per-request timeout. */
  timeoutMs?: number;
  userAgent: string;
}

/** What an answer's X-RateLimit-Limit / X-RateLimit-Interval said the account allows. */
export interface AdvertisedRateLimit {
  /** Requests per interval. */
  limit: number;
  intervalMs: number;
}

/** Every outcome of an answer carries its rate-limit headers when they were sent and valid. */
interface Advertised {
  rateLimit?: AdvertisedRateLimit;
}

export type StatusOutcome = (
  { ok: true; status: string; completed: boolean } | { ok: false; error: ApiError }
) &
  Advertised;

export type SubmitOutcome = ({ ok: true; requestId: string } | { ok: false; error: ApiError }) &
  Advertised;

/** The part of the client the tracker needs: a port, so tests can simulate the API. */
export interface PurgeStatusApi {
  getPurgeStatus(requestId: string): Promise<StatusOutcome>;
  submitPurge(url: string): Promise<SubmitOutcome>;
  /** Abort every request in flight (closing: nothing may keep the process alive). */
  abortAll?(): void;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
/** ImageKit's purge answers are a few dozen bytes; anything past this is not one. */
export const MAX_BODY_BYTES = 64 * 1024;
/** Longest status value kept: ImageKit's are one word. */
const MAX_STATUS_CHARS = 40;
const NOT_FOUND_MESSAGE = 'No request found for this requestId.';

type Sent = (
  | { ok: true; body: unknown; httpStatus: number }
  | { ok: false; error: ApiError; fromImageKit?: boolean }
) & { rateLimit?: AdvertisedRateLimit | undefined };

/** An answer, with the means to show the server's text safely (no controls, no key). */
type Reply =
  | (Extract<Sent, { ok: true }> & { shown: (text: string, max?: number) => string })
  | Extract<Sent, { ok: false }>;

export class ImageKitClient implements PurgeStatusApi {
  readonly baseUrl: string;
  private readonly options: ImageKitClientOptions;
  private readonly inFlight = new Set<AbortController>();

  /** Throws `BaseUrlError` for a base URL that would send the key in clear text. */
  constructor(options: ImageKitClientOptions) {
    this.options = options;
    this.baseUrl = resolveBaseUrl(options.baseUrl);
  }

  async getPurgeStatus(requestId: string): Promise<StatusOutcome> {
    // URLs resolve "." and ".." (even percent-encoded) as path steps, so such an ID would
    // reach another endpoint; no purge can have it.
    if (/^(?:\.|\.\.)?$/.test(requestId.trim())) {
      return { ok: false, error: { kind: 'not_found', message: NOT_FOUND_MESSAGE } };
    }
    const path = `/v1/files/purge/${encodeURIComponent(requestId)}`;
    const reply = await this.request('GET', path);
    return withRateLimit(statusOutcome(reply), reply.rateLimit);
  }

  async submitPurge(url: string): Promise<SubmitOutcome> {
    const reply = await this.request('POST', '/v1/files/purge', { url });
    return withRateLimit(submitOutcome(reply), reply.rateLimit);
  }

  /** Abort every request in flight: its caller gets a transient error at once. */
  abortAll(): void {
    for (const controller of this.inFlight) controller.abort();
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Reply> {
    let key: string | undefined;
    try {
      // Trimmed: a pasted or exported key often carries a newline.
      key = (await this.options.privateKey())?.trim();
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      return {
        ok: false,
        error: { kind: 'auth', message: `Could not read the private API key: ${reason}` },
      };
    }
    const keyProblem = checkPrivateKey(key);
    if (keyProblem !== undefined || key === undefined) {
      return {
        ok: false,
        error: { kind: 'auth', message: keyProblem ?? 'No private API key is set.' },
      };
    }
    // Whatever the server or a network library said, shown without controls and without the key.
    const secrets = keyForms(key);
    const shown = (text: string, max?: number) => safeServerText(text, secrets, max);
    const outcome = await this.send(key, method, path, body);
    if (outcome.ok) return { ...outcome, shown };
    return { ...outcome, error: { ...outcome.error, message: shown(outcome.error.message) } };
  }

  private async send(
    key: string,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
  ): Promise<Sent> {
    const headers: Record<string, string> = {
      Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
      Accept: 'application/json',
      'User-Agent': this.options.userAgent,
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    // One deadline for the whole exchange: connecting, the headers and every byte of the body.
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const response = await this.options.fetch(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
        // The API never redirects; following one could carry the key somewhere unexpected.
        redirect: 'error',
      });
      const text = await readBody(response, controller.signal, MAX_BODY_BYTES);
      const rateLimit = advertisedRateLimit(response.headers);
      if (text === undefined) {
        return protocolError(
          response.status,
          `ImageKit sent an answer larger than ${MAX_BODY_BYTES / 1024} KiB (HTTP ${response.status}); it is not one of its purge answers.`,
        );
      }
      if (response.ok) {
        const parsed = parseJson(text);
        if (parsed === undefined || typeof parsed !== 'object' || parsed === null) {
          return protocolError(response.status, describeUnexpectedBody(response, text));
        }
        return { ok: true, body: parsed, httpStatus: response.status, rateLimit };
      }
      const serverMessage = messageFrom(parseJson(text));
      return {
        ok: false,
        error: errorForStatus(response, serverMessage),
        fromImageKit: serverMessage !== undefined,
        rateLimit,
      };
    } catch (cause) {
      const message = timedOut
        ? `ImageKit did not answer within ${describeDuration(timeoutMs)}.`
        : controller.signal.aborted
          ? 'The request to ImageKit was cancelled.'
          : `Could not reach ImageKit: ${networkReason(cause)}.`;
      return { ok: false, error: { kind: 'transient', message } };
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
      // A body left unread (too large, timed out) must not keep its connection open; after a
      // body read to its end this changes nothing.
      controller.abort();
    }
  }
}

function statusOutcome(reply: Reply): StatusOutcome {
  if (!reply.ok) {
    const { error } = reply;
    // The status endpoint documents 400 for an unknown ID; a 404 means the same. Only
    // ImageKit's own answer (its JSON error body) says so: a proxy's page or a wrong base
    // path must not end every pending purge.
    if (error.httpStatus === 400 || error.httpStatus === 404) {
      if (reply.fromImageKit) return { ok: false, error: { ...error, kind: 'not_found' } };
      return protocolError(
        error.httpStatus,
        `ImageKit's address answered HTTP ${error.httpStatus} with a page that is not ImageKit's; a proxy or a wrong base URL may be in the way.`,
      );
    }
    return { ok: false, error };
  }
  const status = (reply.body as { status?: unknown } | null)?.status;
  const shown = typeof status === 'string' ? reply.shown(status, MAX_STATUS_CHARS) : '';
  if (shown === '') {
    return protocolError(reply.httpStatus, 'ImageKit answered without a purge status.');
  }
  return { ok: true, status: shown, completed: isCompletedStatus(shown) };
}

function submitOutcome(reply: Reply): SubmitOutcome {
  if (!reply.ok) return { ok: false, error: reply.error };
  const returned = (reply.body as { requestId?: unknown } | null)?.requestId;
  if (typeof returned !== 'string' || returned.trim() === '') {
    return protocolError(reply.httpStatus, 'ImageKit accepted the purge but sent no request ID.');
  }
  // Normalised like a pasted ID, so whoever waits for it finds the purge the tracker polls.
  const requestId = returned.trim().toLowerCase();
  if (!isRequestId(requestId)) {
    return protocolError(
      reply.httpStatus,
      `ImageKit accepted the purge but sent an ID that is not a request ID ("${reply.shown(returned, 40)}").`,
    );
  }
  return { ok: true, requestId };
}

function withRateLimit<T extends object>(
  outcome: T,
  rateLimit: AdvertisedRateLimit | undefined,
): T & Advertised {
  return rateLimit === undefined ? outcome : { ...outcome, rateLimit };
}

/** X-RateLimit-Limit (requests) per X-RateLimit-Interval (ms); undefined unless both make sense. */
export function advertisedRateLimit(headers: Headers): AdvertisedRateLimit | undefined {
  const limit = Number(headers.get('x-ratelimit-limit') ?? Number.NaN);
  const intervalMs = Number(headers.get('x-ratelimit-interval') ?? Number.NaN);
  if (!(Number.isFinite(limit) && limit >= 1 && Number.isFinite(intervalMs) && intervalMs > 0)) {
    return undefined;
  }
  return { limit, intervalMs };
}

/**
 * The response body as text, read under `signal` (a stalled or dripping body ends with it,
 * whatever the fetch implementation does with an aborted body) and capped at `maxBytes`:
 * undefined when larger. The reader is cancelled either way, so no socket is left reading.
 */
async function readBody(
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

function errorForStatus(response: Response, serverMessage: string | undefined): ApiError {
  const httpStatus = response.status;
  const fallback = `ImageKit answered HTTP ${httpStatus}.`;
  const message = serverMessage ?? fallback;
  if (httpStatus === 401 || httpStatus === 403) return { kind: 'auth', message, httpStatus };
  if (httpStatus === 429) {
    return {
      kind: 'rate_limited',
      message: serverMessage ?? 'ImageKit rate limit reached.',
      httpStatus,
      resetMs: rateLimitResetMs(response.headers),
    };
  }
  if (serverMessage === undefined && httpStatus >= 400 && httpStatus < 500 && httpStatus !== 408) {
    // Not ImageKit's JSON error body: a proxy or a wrong address answered.
    return { kind: 'protocol', message, httpStatus };
  }
  if (httpStatus >= 400 && httpStatus < 500 && httpStatus !== 408) {
    return { kind: 'rejected', message, httpStatus };
  }
  return { kind: 'transient', message, httpStatus };
}

/**
 * How long a 429 asks to wait: `X-RateLimit-Reset`, in milliseconds (ImageKit's), else a
 * `Retry-After` in seconds (a proxy's), at most an hour. Missing or garbled: a second.
 */
export function rateLimitResetMs(headers: Headers): number {
  const reset = nonNegativeNumber(headers.get('x-ratelimit-reset'));
  const retryAfter = nonNegativeNumber(headers.get('retry-after'));
  const waitMs = reset ?? (retryAfter === undefined ? undefined : retryAfter * 1000);
  return waitMs === undefined ? RATE_LIMIT_FALLBACK_WAIT_MS : Math.min(waitMs, 3_600_000);
}

function nonNegativeNumber(header: string | null): number | undefined {
  // Number(null) and Number('') are 0, which would mean "retry at once".
  if (header === null || header.trim() === '') return undefined;
  const value = Number(header);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

function describeDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}

function protocolError(httpStatus: number, message: string): { ok: false; error: ApiError } {
  return { ok: false, error: { kind: 'protocol', message, httpStatus } };
}

function describeUnexpectedBody(response: Response, text: string): string {
  const type = response.headers.get('content-type') ?? 'no content type';
  if (text.trim() === '') return `ImageKit sent an empty answer (HTTP ${response.status}).`;
  if (/^\s*</.test(text)) {
    return `ImageKit sent an HTML page instead of JSON (HTTP ${response.status}); a proxy or captive portal may be in the way.`;
  }
  return `ImageKit sent an answer that is not the JSON expected (HTTP ${response.status}, ${type}).`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function messageFrom(body: unknown): string | undefined {
  const message = (body as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' && message.trim() !== '' ? message.trim() : undefined;
}

function networkReason(cause: unknown): string {
  const inner = (cause as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (inner && typeof inner.code === 'string') return inner.code;
  if (cause instanceof Error) return cause.message;
  return 'network error';
}
