// The clients of the conformance tier: both official ImageKit Node SDKs and Purge Watch's own
// client, each seen through one lens: what a caller gets back from a purge-status call or a purge
// submission (a value, or the error it throws or reports). Nothing here interprets an answer the
// way the client would not: each adapter only copies out what the client handed its caller.
import ImageKitV7, { APIError } from '@imagekit/nodejs';
import type { APIPromise } from '@imagekit/nodejs';
import { expect } from 'vitest';
import ImageKitV6 from 'imagekit';
import { ImageKitClient } from '../../src/core/imagekit/imagekit-client';
import type { StatusOutcome, SubmitOutcome } from '../../src/core/imagekit/imagekit-answer';
import { redirectImageKitSdk } from '../support/imagekit-sdk-redirect';

/** What a caller saw. */
export interface Observation {
  outcome: 'ok' | 'error';
  /** A status call that succeeded: the status value. */
  status?: string;
  /** A purge that succeeded: its request ID. */
  requestId?: string;
  /** A failure answered by the server: its HTTP status. */
  httpStatus?: number;
  /** A failure: the server's message as the client hands it over. */
  message?: string;
  /** A failure, in the client's own terms: an SDK's error class or keys, our outcome's kind. */
  errorType?: string;
  /** Rate-limit figures the client hands over (X-RateLimit-*; reset and interval in ms). */
  rateLimit?: { limit?: number; intervalMs?: number; resetMs?: number };
}

export interface ConformanceClient {
  readonly name: string;
  status(target: Target, requestId: string): Promise<Observation>;
  purge(target: Target, url: string): Promise<Observation>;
}

/** Where and as whom a client calls. */
export interface Target {
  baseUrl: string;
  privateKey: string;
}

/** Purge Watch's own client (src/core/imagekit/imagekit-client.ts), used as the app and the CLI use it. */
export const purgeWatchClient: ConformanceClient = {
  name: 'purge-watch',
  async status(target, requestId) {
    return fromOutcome(await ownClient(target).getPurgeStatus(requestId));
  },
  async purge(target, url) {
    return fromOutcome(await ownClient(target).submitPurge(url));
  },
};

function ownClient(target: Target): ImageKitClient {
  return new ImageKitClient({
    fetch: (input, init) => fetch(input, init),
    privateKey: () => target.privateKey,
    baseUrl: target.baseUrl,
    timeoutMs: 5_000,
    userAgent: 'purge-watch-conformance',
  });
}

function fromOutcome(outcome: StatusOutcome | SubmitOutcome): Observation {
  const advertised = outcome.rateLimit ?? {};
  if (outcome.ok) {
    return {
      ...('requestId' in outcome
        ? { outcome: 'ok', requestId: outcome.requestId }
        : { outcome: 'ok', status: outcome.status }),
      ...(outcome.rateLimit ? { rateLimit: advertised } : {}),
    };
  }
  const { error } = outcome;
  const rateLimit =
    error.kind === 'rate_limited' ? { ...advertised, resetMs: error.resetMs } : advertised;
  return {
    outcome: 'error',
    errorType: error.kind,
    message: error.message,
    ...(error.httpStatus === undefined ? {} : { httpStatus: error.httpStatus }),
    ...(Object.keys(rateLimit).length > 0 ? { rateLimit } : {}),
  };
}

/** The rate-limit figures in a set of answer headers (a `get(name)`), when there are any. */
function rateLimitIn(get: (name: string) => string | null | undefined): Observation['rateLimit'] {
  const figures: NonNullable<Observation['rateLimit']> = {};
  const read = (name: string) => {
    const value = get(name);
    return value === null || value === undefined ? undefined : Number(value);
  };
  const limit = read('x-ratelimit-limit');
  const intervalMs = read('x-ratelimit-interval');
  const resetMs = read('x-ratelimit-reset');
  if (limit !== undefined) figures.limit = limit;
  if (intervalMs !== undefined) figures.intervalMs = intervalMs;
  if (resetMs !== undefined) figures.resetMs = resetMs;
  return Object.keys(figures).length > 0 ? figures : undefined;
}

/** `imagekit` 6: callbacks or promises; a failure rejects with the server's JSON body. */
export const imagekitSdk6: ConformanceClient = {
  name: 'imagekit 6',
  status(target, requestId) {
    return viaSdk6(target, (sdk) => sdk.getPurgeCacheStatus(requestId));
  },
  purge(target, url) {
    return viaSdk6(target, (sdk) => sdk.purgeCache(url));
  },
};

