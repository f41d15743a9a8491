// The user's settings (notifications and their sound, snooze, launch at login, update checks,
// the share of the rate limit to spend, how long finished purges stay, the default account,
// checking the CDN after a purge, the shortcut that opens the window) in their own store file,
// its schema and reader derived from the one table of settings (shared/settings.ts). Implements
// the WatchService's SettingsPort; changing "launch at login" changes the login item first (and
// reads back what the system then says), and changing the shortcut registers it first: a
// failure there changes nothing. The system is asked of the login item only where its answer can
// have changed (at start, on a change, when the user may come back from the system's settings);
// what it said last is kept for the tray, which is built again at every change of status.
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
  /** Every value the file holds: conf reads and parses the file at each access, so once a get(). */
  readonly store: Readonly<Record<string, unknown>>;
  set(key: string, value: unknown): void;
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

export class SettingsStore implements SettingsPort {
  /** What the system said of the login item when last asked; undefined if it could not be. */
  private loginItemSaid: LoginItemStatus | undefined;

  constructor(
    private readonly file: SettingsFile,
    private readonly loginItem: LoginItem,
    /** The shortcut that opens the window (none in the CLI's and tests' stores). */
    private readonly shortcut?: OpenShortcut,
  ) {}

  get(): Settings {
    const stored = this.file.store;
    return readSettings((name) => stored[name]);
  }

  /**
   * Applies a (validated) patch. Throws, changing nothing, when the login item cannot be set, or
   * the system, asked again, does not have it as asked.
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
    for (const key of SETTING_NAMES) {
      const value = patch[key];
      if (value !== undefined && value !== current[key]) this.file.set(key, value);
    }
    return this.get();
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
    if (enabled !== this.get().launchAtLogin) this.file.set('launchAtLogin', enabled);
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
