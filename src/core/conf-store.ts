// The store file outside Electron (CLI, tests, benchmarks): conf, with the same options the app
// gives electron-store.
import path from 'node:path';
import Conf from 'conf';
import type { PurgeRequest } from '../shared/purge';
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

/**
 * Opens the store file in `directory`. When the directory cannot hold it (not writable, not a
 * directory), the store returned keeps nothing and fails every write with the reason, trying to
 * open the file again each time: the tracker then runs in memory, says why through its
 * `storageProblem`, and starts saving once the directory is usable.
 */
export function openConfPurgeStore(
  directory: string,
  clock: Pick<Clock, 'now'>,
): { store: ConfLikeStore; recovered?: RecoveredStore } {
  const filePath = path.join(directory, `${purgeStoreOptions.configName}.json`);
  const open = () => new Conf({ ...purgeStoreOptions, cwd: directory, projectName: 'purge-watch' });
  try {
    return openStoreFile(open, filePath, clock);
  } catch {
    return { store: new UnopenedStore(open, filePath) };
  }
}

/** A store whose file could not be opened yet: every write tries again, or throws why not. */
class UnopenedStore implements ConfLikeStore {
  private opened: ConfLikeStore | undefined;

  constructor(
    private readonly open: () => ConfLikeStore,
    readonly path: string,
  ) {}

  get(key: 'purges'): unknown {
    return this.opened?.get(key);
  }

  set(key: 'purges', value: PurgeRequest[]): void {
    this.opened ??= this.open();
    this.opened.set(key, value);
  }
}
