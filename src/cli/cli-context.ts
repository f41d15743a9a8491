// What a CLI command runs with: its streams, environment, clock and ports. The entry point
// passes the real ones; nothing below reads process.* directly.
import type { Clock } from '../core/clock';
import type { FetchPort } from '../core/imagekit-client';
import { ImageKitClient } from '../core/imagekit-client';
import { BaseUrlError } from '../core/base-url';
import type { Keychain } from '../core/keychain';
import { PrivateKeySource } from '../core/key-source';
import type { ScheduleOptions } from '../core/poll-schedule';
import { DEFAULT_SCHEDULE } from '../core/poll-schedule';
import { USER_AGENT } from '../shared/version';
import { CliError, ExitCode } from './exit-codes';

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
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
}

export function keySource(context: CliContext): PrivateKeySource {
  return new PrivateKeySource(context.keychain, context.env.IMAGEKIT_PRIVATE_KEY);
}

/** The API client, or a usage error (exit 2) for a base URL that would expose the key. */
export function apiClient(context: CliContext): ImageKitClient {
  const keys = keySource(context);
  try {
    return new ImageKitClient({
      fetch: context.fetch,
      privateKey: () => keys.get(),
      baseUrl: context.env.IMAGE_KIT_BASE_URL,
      userAgent: USER_AGENT,
    });
  } catch (error) {
    if (error instanceof BaseUrlError) throw new CliError(error.message, ExitCode.usage);
    throw error;
  }
}

/**
 * PURGE_WATCH_POLL_SCALE (e.g. 0.01) shortens every polling delay: for tests and demos against
 * a local fake ImageKit server. Never useful against the real API.
 */
export function pollScale(context: CliContext): number {
  const scale = Number(context.env.PURGE_WATCH_POLL_SCALE);
  return Number.isFinite(scale) && scale > 0 && scale <= 1 ? scale : 1;
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

export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}
