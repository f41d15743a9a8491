// What a CLI command runs with: its streams, environment, clock and ports. The entry point
// passes the real ones; nothing below reads process.* directly.
import type { Clock } from '../core/clock';
import type { FetchPort } from '../core/imagekit/imagekit-client';
import { ImageKitClient } from '../core/imagekit/imagekit-client';
import { BaseUrlError } from '../core/imagekit/base-url';
import type { Keychain } from '../core/accounts/keychain';
import { KeychainError } from '../core/accounts/keychain';
import { PrivateKeySource } from '../core/accounts/key-source';
import type { ScheduleOptions } from '../core/tracking/poll-schedule';
import { DEFAULT_SCHEDULE } from '../core/tracking/poll-schedule';
import type { RequestBudget } from '../core/tracking/request-budget';
import { DEFAULT_BUDGET } from '../core/tracking/request-budget';
import { USER_AGENT } from '../shared/version';
import { CliError, ExitCode } from './exit-codes';
import { holdsApiKey } from './safe-text';

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  /** A terminal's width now (it follows a resize); 0 or none when it reports none. */
  readonly columns?: number;
}

export interface InputStream extends AsyncIterable<Buffer | string> {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  on?(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  removeListener?(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  pause?(): unknown;
  resume?(): unknown;
}

export interface CliContext {
  env: Record<string, string | undefined>;
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: InputStream;
  fetch: FetchPort;
  keychain: Keychain;
  clock: Clock;
  /** Where the app keeps its profile (the duration history) depends on it; default linux. */
  platform?: NodeJS.Platform;
  /**
   * Aborted when the command must stop before its work is done: with 'SIGINT', 'SIGTERM', or
   * 'EPIPE' (the reader closed stdout). Requests in flight are aborted with it.
   */
  stop?: AbortSignal;
}

export function keySource(context: CliContext): PrivateKeySource {
  return new PrivateKeySource(context.keychain, context.env.IMAGEKIT_PRIVATE_KEY);
}

/**
 * Keychain support is not installed here (the CLI package without its optional keytar): no key
 * is stored anywhere but IMAGEKIT_PRIVATE_KEY. False whenever the keychain cannot tell.
 */
export async function keychainNotInstalled(context: CliContext): Promise<boolean> {
  return (await context.keychain.installed?.()) === false;
}

/**
 * A keychain that cannot be used (exit 5), in the core's words, with the command line's way
 * around it (the window has its own: the core words neither).
 */
export function keychainProblem(message: string): CliError {
  return new CliError(`${message} Or set IMAGEKIT_PRIVATE_KEY instead.`, ExitCode.keychain);
}

/** A keychain failure as `keychainProblem`; a refused key to store is a usage error. */
export function keychainFailure(error: KeychainError): CliError {
  if (error.kind === 'invalid') return new CliError(error.message, ExitCode.usage);
  return keychainProblem(error.message);
}

/**
 * An API client that sends the key `privateKey` returns. A base URL that would expose the key is
 * a usage error (2), thrown here, before any key is read or request sent.
 */
export function newClient(
  context: CliContext,
  privateKey: () => string | undefined,
): ImageKitClient {
  const { stop } = context;
  try {
    return new ImageKitClient({
      // A stopped command abandons the requests in flight.
      fetch: stop
        ? (input, init) =>
            context.fetch(input, {
              ...init,
              signal: init.signal ? AbortSignal.any([init.signal, stop]) : stop,
            })
        : context.fetch,
      privateKey,
      baseUrl: context.env.IMAGE_KIT_BASE_URL,
      userAgent: USER_AGENT,
    });
  } catch (error) {
    if (!(error instanceof BaseUrlError)) throw error;
    // A key pasted where the URL belongs is never echoed, not even lowercased in a host name.
    const message = holdsApiKey(error.message)
      ? 'IMAGE_KIT_BASE_URL holds what looks like an API key, not a URL: expected something like https://api.imagekit.io.'
      : error.message;
    throw new CliError(message, ExitCode.usage);
  }
}

/**
 * PURGE_WATCH_POLL_SCALE (e.g. 0.01) shortens every polling delay: for tests and demos against
 * a local fake ImageKit server. Never useful against the real API. Anything but a number in
 * (0, 1] is a usage error, not silently ignored.
 */
export function pollScale(context: CliContext): number {
  const text = context.env.PURGE_WATCH_POLL_SCALE;
  if (text === undefined || text.trim() === '') return 1;
  const scale = Number(text);
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 1)) {
    throw new CliError(
      'PURGE_WATCH_POLL_SCALE must be a number above 0 and at most 1 (it shortens polling delays for tests against a local fake server); unset it for real use.',
      ExitCode.usage,
    );
  }
  return scale;
}

/**
 * PURGE_WATCH_RATE_SHARE (a percentage, 1–100, default 50): the share of the account's
 * advertised rate limit status checks may spend, as the app's setting. Anything else is a usage
 * error; the message never repeats the value (it could be a key pasted in the wrong place).
 */
export function requestBudget(context: CliContext): RequestBudget {
  const text = context.env.PURGE_WATCH_RATE_SHARE;
  if (text === undefined || text.trim() === '') return DEFAULT_BUDGET;
  const percent = Number(text);
  if (!(Number.isFinite(percent) && percent >= 1 && percent <= 100)) {
    throw new CliError(
      "PURGE_WATCH_RATE_SHARE must be a percentage from 1 to 100: the share of the account's rate limit Purge Watch may use (default 50).",
      ExitCode.usage,
    );
  }
  return { ...DEFAULT_BUDGET, share: percent / 100 };
}

export function scaledSchedule(scale: number): Partial<ScheduleOptions> {
  if (scale === 1) return {};
  return {
    minIntervalMs: DEFAULT_SCHEDULE.minIntervalMs * scale,
    maxIntervalMs: DEFAULT_SCHEDULE.maxIntervalMs * scale,
    firstCheckAfterMs: DEFAULT_SCHEDULE.firstCheckAfterMs * scale,
    errorBackoffMs: DEFAULT_SCHEDULE.errorBackoffMs * scale,
  };
}
