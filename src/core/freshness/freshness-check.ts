// The freshness check of a purged URL: ask the CDN for it as a browser would and read what its
// nearest edge says about its copy (./cache-headers), judge it (./freshness-verdict), and ask
// again with backoff while the edge still serves the old copy, up to a bound; then say stale.
//
// Only the CDN is asked, never ImageKit's API: no rate limit is spent. Nothing here can carry a
// credential: this module knows no key or API client (ESLint keeps it so), the request's only
// headers are the two below (the port's type admits no other), cookies are omitted, a URL with
// a user name or password is refused, and only https is followed (plain http on loopback for
// the fake CDN, from loopback only: no CDN sends a check to a service on this machine), at most
// MAX_REDIRECTS times. Every answer is bounded: one deadline for it all,
// and the body, read so the edge serves it as to a browser, is discarded past MAX_BODY_BYTES.
import type { CdnAnswer, Freshness } from '../../shared/purge';
import { isLoopbackHttp } from '../imagekit/base-url';
import { readCacheHeaders } from './cache-headers';
import type { Clock } from '../clock';
import { systemClock, waitUnlessAborted } from '../clock';
import type { DeliveryAnswer } from './freshness-verdict';
import { contentChanged, freshnessVerdict } from './freshness-verdict';
import { safeServerText } from '../imagekit/server-text';
import { networkFailure } from '../network-failure';

/** The only headers a request to the CDN carries (a type, so it is a fetch's HeadersInit). */
type DeliveryHeaders = {
  /** ImageKit picks WebP, AVIF or JPEG by it: ask as a browser asks for an image. */
  readonly Accept: typeof BROWSER_ACCEPT;
  readonly 'User-Agent': string;
};

/** What the port is asked to send: nothing else can be given to it. */
interface DeliveryRequest {
  readonly method: 'GET' | 'HEAD';
  readonly headers: DeliveryHeaders;
  /** Redirects come back as they are: this module decides which to follow. */
  readonly redirect: 'manual';
  readonly credentials: 'omit';
  readonly signal: AbortSignal;
}

/** Sends one request to the CDN (global fetch; the app: a cookie-less, cache-less session). */
export type DeliveryFetch = (url: string, request: DeliveryRequest) => Promise<Response>;

/** Chromium's Accept for an image. */
export const BROWSER_ACCEPT = 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8';
const MAX_REDIRECTS = 3;
/** One deadline per request to the CDN: connecting, redirects, headers and body. */
export const CDN_TIMEOUT_MS = 10_000;
/** Body bytes read and discarded at most; the headers have said all that is needed by then. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** How a stale answer is checked again: a growing gap, and a bound on the whole check. */
export interface RecheckPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  /** From the first request: past it, a stale answer is the verdict. */
  boundMs: number;
}

export const DEFAULT_RECHECK: RecheckPolicy = {
  firstDelayMs: 5_000,
  maxDelayMs: 30_000,
  boundMs: 2 * 60_000,
};

export interface FreshnessPorts {
  fetch: DeliveryFetch;
  clock: Clock;
  userAgent: string;
  /** GET (the default: CDNs have answered HEAD differently) or HEAD. */
  method?: 'GET' | 'HEAD';
  timeoutMs?: number;
  recheck?: RecheckPolicy;
  /** Aborted: the request in flight and any wait end, with what was found so far. */
  signal?: AbortSignal;
}

/** What to check: a purged URL, and when its purge was submitted (epoch ms). */
interface FreshnessTarget {
  url: string;
  submittedAt: number;
  /** The pre-purge probe, when Purge Watch made it: says whether the content changed. */
  before?: CdnAnswer;
  /** When this check began, if it began before (resumed after a restart): the bound counts from it. */
  since?: number;
}

/** A verdict reached without asking the CDN (a wildcard, no URL, a check cut short). */
export function notChecked(reason: string, since: number): Freshness {
  return { verdict: 'unknown', reason, since, checks: 0 };
}

/** Why a wildcard purge is not checked. */
export const WILDCARD_NOT_CHECKED = 'not checked: wildcard';

/** A `…/css/*` purge: its URLs cannot be checked whole. */
export function isWildcard(url: string): boolean {
  return url.endsWith('*');
}

/**
 * The verdict on `target`: asked once, and again with backoff while the edge serves a copy
 * from before the purge, until fresh, unknown, or `recheck.boundMs` has passed (then stale).
 */
export async function verifyFreshness(
  target: FreshnessTarget,
  ports: FreshnessPorts,
): Promise<Freshness> {
  const { clock } = ports;
  const since = target.since ?? clock.now();
  // Nothing is asked of a wildcard, or of a URL no request may go to.
  const refused = isWildcard(target.url)
    ? WILDCARD_NOT_CHECKED
    : refusedUrl(target.url, false, false);
  if (refused) return notChecked(refused, since);
  const policy = ports.recheck ?? DEFAULT_RECHECK;
  let delayMs = policy.firstDelayMs;
  for (let checks = 1; ; checks++) {
    const answer = await askCdn(target.url, ports);
    const seen = cdnAnswer(target.url, answer);
    const { verdict, reason } = freshnessVerdict(answer, target.submittedAt);
    const changed =
      answer.ok && verdict !== 'unknown' ? contentChanged(target.before, seen) : undefined;
    const result: Freshness = {
      verdict,
      ...(reason === undefined ? {} : { reason }),
      seen,
      ...(changed === undefined ? {} : { contentChanged: changed }),
      since,
      checks,
    };
    const left = since + policy.boundMs - clock.now();
    if (verdict !== 'stale' || left <= 0 || ports.signal?.aborted) return result;
    await waitUnlessAborted(clock, Math.min(delayMs, left), ports.signal);
    if (ports.signal?.aborted) return result;
    delayMs = Math.min(delayMs * 2, policy.maxDelayMs);
  }
}

