// The app's store files in userData, through electron-store (the core takes any conf-like
// store): the tracked purges and the settings. Files are 0600. A file that cannot be read is
// moved aside (never deleted), a fresh one is started, and the caller is told so it can tell
// the user, once.
import path from 'node:path';
import ElectronStore from 'electron-store';
import type { Clock } from '../core/clock';
import { purgeStoreOptions } from '../core/conf-store';
import type { ConfLikeStore, RecoveredStore } from '../core/purge-store';
import { openStoreFile } from '../core/purge-store';
import type { PurgeRequest } from '../shared/purge';
import type { Settings } from '../shared/ipc';
import type { SettingsFile } from './settings-store';
import { settingsStoreOptions } from './settings-store';

export interface OpenedStore<T> {
  store: T;
  recovered?: RecoveredStore;
}

export function openPurgeStore(
  directory: string,
  clock: Pick<Clock, 'now'>,
): OpenedStore<ConfLikeStore> {
  const { configName, ...options } = purgeStoreOptions;
  return openStoreFile(
    () =>
      new ElectronStore<{ purges: PurgeRequest[] }>({
        ...options,
        name: configName,
        cwd: directory,
      }) as ConfLikeStore,
    path.join(directory, `${configName}.json`),
    clock,
  );
}

export function openSettingsFile(
  directory: string,
  clock: Pick<Clock, 'now'>,
): OpenedStore<SettingsFile> {
  const { configName, ...options } = settingsStoreOptions;
  return openStoreFile(
    () =>
      new ElectronStore<Settings>({
        ...options,
        name: configName,
        cwd: directory,
      }) as unknown as SettingsFile,
    path.join(directory, `${configName}.json`),
    clock,
  );
}
