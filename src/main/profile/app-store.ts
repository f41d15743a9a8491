// The app's settings file in userData (electron-store); the tracked purges have their own
// writer (`core/storage/purge-file.ts`: kept in memory, written whole and atomically, never re-read). Files are
// 0600. A file that cannot be parsed is moved aside (never deleted), a fresh one is started, and
// the caller is told so it can tell the user, once. A folder or a file that cannot be used never
// stops the app: purges are then tracked in memory (the tracker says why), settings are the
// defaults, in memory.
import path from 'node:path';
import ElectronStore from 'electron-store';
import type { Clock } from '../../core/clock';
import { makeFolder } from '../../core/storage/make-folder';
import type { RecoveredStore } from '../../core/storage/store-file';
import { openStoreFile, parseStoreText } from '../../core/storage/store-file';
import type { Settings } from '../../shared/settings';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import type { SettingsFile } from './settings-store';
import { settingsStoreOptions } from './settings-store';

interface OpenedStore<T> {
  store: T;
  recovered?: RecoveredStore;
}

export function openSettingsFile(
  directory: string,
  clock: Pick<Clock, 'now'>,
): OpenedStore<SettingsFile> {
  const { configName, ...options } = settingsStoreOptions;
  try {
    // Made here, level by level: electron-store (conf) makes it with Node's recursive mkdir,
    // which never returns where a level cannot be made under a parent that exists (/proc).
    makeFolder(directory);
    return openStoreFile(
      () =>
        new ElectronStore<Settings>({
          ...options,
          deserialize: parseStoreText,
          name: configName,
          cwd: directory,
        }) as unknown as SettingsFile,
      path.join(directory, `${configName}.json`),
      clock,
    );
  } catch {
    return { store: new MemorySettingsFile() };
  }
}

/** Settings that live for this run only: the defaults, then what the user changes. */
class MemorySettingsFile implements SettingsFile {
  private readonly values: Record<string, unknown> = { ...DEFAULT_SETTINGS };

  get store(): Readonly<Record<string, unknown>> {
    return this.values;
  }

  set(key: string, value: unknown): void {
    this.values[key] = value;
  }
}
