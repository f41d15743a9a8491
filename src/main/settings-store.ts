// The user's settings (notifications and their sound, snooze, launch at login, the share of the
// rate limit to spend, how long finished purges stay, the default account, the shortcut that
// opens the window) in their own store file, with defaults, a schema and migrations. Implements
// the WatchService's SettingsPort; changing "launch at login" changes the login item first, and
// changing the shortcut registers it first: a failure there changes nothing.
import type { SettingsPort } from '../core/watch-service';
import { DEFAULT_BUDGET, DEFAULT_SHARE } from '../core/request-budget';
import type { TrackerOptions } from '../core/tracker';
import type { Settings } from '../shared/ipc';
import { isSettingInRange, KEEP_FINISHED_LIMITS, RATE_SHARE_LIMITS } from '../shared/ipc';
import { DEFAULT_KEEP_FINISHED_MS } from '../shared/purge';
import { accountNameProblem, ENVIRONMENT_ACCOUNT, MAX_ACCOUNT_NAME } from '../shared/account';
import { acceleratorProblem, DEFAULT_OPEN_SHORTCUT, MAX_ACCELERATOR } from '../shared/accelerator';
import type { LoginItem } from './login-item';
import type { OpenShortcut } from './open-shortcut';

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  notifications: true,
  snoozedUntil: 0,
  launchAtLogin: false,
  rateShare: DEFAULT_SHARE,
  keepFinishedMs: DEFAULT_KEEP_FINISHED_MS,
  defaultAccount: '',
  notificationSound: true,
  openWindowShortcutOn: true,
  openWindowShortcut: DEFAULT_OPEN_SHORTCUT,
};

export const settingsSchema = {
  notifications: { type: 'boolean', default: true },
  snoozedUntil: { type: 'number', minimum: 0, default: 0 },
  launchAtLogin: { type: 'boolean', default: false },
  rateShare: {
    type: 'number',
    minimum: RATE_SHARE_LIMITS.min,
    maximum: RATE_SHARE_LIMITS.max,
    default: DEFAULT_SHARE,
  },
  keepFinishedMs: {
    type: 'integer',
    minimum: KEEP_FINISHED_LIMITS.min,
    maximum: KEEP_FINISHED_LIMITS.max,
    default: DEFAULT_KEEP_FINISHED_MS,
  },
  defaultAccount: { type: 'string', maxLength: MAX_ACCOUNT_NAME, default: '' },
  notificationSound: { type: 'boolean', default: true },
  openWindowShortcutOn: { type: 'boolean', default: true },
  openWindowShortcut: {
    type: 'string',
    maxLength: MAX_ACCELERATOR,
    default: DEFAULT_OPEN_SHORTCUT,
  },
} as const;

/** The store file as settings use it (conf and electron-store both fit). */
export interface SettingsFile {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  has(key: string): boolean;
  delete(key: string): void;
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
  constructor(
    private readonly file: SettingsFile,
    private readonly loginItem: LoginItem,
    /** The shortcut that opens the window (none in the CLI's and tests' stores). */
    private readonly shortcut?: OpenShortcut,
  ) {}

  get(): Settings {
    const notifications = this.file.get('notifications');
    const snoozedUntil = this.file.get('snoozedUntil');
    const launchAtLogin = this.file.get('launchAtLogin');
    const rateShare = this.file.get('rateShare');
    const keepFinishedMs = this.file.get('keepFinishedMs');
    const defaultAccount = this.file.get('defaultAccount');
    const notificationSound = this.file.get('notificationSound');
    const shortcutOn = this.file.get('openWindowShortcutOn');
    const shortcut = this.file.get('openWindowShortcut');
    return {
      notifications:
        typeof notifications === 'boolean' ? notifications : DEFAULT_SETTINGS.notifications,
      snoozedUntil:
        typeof snoozedUntil === 'number' && Number.isFinite(snoozedUntil) && snoozedUntil >= 0
          ? snoozedUntil
          : DEFAULT_SETTINGS.snoozedUntil,
      launchAtLogin:
        typeof launchAtLogin === 'boolean' ? launchAtLogin : DEFAULT_SETTINGS.launchAtLogin,
      rateShare: isSettingInRange(rateShare, RATE_SHARE_LIMITS)
        ? rateShare
        : DEFAULT_SETTINGS.rateShare,
      keepFinishedMs:
        isSettingInRange(keepFinishedMs, KEEP_FINISHED_LIMITS) && Number.isInteger(keepFinishedMs)
          ? keepFinishedMs
          : DEFAULT_SETTINGS.keepFinishedMs,
      defaultAccount: isAccountName(defaultAccount)
        ? defaultAccount
        : DEFAULT_SETTINGS.defaultAccount,
      notificationSound:
        typeof notificationSound === 'boolean'
          ? notificationSound
          : DEFAULT_SETTINGS.notificationSound,
      openWindowShortcutOn:
        typeof shortcutOn === 'boolean' ? shortcutOn : DEFAULT_SETTINGS.openWindowShortcutOn,
      openWindowShortcut:
        typeof shortcut === 'string' && acceleratorProblem(shortcut) === undefined
          ? shortcut
          : DEFAULT_SETTINGS.openWindowShortcut,
    };
  }

  /** Applies a (validated) patch. Throws, changing nothing, when the login item cannot be set. */
  set(patch: Partial<Settings>): Settings {
    const current = this.get();
    if (patch.launchAtLogin !== undefined && patch.launchAtLogin !== this.loginItem.isEnabled()) {
      try {
        this.loginItem.setEnabled(patch.launchAtLogin);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`Could not change launch at login: ${reason}`);
      }
    }
    const on = patch.openWindowShortcutOn ?? current.openWindowShortcutOn;
    const accelerator = patch.openWindowShortcut ?? current.openWindowShortcut;
    if (on !== current.openWindowShortcutOn || accelerator !== current.openWindowShortcut) {
      // Throws, keeping the shortcut that was set, when the system refuses the new one.
      this.shortcut?.change(on ? accelerator : undefined);
    }
    for (const key of [
      'notifications',
      'snoozedUntil',
      'launchAtLogin',
      'rateShare',
      'keepFinishedMs',
      'defaultAccount',
      'notificationSound',
      'openWindowShortcutOn',
      'openWindowShortcut',
    ] as const) {
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
      enabled = this.loginItem.isEnabled();
    } catch {
      return this.get();
    }
    if (enabled !== this.get().launchAtLogin) this.file.set('launchAtLogin', enabled);
    return this.get();
  }
}

function isAccountName(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    (value === ENVIRONMENT_ACCOUNT || accountNameProblem(value) === undefined)
  );
}
