// The user's settings, declared once: one row per setting with its default and what a valid
// value is. Everything else comes from this table: the `Settings` type, the IPC validator
// (shared/ipc.ts), the settings file's JSON schema and its reader (main/profile/settings-store.ts).
// A new setting is one row here. Imports nothing outside src/shared.
import { accountNameProblem, ENVIRONMENT_ACCOUNT, MAX_ACCOUNT_NAME } from './account';
import { acceleratorProblem, DEFAULT_OPEN_SHORTCUT, MAX_ACCELERATOR } from './accelerator';
import { DEFAULT_KEEP_FINISHED_MS } from './purge';

/** The JSON schema of one setting in the settings file (conf / electron-store check writes with it). */
export interface SettingSchema {
  type: 'boolean' | 'number' | 'integer' | 'string';
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}

/** One setting: its default, which values hold, and the same rule as schema and as words. */
interface Setting<T> {
  readonly default: T;
  holds(value: unknown): value is T;
  readonly schema: SettingSchema;
  /** What a valid value is, in words: `"rateShare" must be <expects>.` */
  readonly expects: string;
}

/** The share of the account's rate limit a setting may give: 1 % to all of it. */
const RATE_SHARE_LIMITS = { min: 0.01, max: 1 } as const;
/** The share of the account's advertised allowance status checks spend unless told otherwise. */
export const DEFAULT_SHARE = 0.5;
/** How long finished purges may be kept: an hour to a year (whole milliseconds). */
const KEEP_FINISHED_LIMITS = { min: 60 * 60_000, max: 365 * 24 * 60 * 60_000 } as const;

function onOff(defaultValue: boolean): Setting<boolean> {
  return {
    default: defaultValue,
    holds: (value): value is boolean => typeof value === 'boolean',
    schema: { type: 'boolean' },
    expects: 'true or false',
  };
}

/** A number within `limits` (NaN and infinities never are), a whole one when `whole`. */
function within(
  limits: { readonly min: number; readonly max: number },
  defaultValue: number,
  expects: string,
  whole = false,
): Setting<number> {
  return {
    default: defaultValue,
    holds: (value): value is number =>
      typeof value === 'number' &&
      value >= limits.min &&
      value <= limits.max &&
      (!whole || Number.isInteger(value)),
    schema: { type: whole ? 'integer' : 'number', minimum: limits.min, maximum: limits.max },
    expects,
  };
}

export const SETTINGS = {
  /** Notifications are shown (the tray and the window show everything either way). */
  notifications: onOff(true),
  /** Notifications are held until this time (epoch ms); 0 when not snoozed. */
  snoozedUntil: {
    default: 0,
    holds: (value): value is number =>
      typeof value === 'number' && Number.isFinite(value) && value >= 0,
    schema: { type: 'number', minimum: 0 },
    expects: 'a time',
  } satisfies Setting<number>,
  launchAtLogin: onOff(false),
  /** Look for a new version at start and every 6 hours (installed only on the user's click). */
  checkForUpdates: onOff(true),
  /** The share (0.01–1) of the account's advertised rate limit that status checks may spend. */
  rateShare: within(
    RATE_SHARE_LIMITS,
    DEFAULT_SHARE,
    `a share from ${RATE_SHARE_LIMITS.min} to ${RATE_SHARE_LIMITS.max}`,
  ),
  /** How long finished purges (completed, not found, given up) stay listed, in ms. */
  keepFinishedMs: within(
    KEEP_FINISHED_LIMITS,
    DEFAULT_KEEP_FINISHED_MS,
    'from an hour to a year',
    true,
  ),
  /**
   * The account new IDs are looked up with first and URLs are purged with; '' lets the lookup
   * order choose (shared/account.ts).
   */
  defaultAccount: {
    default: '',
    holds: (value): value is string =>
      value === '' ||
      (typeof value === 'string' &&
        (value === ENVIRONMENT_ACCOUNT || accountNameProblem(value) === undefined)),
    schema: { type: 'string', maxLength: MAX_ACCOUNT_NAME },
    expects: 'an account name',
  } satisfies Setting<string>,
  /** Once a URL purge completes, check what the CDN serves for it (core/freshness/freshness-watch.ts). */
  verifyFreshness: onOff(true),
  /** Notifications play the system's sound (Electron's `silent` when off). */
  notificationSound: onOff(true),
  /** A key combination opens the window from any app (`openWindowShortcut`). */
  openWindowShortcutOn: onOff(true),
  /** That combination, as an Electron accelerator ("CommandOrControl+Alt+Shift+P"). */
  openWindowShortcut: {
    default: DEFAULT_OPEN_SHORTCUT,
    holds: (value): value is string =>
      typeof value === 'string' && acceleratorProblem(value) === undefined,
    schema: { type: 'string', maxLength: MAX_ACCELERATOR },
    expects: 'a shortcut: modifiers (at least one besides Shift), then a key',
  } satisfies Setting<string>,
} as const;

export type SettingName = keyof typeof SETTINGS;
type ValueOf<S> = S extends Setting<infer T> ? T : never;

/** User settings kept by the app (not the key: that lives in the keychain). */
export type Settings = { -readonly [K in SettingName]: ValueOf<(typeof SETTINGS)[K]> };

export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/** Every setting's default. */
export const DEFAULT_SETTINGS: Readonly<Settings> = readSettings(() => undefined);

/** Every setting as `valueOf` gives it, its default where that value does not hold (or is none). */
export function readSettings(valueOf: (name: SettingName) => unknown): Settings {
  return Object.fromEntries(
    SETTING_NAMES.map((name) => {
      const setting: Setting<unknown> = SETTINGS[name];
      const value = valueOf(name);
      return [name, setting.holds(value) ? value : setting.default];
    }),
  ) as Settings;
}

/**
 * The settings `fields` names (a patch), each checked; `refuse` is called with the first that
 * does not hold, and what it should be, in words.
 */
export function readSettingsPatch(
  fields: Readonly<Record<string, unknown>>,
  refuse: (name: SettingName, expects: string) => never,
): Partial<Settings> {
  const patch: Record<string, unknown> = {};
  for (const name of SETTING_NAMES) {
    const value = fields[name];
    if (value === undefined) continue;
    const setting: Setting<unknown> = SETTINGS[name];
    if (!setting.holds(value)) refuse(name, setting.expects);
    patch[name] = value;
  }
  return patch as Partial<Settings>;
}
