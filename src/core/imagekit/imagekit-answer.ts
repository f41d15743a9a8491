// What an ImageKit answer means: an HTTP response (status, headers, body text) turned into a
// typed outcome for each endpoint (completed, pending, not found, auth, rate limited,
// transient, protocol, rejected). Everything the server says is untrusted: a status or ID is
// shown only through `shown` (no control characters, no key). Pure.
import type { ApiError } from '../../shared/purge';
import { isCompletedStatus } from '../../shared/purge';
import { isRequestId } from '../input/request-id';
import { RATE_LIMIT_FALLBACK_WAIT_MS } from './retry-policy';

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

/** Longest status value kept: ImageKit's are one word. */
const MAX_STATUS_CHARS = 40;
export const NOT_FOUND_MESSAGE = 'No request found for this requestId.';

export type Sent = (
  | { ok: true; body: unknown; httpStatus: number }
  | { ok: false; error: ApiError; fromImageKit?: boolean }
) & { rateLimit?: AdvertisedRateLimit | undefined };

/** An answer, with the means to show the server's text safely (no controls, no key). */
export type Reply =
  | (Extract<Sent, { ok: true }> & { shown: (text: string, max?: number) => string })
  | Extract<Sent, { ok: false }>;

/**
 * What an HTTP answer says, before an endpoint reads it: a JSON object, or an error.
 * `text` is undefined when the body was larger than `maxBytes`.
 */
export function readAnswer(response: Response, text: string | undefined, maxBytes: number): Sent {
  const rateLimit = advertisedRateLimit(response.headers);
  if (text === undefined) {
    return protocolError(
      response.status,
      `ImageKit sent an answer larger than ${maxBytes / 1024} KiB (HTTP ${response.status}); it is not one of its purge answers.`,
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
}

export function statusOutcome(reply: Reply): StatusOutcome {
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

export function submitOutcome(reply: Reply): SubmitOutcome {
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

export function withRateLimit<T extends object>(
  outcome: T,
  rateLimit: AdvertisedRateLimit | undefined,
): T & Advertised {
  return rateLimit === undefined ? outcome : { ...outcome, rateLimit };
}

/** X-RateLimit-Limit (requests) per X-RateLimit-Interval (ms); undefined unless both make sense. */
function advertisedRateLimit(headers: Headers): AdvertisedRateLimit | undefined {
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
  if (httpStatus === 401 || httpStatus === 403) {
    return { kind: 'auth', auth: 'key_refused', message, httpStatus };
  }
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
function rateLimitResetMs(headers: Headers): number {
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
