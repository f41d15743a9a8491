// The store file outside Electron (CLI, tests, benchmarks): conf, with the same options the app
// gives electron-store.
import path from 'node:path';
import Conf from 'conf';
import type { Clock } from './clock';
import type { ConfLikeStore, RecoveredStore } from './purge-store';
import { openPurgeStoreFile, parseStoreText, purgeStoreSchema } from './purge-store';

/** Options shared by conf (here) and electron-store (the app). */
export const purgeStoreOptions = {
  configName: 'purges',
  schema: purgeStoreSchema,
  deserialize: parseStoreText,
  /** Compact: the whole list is rewritten on each change, so every byte costs main-process time. */
  serialize: (value: unknown) => JSON.stringify(value),
  /** Only the user may read which URLs they purge. */
  configFileMode: 0o600,
  clearInvalidConfig: false,
} as const;

/**
 * Opens the store file in `directory`. When it cannot be opened, the tracker runs in memory
 * and says why (see `openPurgeStoreFile`).
 */
export function openConfPurgeStore(
  directory: string,
  clock: Pick<Clock, 'now'>,
): { store: ConfLikeStore; recovered?: RecoveredStore } {
  const filePath = path.join(directory, `${purgeStoreOptions.configName}.json`);
  return openPurgeStoreFile(
    () => new Conf({ ...purgeStoreOptions, cwd: directory, projectName: 'purge-watch' }),
    filePath,
    clock,
  );
}
