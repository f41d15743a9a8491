// The user's settings (notifications and their sound, snooze, launch at login, update checks,
// the share of the rate limit to spend, how long finished purges stay, the default account,
// checking the CDN after a purge, the shortcut that opens the window) in their own store file,
// its schema and reader derived from the one table of settings (shared/settings.ts). Implements
// the WatchService's SettingsPort; changing "launch at login" changes the login item first (and
// reads back what the system then says), and changing the shortcut registers it first: a
// failure there changes nothing. The system is asked of the login item only where its answer can
// have changed (at start, on a change, when the user may come back from the system's settings);
// what it said last is kept for the tray, which is built again at every change of status.
// A change the file cannot take (a profile folder that cannot be written, a full disk) applies
// all the same, is kept, and is written with the next change or by a retry, as the other
// stores' writes are (core/storage/coalescing-writer.ts); `problem` says why meanwhile.
import type { Clock } from '../../core/clock';
import { systemClock } from '../../core/clock';
import { CoalescingWriter } from '../../core/storage/coalescing-writer';
import { TypedEvents } from '../../core/typed-events';
import type { SettingsPort } from '../../core/tracking/watch-service';
import { DEFAULT_BUDGET } from '../../core/tracking/request-budget';
import type { TrackerOptions } from '../../core/tracking/tracker';
import type { LoginItemStatus } from '../../shared/ipc';
import type { SettingName, Settings, SettingSchema } from '../../shared/settings';
import { DEFAULT_SETTINGS, readSettings, SETTING_NAMES, SETTINGS } from '../../shared/settings';
import type { LoginItem } from '../desktop/login-item';
import type { OpenShortcut } from '../desktop/open-shortcut';

/** The settings file's JSON schema: each setting's rule and default (shared/settings.ts). */
const settingsSchema = Object.fromEntries(
  SETTING_NAMES.map((name) => [
    name,
    { ...SETTINGS[name].schema, default: SETTINGS[name].default },
  ]),
) as Record<SettingName, SettingSchema & { default: unknown }>;

/** The store file as settings use it (conf and electron-store both fit). */
export interface SettingsFile {
  /**
   * Every value the file holds: conf reads and parses the file at each access, so once a get().
   * Throws when the file cannot be read.
   */
  readonly store: Readonly<Record<string, unknown>>;
  /** Throws when the file cannot be written: it holds what it held. */
  set(key: string, value: unknown): void;
  /** A file that could not be opened at start opens now; throws when it still cannot. */
  open?(): void;
  /** Where it is (conf's and electron-store's `path`): named when it cannot be saved. */
  readonly path?: string;
}

/** Options shared by electron-store (the app) and conf (tests): same file, same rules. */
export const settingsStoreOptions = {
  configName: 'settings',
  schema: settingsSchema,
  defaults: { ...DEFAULT_SETTINGS },
  configFileMode: 0o600,
  clearInvalidConfig: false,
} as const;

/** What the tracker starts with from the settings (later changes apply through the service). */
export function trackerSettings(
  settings: Settings,
): Pick<TrackerOptions, 'budget' | 'keepFinishedMs'> {
  return {
    budget: { ...DEFAULT_BUDGET, share: settings.rateShare },
    keepFinishedMs: settings.keepFinishedMs,
  };
}

interface SettingsStoreOptions {
  /** The shortcut that opens the window (none in the CLI's and tests' stores). */
  shortcut?: OpenShortcut;
  /** The clock of the retries of a failed save (default: the system's). */
  clock?: Clock;
  /** Why the file could not be opened at start, in a word (EACCES): it is opened again soon. */
  openFailure?: string;
}

/**
 * How long a save waits after a failed one: a minute, not the other stores' few seconds. conf
 * writes through `atomically`, which retries EACCES and EPERM in a loop for up to a second on the
 * main process; the next change saves at once anyway.
 */
const RETRY_MS = 60_000;

export class SettingsStore implements SettingsPort {
  /** What the system said of the login item when last asked; undefined if it could not be. */
  private loginItemSaid: LoginItemStatus | undefined;
  private readonly shortcut: OpenShortcut | undefined;
  /** Changes the file could not take yet: they apply, and are written with the next save. */
  private readonly unsaved = new Map<SettingName, unknown>();
  /** What the file held when last read: what applies while it cannot be read. */
  private lastRead: Readonly<Record<string, unknown>> = {};
  private readonly writer: CoalescingWriter;
  private readonly events = new TypedEvents<{ problem: undefined }>();

