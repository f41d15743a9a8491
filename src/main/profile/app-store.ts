// The app's settings file in userData (electron-store); the tracked purges have their own
// writer (`core/storage/purge-file.ts`: kept in memory, written whole and atomically, never re-read). Files are
// 0600. A file that cannot be parsed is moved aside (never deleted), a fresh one is started, and
// the caller is told so it can tell the user, once: at start, or when a file that could not be
// opened at start opens later and is found so. A folder or a file that cannot be used never
// stops the app: purges are then tracked in memory (the tracker says why), settings are what the
// file holds if it can be read, else the defaults, and changes apply in memory (the settings
// store says why, and opens the file again a minute later: ./settings-store.ts).
import path from 'node:path';
import ElectronStore from 'electron-store';
import type { Clock } from '../../core/clock';
import { makeFolder } from '../../core/storage/make-folder';
import type { SetAsideListener } from '../../core/storage/store-file';
import {
  openStoreFile,
  parseStoreText,
  readStoreFile,
  reasonOf,
} from '../../core/storage/store-file';
import type { Settings } from '../../shared/settings';
import type { SettingsFile } from './settings-store';
import { settingsStoreOptions } from './settings-store';

interface OpenedSettings {
  store: SettingsFile;
  /** Why it could not be opened, in a word (EACCES): the store opens it again later. */
  openFailure?: string;
}

/** `onSetAside` hears where a file that could not be parsed went, when it is found so. */
export function openSettingsFile(
  directory: string,
  clock: Pick<Clock, 'now'>,
  onSetAside: SetAsideListener,
): OpenedSettings {
  const { configName, ...options } = settingsStoreOptions;
  const filePath = path.join(directory, `${configName}.json`);
  const open = (): SettingsFile => {
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
      filePath,
      clock,
      onSetAside,
    );
  };
  try {
    return { store: open() };
  } catch (error) {
    return { store: new UnopenedSettingsFile(filePath, open), openFailure: reasonOf(error) };
  }
}

/**
 * The settings file when it could not be opened (conf writes it as it opens: a folder that
 * cannot be written fails): what it holds, read as it is if it can be, else the defaults, until
 * a save opens it.
 */
class UnopenedSettingsFile implements SettingsFile {
  private opened: SettingsFile | undefined;
  private readonly values: Readonly<Record<string, unknown>>;

  constructor(
    readonly path: string,
    private readonly reopen: () => SettingsFile,
  ) {
    let read: unknown;
    try {
      read = readStoreFile(path);
    } catch {
      // Not readable either: the defaults (SettingsStore reads what is missing as them).
    }
    this.values = isRecord(read) ? read : {};
  }

  get store(): Readonly<Record<string, unknown>> {
    return this.opened ? this.opened.store : this.values;
  }

  open(): void {
    this.opened ??= this.reopen();
  }

  set(key: string, value: unknown): void {
    this.open();
    this.opened!.set(key, value);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
