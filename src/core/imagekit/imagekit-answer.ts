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
 * `text` is undefined when the body was larger than `maxBytes`. `now` (epoch ms): our clock,
 * which a `Retry-After` date is measured against when the answer has no `Date` of its own.
 */
export function readAnswer(
  response: Response,
  text: string | undefined,
  maxBytes: number,
  now: number,
): Sent {
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
    error: errorForStatus(response, serverMessage, now),
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

function errorForStatus(
  response: Response,
  serverMessage: string | undefined,
  now: number,
): ApiError {
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
      resetMs: rateLimitResetMs(response.headers, now),
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

/** The longest a 429 is waited out, whatever it asked: an hour. */
const MAX_RATE_LIMIT_WAIT_MS = 3_600_000;

/**
 * How long a 429 asks to wait: `X-RateLimit-Reset`, in milliseconds (ImageKit's), else a
 * `Retry-After` (a proxy's or a CDN's), at most an hour. Missing or garbled: a second.
 */
function rateLimitResetMs(headers: Headers, now: number): number {
  const waitMs = nonNegativeNumber(headers.get('x-ratelimit-reset')) ?? retryAfterMs(headers, now);
  return waitMs === undefined
    ? RATE_LIMIT_FALLBACK_WAIT_MS
    : Math.min(waitMs, MAX_RATE_LIMIT_WAIT_MS);
}

/**
 * `Retry-After` in milliseconds: seconds, or an HTTP date (RFC 9110 §10.2.3) measured against
 * the answer's own `Date` (the server's clock; ours, `now`, when it sent none or a garbled one).
 * A date already past asks for no wait.
 */
function retryAfterMs(headers: Headers, now: number): number | undefined {
  const header = headers.get('retry-after');
  const seconds = nonNegativeNumber(header);
  if (seconds !== undefined) return seconds * 1000;
  const at = httpDate(header);
  if (at === undefined) return undefined;
  return Math.max(0, at - (httpDate(headers.get('date')) ?? now));
}

/** An asctime() date (`Sun Nov  6 08:49:37 1994`), one of the three an HTTP date may be: in GMT. */
const ASCTIME_DATE = /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/;

/**
 * An HTTP date in epoch ms: `Wed, 21 Oct 2026 07:28:00 GMT`, or the obsolete
 * `Wednesday, 21-Oct-26 07:28:00 GMT` and asctime() forms. Anything else is undefined, even what
 * Date.parse would read ("2026", a local time).
 */
function httpDate(header: string | null): number | undefined {
  const text = header?.trim() ?? '';
  let utc: string;
  if (/^[A-Za-z]{3,9}, .* GMT$/.test(text)) utc = text;
  else if (ASCTIME_DATE.test(text)) utc = `${text} GMT`;
  else return undefined;
  const at = Date.parse(utc);
  return Number.isFinite(at) ? at : undefined;
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
