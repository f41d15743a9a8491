// The store file outside Electron (CLI, tests, benchmarks): conf, with the same options the app
// gives electron-store.
import path from 'node:path';
import Conf from 'conf';
import type { Clock } from './clock';
import type { ConfLikeStore, RecoveredStore } from './purge-store';
import { openStoreFile, purgeStoreSchema } from './purge-store';

/** Options shared by conf (here) and electron-store (the app). */
export const purgeStoreOptions = {
  configName: 'purges',
  schema: purgeStoreSchema,
  /** Only the user may read which URLs they purge. */
  configFileMode: 0o600,
  clearInvalidConfig: false,
} as const;

export function openConfPurgeStore(
  directory: string,
  clock: Pick<Clock, 'now'>,
): { store: ConfLikeStore; recovered?: RecoveredStore } {
  const filePath = path.join(directory, `${purgeStoreOptions.configName}.json`);
  return openStoreFile(
    () => new Conf({ ...purgeStoreOptions, cwd: directory, projectName: 'purge-watch' }),
    filePath,
    clock,
  );
}