  constructor(
    private readonly file: SettingsFile,
    private readonly loginItem: LoginItem,
    options: SettingsStoreOptions = {},
  ) {
    this.shortcut = options.shortcut;
    const describe = (reason: string): string =>
      `The settings could not be saved${file.path === undefined ? '' : ` to ${file.path}`} (${reason}).`;
    const { openFailure } = options;
    this.writer = new CoalescingWriter({
      clock: options.clock ?? systemClock,
      coalesceMs: RETRY_MS,
      describe,
      onProblem: () => this.events.emit('problem', undefined),
      ...(openFailure === undefined ? {} : { problem: describe(openFailure) }),
    });
    // Opened a minute from now, then as a failed save is retried, until it opens.
    if (openFailure !== undefined) this.writer.writeSoon(() => this.writeUnsaved());
  }

  /** Why the settings could not be saved last time (they apply, and saving is tried again). */
  get problem(): string | undefined {
    return this.writer.problem;
  }

  /** Called when `problem` changes: a save failed, or works again. */
  onProblem(listener: () => void): () => void {
    return this.events.on('problem', listener);
  }

  get(): Settings {
    try {
      this.lastRead = this.file.store;
    } catch {
      // Not readable now (its folder gone): as it was last read.
    }
    const stored = this.lastRead;
    const unsaved = this.unsaved;
    return readSettings((name) => (unsaved.has(name) ? unsaved.get(name) : stored[name]));
  }

  /**
   * Applies a (validated) patch. Throws, changing nothing, when the login item cannot be set, or
   * the system, asked again, does not have it as asked. A patch the file cannot take applies
   * all the same (`problem` says why it is not saved).
   */
  set(patch: Partial<Settings>): Settings {
    const current = this.get();
    const login = patch.launchAtLogin;
    if (login !== undefined && login !== this.askLoginItem().on) {
      try {
        this.loginItem.setEnabled(login);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`Could not change launch at login: ${reason}`);
      }
      if (this.askLoginItem().on !== login) {
        throw new Error(
          `Could not change launch at login: the system ${login ? 'did not add' : 'kept'} the login item.`,
        );
      }
    }
    const on = patch.openWindowShortcutOn ?? current.openWindowShortcutOn;
    const accelerator = patch.openWindowShortcut ?? current.openWindowShortcut;
    if (on !== current.openWindowShortcutOn || accelerator !== current.openWindowShortcut) {
      // Throws, keeping the shortcut that was set, when the system refuses the new one.
      this.shortcut?.change(on ? accelerator : undefined);
    }
    this.save(
      SETTING_NAMES.filter((key) => patch[key] !== undefined && patch[key] !== current[key]).map(
        (key) => [key, patch[key]],
      ),
    );
    return this.get();
  }

  /** Saves what the file could not take yet, now (quit), and arms no retry. */
  close(): void {
    this.writer.close();
  }

  /** `changes` apply at once, and are written now with what waits; kept when they cannot be. */
  private save(changes: ReadonlyArray<readonly [SettingName, unknown]>): void {
    if (changes.length === 0) return;
    for (const [key, value] of changes) this.unsaved.set(key, value);
    this.writer.writeNow(() => this.writeUnsaved());
  }

  /** Writes the changes not written yet, one by one: each written is no longer kept. */
  private writeUnsaved(): void {
    this.file.open?.();
    for (const [key, value] of this.unsaved) {
      this.file.set(key, value);
      this.unsaved.delete(key);
    }
  }

  /**
   * At start: the login item is the truth for "launch at login" (the user may have removed
   * it in the system's settings), and the shortcut that opens the window is registered.
   */
  reconcile(): Settings {
    const { openWindowShortcutOn, openWindowShortcut } = this.get();
    this.shortcut?.start(openWindowShortcutOn ? openWindowShortcut : undefined);
    let enabled: boolean;
    try {
      enabled = this.askLoginItem().on;
    } catch {
      return this.get();
    }
    if (enabled !== this.get().launchAtLogin) this.save([['launchAtLogin', enabled]]);
    return this.get();
  }

  /**
   * Launch at login as the system says now (set, and whether it holds it back), or undefined
   * when the system cannot be asked. Never throws.
   */
  loginItemStatus(): LoginItemStatus | undefined {
    try {
      return this.askLoginItem();
    } catch {
      return undefined;
    }
  }

  /**
   * Launch at login as the system said when last asked (at start, on a change, or through
   * loginItemStatus()), without asking it: undefined when it could not be asked.
   */
  get lastLoginItemStatus(): LoginItemStatus | undefined {
    return this.loginItemSaid;
  }

  private askLoginItem(): LoginItemStatus {
    try {
      this.loginItemSaid = this.loginItem.state();
    } catch (error) {
      this.loginItemSaid = undefined;
      throw error;
    }
    return this.loginItemSaid;
  }
}
