// The ImageKit purge API client: two endpoints, typed outcomes, no throwing for API faults.
import type { ApiError } from '../shared/purge';
import { isCompletedStatus } from '../shared/purge';
import { resolveBaseUrl } from './base-url';
import { checkPrivateKey } from './private-key';

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
}

export const DEFAULT_TIMEOUT_MS = 15_000;
const NOT_FOUND_MESSAGE = 'No request found for this requestId.';

export class ImageKitClient implements PurgeStatusApi {
  readonly baseUrl: string;
  private readonly options: ImageKitClientOptions;

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
    const outcome = await this.send(key, method, path, body);
    return outcome.ok ? outcome : withoutKey(outcome, key);
  }

  private async send(
    key: string,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
  ): Promise<Reply> {
    const headers: Record<string, string> = {
      Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
      Accept: 'application/json',
      'User-Agent': this.options.userAgent,
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    const controller = new AbortController();
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await this.options.fetch(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
        // The API never redirects; following one could carry the key somewhere unexpected.
        redirect: 'error',
      });
      const text = await response.text();
      const rateLimit = advertisedRateLimit(response.headers);
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
        serverMessage,
        rateLimit,
      };
    } catch (cause) {
      const message = controller.signal.aborted
        ? `ImageKit did not answer within ${describeDuration(timeoutMs)}.`
        : `Could not reach ImageKit: ${networkReason(cause)}.`;
      return { ok: false, error: { kind: 'transient', message } };
    } finally {
      clearTimeout(timer);
    }
  }
}

type Reply = (
  | { ok: true; body: unknown; httpStatus: number }
  | { ok: false; error: ApiError; serverMessage?: string }
) & { rateLimit?: AdvertisedRateLimit | undefined };

function statusOutcome(reply: Reply): StatusOutcome {
  if (!reply.ok) {
    const { error, serverMessage } = reply;
    // The status endpoint documents 400 for an unknown ID; a 404 means the same.
    if (error.httpStatus === 400 || error.httpStatus === 404) {
      return {
        ok: false,
        error: { ...error, kind: 'not_found', message: serverMessage ?? NOT_FOUND_MESSAGE },
      };
    }
    return { ok: false, error };
  }
  const status = (reply.body as { status?: unknown } | null)?.status;
  if (typeof status !== 'string' || status.trim() === '') {
    return protocolError(reply.httpStatus, 'ImageKit answered without a purge status.');
  }
  return { ok: true, status: status.trim(), completed: isCompletedStatus(status) };
}

function submitOutcome(reply: Reply): SubmitOutcome {
  if (!reply.ok) return { ok: false, error: reply.error };
  const requestId = (reply.body as { requestId?: unknown } | null)?.requestId;
  if (typeof requestId !== 'string' || requestId.trim() === '') {
    return protocolError(reply.httpStatus, 'ImageKit accepted the purge but sent no request ID.');
  }
  return { ok: true, requestId: requestId.trim() };
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
  if (httpStatus === 404) return { kind: 'not_found', message, httpStatus };
  if (httpStatus >= 400 && httpStatus < 500 && httpStatus !== 408) {
    return { kind: 'rejected', message, httpStatus };
  }
  return { kind: 'transient', message, httpStatus };
}

/** `X-RateLimit-Reset` is in milliseconds. Missing or garbled: wait a conservative second. */
export function rateLimitResetMs(headers: Headers): number {
  const header = headers.get('x-ratelimit-reset');
  // Number(null) and Number('') are 0, which would mean "retry at once".
  if (header === null || header.trim() === '') return 1_000;
  const value = Number(header);
  return Number.isFinite(value) && value >= 0 ? Math.min(value, 3_600_000) : 1_000;
}

/** Belt and braces: whatever a server or a network library put in a message, the key stays out. */
function withoutKey<T extends { error: ApiError; serverMessage?: string }>(
  outcome: T,
  key: string,
): T {
  const redact = (text: string): string => text.split(key).join('[private key]');
  return {
    ...outcome,
    error: { ...outcome.error, message: redact(outcome.error.message) },
    ...(outcome.serverMessage === undefined
      ? {}
      : { serverMessage: redact(outcome.serverMessage) }),
  };
}

function describeDuration(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 1000)} s`;
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