/**
 * The pre-purge probe: what the CDN serves for `url` now (its ETag, Last-Modified, length), or
 * undefined when that cannot be known (a wildcard, no answer, not a 2xx).
 */
export async function probeBeforePurge(
  url: string,
  ports: FreshnessPorts,
): Promise<CdnAnswer | undefined> {
  if (isWildcard(url)) return undefined;
  const answer = await askCdn(url, ports);
  if (!answer.ok || answer.httpStatus < 200 || answer.httpStatus > 299) return undefined;
  return cdnAnswer(url, answer);
}

/** One answer from the CDN for `url`, redirects followed as the rules allow. */
async function askCdn(url: string, ports: FreshnessPorts): Promise<DeliveryAnswer> {
  const { clock } = ports;
  const timeoutMs = ports.timeoutMs ?? CDN_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  // Real time whatever clock the checks run on: it bounds a real socket.
  const timer = systemClock.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const signal = ports.signal
    ? AbortSignal.any([controller.signal, ports.signal])
    : controller.signal;
  const failed = (problem: string): DeliveryAnswer => ({
    ok: false,
    problem,
    checkedAt: clock.now(),
  });
  const request: DeliveryRequest = {
    method: ports.method ?? 'GET',
    headers: { Accept: BROWSER_ACCEPT, 'User-Agent': ports.userAgent },
    redirect: 'manual',
    credentials: 'omit',
    signal,
  };
  let current = url;
  // Plain http on loopback is the fake CDN's (tests, the demo): a redirect reaches it only from
  // there, never from a CDN on the internet to a service on this machine.
  const loopback = isLoopbackHttpUrl(url);
  try {
    for (let redirects = 0; ; redirects++) {
      const refused = refusedUrl(current, redirects > 0, loopback);
      if (refused) return failed(refused);
      const response = await ports.fetch(current, request);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location !== null) {
        void response.body?.cancel().catch(() => undefined);
        if (redirects === MAX_REDIRECTS) return failed(`more than ${MAX_REDIRECTS} redirects`);
        current = resolved(location, current);
        continue;
      }
      const checkedAt = clock.now();
      const headers = readCacheHeaders(response.headers);
      await discardBody(response, signal);
      return { ok: true, httpStatus: response.status, headers, checkedAt };
    }
  } catch (cause) {
    if (timedOut) return failed(`no answer within ${timeoutMs / 1000}s`);
    if (ports.signal?.aborted) return failed('the check was stopped');
    return failed(networkProblem(cause));
  } finally {
    systemClock.clearTimeout(timer);
    controller.abort();
  }
}

/**
 * Why `url` may not be asked (undefined: it may). Never echoes a user name or password. Plain
 * http only on loopback, and by a redirect only when `fromLoopback` (the check began there).
 */
function refusedUrl(url: string, redirected: boolean, fromLoopback: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redirected ? 'redirected to an address that is not a URL' : 'not a URL';
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return `${redirected ? 'redirected to' : 'not checked:'} a URL with a user name or password`;
  }
  if (parsed.protocol === 'https:') return undefined;
  if (isLoopbackHttp(parsed) && (!redirected || fromLoopback)) return undefined;
  const origin = safeServerText(`${parsed.protocol}//${parsed.host}`, [], 100);
  return redirected
    ? `redirected to ${origin}, which is not https: not followed`
    : 'not checked: only https URLs are checked';
}

function isLoopbackHttpUrl(url: string): boolean {
  try {
    return isLoopbackHttp(new URL(url));
  } catch {
    return false;
  }
}

/** A Location header, resolved against the URL that sent it ('' when it is no URL at all). */
function resolved(location: string, base: string): string {
  try {
    return new URL(location, base).href;
  } catch {
    return '';
  }
}

/** Reads the body to its end, or to MAX_BODY_BYTES or the deadline, and drops it. */
async function discardBody(response: Response, signal: AbortSignal): Promise<void> {
  if (response.body === null) return;
  const reader = response.body.getReader();
  const stopped = new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
  let size = 0;
  try {
    while (size <= MAX_BODY_BYTES) {
      const read = reader.read();
      read.catch(() => undefined);
      const chunk = await Promise.race([read, stopped.then(() => undefined)]);
      if (chunk === undefined || chunk.done) return;
      size += chunk.value.byteLength;
    }
  } catch {
    // A body cut short says nothing about the copy: the headers have been read.
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

/** The answer as it is kept with the purge: its status and the headers read, no more. */
function cdnAnswer(url: string, answer: DeliveryAnswer): CdnAnswer {
  if (!answer.ok) return { url, checkedAt: answer.checkedAt };
  const seen: CdnAnswer = { url, checkedAt: answer.checkedAt, httpStatus: answer.httpStatus };
  for (const field of ['age', 'cache', 'pop', 'etag', 'lastModified', 'length'] as const) {
    const value = answer.headers[field];
    if (value !== undefined) Object.assign(seen, { [field]: value });
  }
  return seen;
}

/** A network failure in words: what answered, or why nothing did. */
function networkProblem(cause: unknown): string {
  const failure = networkFailure(cause);
  switch (failure.kind) {
    case 'headers-too-large':
      return "the CDN's headers are too large";
    case 'not-http':
      return `the CDN's answer is not valid HTTP (${failure.code})`;
    case 'no-answer':
      return `could not reach the CDN: ${safeServerText(failure.reason, [], 100)}`;
  }
}