async function viaSdk6(
  target: Target,
  call: (sdk: ImageKitV6) => Promise<unknown>,
): Promise<Observation> {
  const sdk = new ImageKitV6({
    publicKey: 'public_conformance',
    privateKey: target.privateKey,
    urlEndpoint: 'https://ik.imagekit.io/conformance',
  });
  const undo = redirectImageKitSdk(target.baseUrl);
  // The SDK puts the status code and headers on a non-enumerable $ResponseMetadata.
  type Metadata = { $ResponseMetadata?: { statusCode?: number; headers?: Record<string, string> } };
  const headersOf = (value: Metadata) =>
    rateLimitIn((name) => value.$ResponseMetadata?.headers?.[name]);
  try {
    const result = (await call(sdk)) as Metadata;
    const rateLimit = headersOf(result);
    return {
      outcome: 'ok',
      ...pick(result, ['status', 'requestId']),
      ...(rateLimit ? { rateLimit } : {}),
    };
  } catch (rejected) {
    const body = rejected as Record<string, unknown> & Metadata;
    const rateLimit = headersOf(body);
    // On a 429 it also copies the three figures into the body, as numbers.
    if (body.$ResponseMetadata?.statusCode === 429) {
      expect(rateLimit).toEqual({
        limit: body['X-RateLimit-Limit'],
        intervalMs: body['X-RateLimit-Interval'],
        resetMs: body['X-RateLimit-Reset'],
      });
    }
    return {
      outcome: 'error',
      // The SDK rejects with the JSON body itself (plus the rate-limit figures on a 429).
      errorType: Object.keys(body).sort().join(','),
      ...(typeof body.message === 'string' ? { message: body.message } : {}),
      ...(body.$ResponseMetadata?.statusCode === undefined
        ? {}
        : { httpStatus: body.$ResponseMetadata.statusCode }),
      ...(rateLimit ? { rateLimit } : {}),
    };
  } finally {
    undo();
  }
}

/**
 * `@imagekit/nodejs` 7: `baseURL` points it at the fake; a failure throws an `APIError` subclass.
 * `maxRetries: 0` shows what one answer does (by default it retries 429s and 5xx itself).
 */
export const imagekitSdk7: ConformanceClient = {
  name: '@imagekit/nodejs 7',
  status(target, requestId) {
    return viaSdk7(target, (sdk) => sdk.cache.invalidation.get(requestId));
  },
  purge(target, url) {
    return viaSdk7(target, (sdk) => sdk.cache.invalidation.create({ url }));
  },
};

export function sdk7For(
  target: Target,
  options: ConstructorParameters<typeof ImageKitV7>[0] = {},
): ImageKitV7 {
  return new ImageKitV7({
    privateKey: target.privateKey,
    baseURL: target.baseUrl,
    maxRetries: 0,
    timeout: 5_000,
    ...options,
  });
}

async function viaSdk7(
  target: Target,
  call: (sdk: ImageKitV7) => APIPromise<unknown>,
): Promise<Observation> {
  try {
    const { data, response } = await call(sdk7For(target)).withResponse();
    const rateLimit = rateLimitIn((name) => response.headers.get(name));
    return {
      outcome: 'ok',
      ...pick(data, ['status', 'requestId']),
      ...(rateLimit ? { rateLimit } : {}),
    };
  } catch (thrown) {
    if (!(thrown instanceof APIError)) throw thrown;
    const body = thrown.error as { message?: unknown } | undefined;
    const rateLimit = rateLimitIn((name) => thrown.headers?.get(name));
    return {
      outcome: 'error',
      errorType: thrown.constructor.name,
      ...(typeof body?.message === 'string' ? { message: body.message } : {}),
      ...(thrown.status === undefined ? {} : { httpStatus: thrown.status }),
      ...(rateLimit ? { rateLimit } : {}),
    };
  }
}

function pick(value: unknown, keys: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of keys) {
    const field = (value as Record<string, unknown> | null)?.[key];
    if (field !== undefined) picked[key] = field;
  }
  return picked;
}

export const CLIENTS: readonly ConformanceClient[] = [purgeWatchClient, imagekitSdk6, imagekitSdk7];
