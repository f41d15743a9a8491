// What the CLI knows about how long each account's purges take: the app's duration history in
// the app's profile directory (read by every command, written by those that wait, safely while
// the app writes it too: core/storage/shared-file.ts), and the estimate fields it prints.
import path from 'node:path';
import { DurationHistory, durationHistoryFile } from '../core/storage/duration-history';
import type { PurgeEstimate } from '../shared/duration-estimate';
import type { CliContext } from './cli-context';
import type { Output } from './output';
import { saySetAside } from './set-aside';

const APP_DIRECTORY = 'Purge Watch';

/**
 * The app's profile directory: PURGE_WATCH_USER_DATA, else where Electron keeps the app's
 * userData on this platform (undefined when the environment does not say where home is).
 */
export function profileDirectory(
  context: Pick<CliContext, 'env' | 'platform'>,
): string | undefined {
  const { env } = context;
  if (env.PURGE_WATCH_USER_DATA) return path.resolve(env.PURGE_WATCH_USER_DATA);
  switch (context.platform ?? 'linux') {
    case 'win32':
      return env.APPDATA ? path.join(env.APPDATA, APP_DIRECTORY) : undefined;
    case 'darwin':
      return env.HOME
        ? path.join(env.HOME, 'Library', 'Application Support', APP_DIRECTORY)
        : undefined;
    default: {
      const config = env.XDG_CONFIG_HOME || (env.HOME && path.join(env.HOME, '.config'));
      return config ? path.join(config, APP_DIRECTORY) : undefined;
    }
  }
}

/**
 * The app's duration history (empty when there is none, or no profile). What a command's tracker
 * records in it is written into the same file the app keeps, at the latest when it closes; a
 * file that is not JSON is moved aside at once (as the ledger is), and said.
 */
export function durationHistory(context: CliContext, output: Output): DurationHistory {
  const directory = profileDirectory(context);
  const onSetAside = saySetAside(
    output,
    'the purge durations file',
    'the history of how long purges take starts again',
  );
  const history = new DurationHistory({
    clock: context.clock,
    file:
      directory === undefined
        ? undefined
        : durationHistoryFile(directory, context.clock, onSetAside),
  });
  history.flush();
  return history;
}

/** `expectedBy` (ISO times) and `longerThanUsual` for a pending purge's JSON object. */
export function estimateData(estimate: PurgeEstimate | undefined): object {
  if (!estimate) return {};
  return {
    expectedBy: {
      earliest: new Date(estimate.expectedBy.earliest).toISOString(),
      latest: new Date(estimate.expectedBy.latest).toISOString(),
    },
    longerThanUsual: estimate.slow,
  };
}
