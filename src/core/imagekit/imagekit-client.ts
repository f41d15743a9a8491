// The ImageKit purge API client: two endpoints, typed outcomes, no throwing for API faults.
// This module sends (the key, one deadline, the body cap); imagekit-answer.ts says what an
// answer means.
import { resolveBaseUrl } from './base-url';
import { systemClock } from '../clock';
import type { Reply, Sent, StatusOutcome, SubmitOutcome } from './imagekit-answer';
import {
  NOT_FOUND_MESSAGE,
  readAnswer,
  statusOutcome,
  submitOutcome,
  withRateLimit,
} from './imagekit-answer';
import type { ApiError } from '../../shared/purge';
import { checkPrivateKey, NO_KEY } from './private-key';
import { readBody } from './response-body';
import { keyForms, safeServerText } from './server-text';
import { networkFailure } from '../network-failure';

export type FetchPort = (input: string, init: RequestInit) => Promise<Response>;

type PrivateKeySource = () => string | undefined | Promise<string | undefined>;

interface ImageKitClientOptions {
  /** Injected so the app can pass Electron's `net.fetch` (system proxies apply). */
  fetch: FetchPort;
  /** Where the private key comes from; asked before every request so a changed key applies at once. */
  privateKey: PrivateKeySource;
  /** Defaults to https://api.imagekit.io. Must be https unless loopback. */
  baseUrl?: string;
  /** Per-request timeout. */
  timeoutMs?: number;
  userAgent: string;
  /**
   * Our wall clock (epoch ms), which a 429's `Retry-After` date is measured against when the
   * answer has no `Date` of its own. Defaults to the system clock.
   */
  now?: () => number;
}

/** The part of the client the tracker needs: a port, so tests can simulate the API. */
export interface PurgeStatusApi {
  getPurgeStatus(requestId: string): Promise<StatusOutcome>;
  submitPurge(url: string): Promise<SubmitOutcome>;
  /** Abort every request in flight (closing: nothing may keep the process alive). */
  abortAll?(): void;
}

/** How long one request may take, answer and body, before it counts as no answer. */
export const DEFAULT_TIMEOUT_MS = 15_000;
/** ImageKit's purge answers are a few dozen bytes; anything past this is not one. */
export const MAX_BODY_BYTES = 64 * 1024;

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
        error: {
          kind: 'auth',
          auth: 'key_missing',
          message: `Could not read the private API key: ${reason}`,
        },
      };
    }
    const keyProblem = checkPrivateKey(key);
    if (keyProblem !== undefined || key === undefined) {
      return {
        ok: false,
        error: { kind: 'auth', auth: 'key_missing', message: keyProblem ?? NO_KEY },
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
    // Real time whatever clock the engine runs on: it bounds a real socket.
    const timer = systemClock.setTimeout(() => {
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
      return readAnswer(response, text, MAX_BODY_BYTES, (this.options.now ?? systemClock.now)());
    } catch (cause) {
      const host = new URL(this.baseUrl).host;
      if (!controller.signal.aborted && isRefusedRedirect(cause)) {
        // An answer, though not ImageKit's (its API never redirects): a proxy or a wrong address.
        const message = `ImageKit's address (${host}) answered with a redirect (not followed: the key would go with it); a proxy or a wrong base URL may be in the way.`;
        return { ok: false, error: { kind: 'protocol', message } };
      }
      const failure = networkFailure(cause);
      if (!controller.signal.aborted && failure.kind !== 'no-answer') {
        // Reached, and answered with what no HTTP parser reads: not ImageKit's API either.
        const what =
          failure.kind === 'not-http'
            ? `something that is not HTTP (${failure.code})`
            : 'headers too large to read';
        const message = `ImageKit's address (${host}) answered with ${what}; a proxy or a wrong base URL may be in the way.`;
        return { ok: false, error: { kind: 'protocol', message } };
      }
      const reason = failure.kind === 'no-answer' ? failure.reason : 'network error';
      const message = timedOut
        ? `ImageKit (${host}) did not answer within ${describeDuration(timeoutMs)}.`
        : controller.signal.aborted
          ? `The request to ImageKit (${host}) was cancelled.`
          : `Could not reach ImageKit (${host}): ${reason}.`;
      const error: ApiError = { kind: 'transient', message };
      // Refused or never resolved: ImageKit cannot have seen it, so trying again is safe.
      if (!timedOut && !controller.signal.aborted && NEVER_SENT.has(reason)) error.notSent = true;
      return { ok: false, error };
    } finally {
      systemClock.clearTimeout(timer);
      this.inFlight.delete(controller);
      // A body left unread (too large, timed out) must not keep its connection open; after a
      // body read to its end this changes nothing.
      controller.abort();
    }
  }
}

/**
 * Network failures that happen before a request leaves this machine: the connection was refused
 * or never made, the name never resolved. Anything else (a reset, a closed socket, a timeout)
 * may have come after ImageKit received the request.
 */
const NEVER_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function describeDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/**
 * The fetch refused to follow a redirect (`redirect: 'error'`): Node's fetch says so in its
 * cause ("unexpected redirect"), Electron's net.fetch in its message.
 */
function isRefusedRedirect(cause: unknown): boolean {
  const inner = (cause as { cause?: { message?: unknown } } | undefined)?.cause;
  const messages = [cause instanceof Error ? cause.message : '', inner?.message];
  return messages.some((message) => typeof message === 'string' && /redirect/i.test(message));
}
