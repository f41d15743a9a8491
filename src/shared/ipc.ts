// The one contract between the window (renderer, through the preload) and the main process:
// channel names, payload validators, and the API the preload exposes. Imports nothing of ours
// but the domain types.
import type { AccountInfo } from './account';
import { accountNameProblem, DEFAULT_ACCOUNT, ENVIRONMENT_ACCOUNT } from './account';
import type { DurationSummary } from './duration-estimate';
import type {
  AddResult,
  PurgeRequest,
  PurgesChanged,
  RejectedInput,
  SubmitResult,
  TrackerStatus,
} from './purge';
import type { Settings } from './settings';
import { readSettingsPatch, SETTING_NAMES } from './settings';
import type { UpdateStatus } from './update';

/**
 * Whether the shortcut that opens the window works: off; on; refused by the system (another app
 * holds it); or handed to the desktop, which may ask the user or ignore it (Linux on Wayland:
 * the app cannot tell).
 */
export interface ShortcutStatus {
  state: 'off' | 'on' | 'refused' | 'unconfirmed';
  /** The accelerator this is about. */
  accelerator: string;
}

/**
 * What holds a set login item back: the system will not start the app at login until the user
 * acts, where each system says. Windows: turned off in Task Manager; macOS 13+: waiting for the
 * user's approval in System Settings; Linux: turned off in the desktop's startup applications.
 */
export type LoginItemHold = 'task-manager' | 'approval' | 'desktop';

/** "Launch at login" as the system answers when asked, not as it was last set. */
export interface LoginItemStatus {
  /** The login item is set. */
  on: boolean;
  /** Set, but the system will not start the app at login: why. Absent when it will. */
  held?: LoginItemHold;
}

/** What the window may know about an account's private key: never the key itself. */
export interface KeyStatus {
  /** The account whose key this is. */
  account: string;
  /** Where the key in use comes from. */
  source: 'keychain' | 'environment' | 'none';
  /** The keychain's name for users, e.g. "the macOS Keychain". */
  keychain: string;
  /** Set when the keychain could not be used, with what to do about it. */
  problem?: string;
}

/** The accounts there are, in lookup order (the default first), and why some may be missing. */
export interface AccountsState {
  accounts: AccountInfo[];
  /** Set when the keychain could not list its accounts (only the environment's show then). */
  problem?: string;
  /**
   * The accounts whose names differ only in case (made before that was refused), in groups:
   * reported, not merged. Absent when there are none.
   */
  caseClashes?: string[][];
}

/** The tracker's status as the window shows it, with what only the app knows. */
export interface WindowStatus extends TrackerStatus {
  /** Why the system shows no notification (the app's notifier), while it shows none. */
  notificationsUnavailable?: string;
  /** Why the system gave the app no tray icon: the window is where the app is reached. */
  trayUnavailable?: string;
  /**
   * Why the settings could not be saved (settings.json), while they cannot: they apply all the
   * same, and saving is tried again.
   */
  settingsProblem?: string;
  /**
   * Why this month's purge counts could not be saved (purge-ledger.json), while they cannot:
   * they are kept in memory, and saving is tried again.
   */
  ledgerProblem?: string;
}

/** Everything the window shows, in one answer. */
export interface Snapshot {
  purges: PurgeRequest[];
  status: WindowStatus;
  settings: Settings;
  /** The default account's key. */
  key: KeyStatus;
  accounts: AccountsState;
  /** How long the default account's purges take; absent with fewer than 5 completions. */
  durations?: DurationSummary;
  /** The shortcut that opens the window; absent where the app offers none. */
  shortcut?: ShortcutStatus;
  /** Launch at login as the system says; absent where it cannot be asked. */
  loginItem?: LoginItemStatus;
  /** Auto-update's state; absent where the app has no updater (the browser tests' core). */
  update?: UpdateStatus;
}

export interface PurgeUrlsResult {
  results: SubmitResult[];
  rejected: RejectedInput[];
  /**
   * Past 80 % of the account's monthly purge quota (as counted on this machine): how many are
   * left, in words (core/storage/purge-ledger.ts).
   */
  quotaWarning?: string;
}

/** Requests from the window, answered by the main process (ipcRenderer.invoke / ipcMain.handle). */
export const InvokeChannel = {
  getSnapshot: 'purge-watch:get-snapshot',
  addFromText: 'purge-watch:add-from-text',
  purgeUrls: 'purge-watch:purge-urls',
  remove: 'purge-watch:remove',
  clearCompleted: 'purge-watch:clear-completed',
  resume: 'purge-watch:resume',
  checkNow: 'purge-watch:check-now',
  setPollingPaused: 'purge-watch:set-polling-paused',
  setSettings: 'purge-watch:set-settings',
  setPrivateKey: 'purge-watch:set-private-key',
  deletePrivateKey: 'purge-watch:delete-private-key',
  renameAccount: 'purge-watch:rename-account',
  removeAccount: 'purge-watch:remove-account',
  openUrl: 'purge-watch:open-url',
  copyText: 'purge-watch:copy-text',
  checkForUpdates: 'purge-watch:check-for-updates',
  installUpdate: 'purge-watch:install-update',
} as const;
export type InvokeChannelName = keyof typeof InvokeChannel;

/** Pushes from the main process to the window (webContents.send / ipcRenderer.on). */
export const PushChannel = {
  changed: 'purge-watch:changed',
  status: 'purge-watch:status',
  settings: 'purge-watch:settings',
  key: 'purge-watch:key',
  accounts: 'purge-watch:accounts',
  focusPurge: 'purge-watch:focus-purge',
  focusSection: 'purge-watch:focus-section',
  durations: 'purge-watch:durations',
  shortcut: 'purge-watch:shortcut',
  loginItem: 'purge-watch:login-item',
  update: 'purge-watch:update',
} as const;
export type PushChannelName = keyof typeof PushChannel;

export interface PushPayloads {
  changed: PurgesChanged;
  status: WindowStatus;
  settings: Settings;
  key: KeyStatus;
  /** Accounts were added, renamed, removed, or the default changed. */
  accounts: AccountsState;
  /** Show this purge (a notification was clicked). */
  focusPurge: string;
  /**
   * Show this part of the window: the key settings ("Private key…" in the tray menu), or the
   * paste box (the tray's paste item where it cannot read the clipboard: Wayland).
   */
  focusSection: 'key' | 'paste';
  /** A completion was added to the duration history: the default account's figures (from 5 on). */
  durations: DurationSummary;
  /** The shortcut that opens the window was set, turned off, or refused. */
  shortcut: ShortcutStatus;
  /** Launch at login was changed, or the system's answer changed (read when the window is focused). */
  loginItem: LoginItemStatus;
  /** Auto-update's state changed (a look began or ended, a download finished). */
  update: UpdateStatus;
}

/**
 * Payload and answer of each invoke channel; `handled`, where it differs, is the payload as the
 * validator hands it on (an account left out is resolved there, once).
 */
export interface InvokeContract {
  getSnapshot: { payload: undefined; result: Snapshot };
  /** Without `account`, each ID's account is looked up. */
  addFromText: { payload: { text: string; account?: string }; result: AddResult };
  /** Without `account`, purged with the default account. */
  purgeUrls: { payload: { text: string; account?: string }; result: PurgeUrlsResult };
  remove: { payload: { requestIds: string[] }; result: void };
  clearCompleted: { payload: undefined; result: void };
  resume: { payload: { requestId: string }; result: void };
  checkNow: { payload: { requestIds?: string[] }; result: void };
  setPollingPaused: { payload: { paused: boolean }; result: void };
  setSettings: { payload: Partial<Settings>; result: Settings };
  /** Without `account`: DEFAULT_ACCOUNT's key. A new name adds the account. */
  setPrivateKey: {
    payload: { key: string; account?: string };
    handled: { key: string; account: string };
    result: KeyStatus;
  };
  /** Without `account`: DEFAULT_ACCOUNT's key. */
  deletePrivateKey: {
    payload: { account?: string } | undefined;
    handled: { account: string };
    result: KeyStatus;
  };
  renameAccount: { payload: { from: string; to: string }; result: AccountsState };
  /** Without `moveTo`, the account's purges are no longer tracked. */
  removeAccount: { payload: { account: string; moveTo?: string }; result: AccountsState };
  openUrl: { payload: { url: string }; result: void };
  copyText: { payload: { text: string }; result: void };
  /** Look for a new version now (the window's "Check now"). */
  checkForUpdates: { payload: undefined; result: void };
  /** Install the downloaded update and restart; rejects, saying why, when it cannot. */
  installUpdate: { payload: undefined; result: void };
}

/** The payload of channel `K` as its handler gets it, validated. */
export type HandledPayload<K extends InvokeChannelName> = InvokeContract[K] extends {
  handled: infer Handled;
}
  ? Handled
  : InvokeContract[K]['payload'];

/** The API the preload exposes to the window as `window.purgeWatch`. */
export type PurgeWatchApi = {
  [K in InvokeChannelName]: InvokeContract[K]['payload'] extends undefined
    ? () => Promise<InvokeContract[K]['result']>
    : undefined extends InvokeContract[K]['payload']
      ? (payload?: InvokeContract[K]['payload']) => Promise<InvokeContract[K]['result']>
      : (payload: InvokeContract[K]['payload']) => Promise<InvokeContract[K]['result']>;
} & {
  /** Subscribe to a push from the main process; the returned function unsubscribes. */
  on<K extends PushChannelName>(event: K, listener: (payload: PushPayloads[K]) => void): () => void;
};

/** A payload the main process refuses. The message says what was wrong, never echoing secrets. */
export class InvalidPayloadError extends Error {
  override name = 'InvalidPayloadError';
}

/** A paste of MAX_TRACKED_PURGES IDs in JSON or a curl transcript fits with room to spare. */
const MAX_TEXT = 1024 * 1024;
const MAX_IDS = 10_000;

type Validator<T> = (payload: unknown) => T;

function record(payload: unknown, keys: readonly string[]): Record<string, unknown> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new InvalidPayloadError('Expected an object.');
  }
  const extra = Object.keys(payload).filter((key) => !keys.includes(key));
  if (extra.length > 0) throw new InvalidPayloadError(`Unexpected field "${extra[0]}".`);
  return payload as Record<string, unknown>;
}

function text(value: unknown, field: string, max = MAX_TEXT): string {
  if (typeof value !== 'string') throw new InvalidPayloadError(`"${field}" must be text.`);
  if (value.length > max) throw new InvalidPayloadError(`"${field}" is too long.`);
  return value;
}

function requestIdList(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > MAX_IDS) {
    throw new InvalidPayloadError('"requestIds" must be a list of request IDs.');
  }
  return value.map((id) => text(id, 'requestIds', 200));
}

function nothing(payload: unknown): undefined {
  if (payload !== undefined) throw new InvalidPayloadError('Expected no payload.');
  return undefined;
}

function boolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean')
    throw new InvalidPayloadError(`"${field}" must be true or false.`);
  return value;
}

/** An account name a payload may carry: a valid name, or "environment" (never a key). */
function accountName(value: unknown, field: string): string {
  const name = text(value, field, 200);
  if (name !== ENVIRONMENT_ACCOUNT && accountNameProblem(name) !== undefined) {
    throw new InvalidPayloadError(`"${field}" must be an account name.`);
  }
  return name;
}

/** `fields[field]` as an account name, or nothing when it is left out. */
function optionalAccount(fields: Record<string, unknown>, field: string): Record<string, string> {
  return fields[field] === undefined ? {} : { [field]: accountName(fields[field], field) };
}

/** The account whose key a key payload means: the one named, else DEFAULT_ACCOUNT. */
function keyAccount(fields: Record<string, unknown>): string {
  return fields.account === undefined ? DEFAULT_ACCOUNT : accountName(fields.account, 'account');
}

/**
 * Validators for every invoke channel: they return the payload as its handler gets it, or throw
 * InvalidPayloadError.
 */
export const validatePayload: {
  [K in InvokeChannelName]: Validator<HandledPayload<K>>;
} = {
  getSnapshot: nothing,
  addFromText: (p) => {
    const fields = record(p, ['text', 'account']);
    return { text: text(fields.text, 'text'), ...optionalAccount(fields, 'account') };
  },
  purgeUrls: (p) => {
    const fields = record(p, ['text', 'account']);
    return { text: text(fields.text, 'text'), ...optionalAccount(fields, 'account') };
  },
  remove: (p) => ({ requestIds: requestIdList(record(p, ['requestIds']).requestIds) }),
  clearCompleted: nothing,
  resume: (p) => ({ requestId: text(record(p, ['requestId']).requestId, 'requestId', 200) }),
  checkNow: (p) => {
    const fields = record(p, ['requestIds']);
    return fields.requestIds === undefined ? {} : { requestIds: requestIdList(fields.requestIds) };
  },
  setPollingPaused: (p) => ({ paused: boolean(record(p, ['paused']).paused, 'paused') }),
  setSettings: (p) =>
    readSettingsPatch(record(p, SETTING_NAMES), (name, expects) => {
      throw new InvalidPayloadError(`"${name}" must be ${expects}.`);
    }),
  setPrivateKey: (p) => {
    const fields = record(p, ['key', 'account']);
    return { key: text(fields.key, 'key', 1_000), account: keyAccount(fields) };
  },
  deletePrivateKey: (p) => ({ account: keyAccount(p === undefined ? {} : record(p, ['account'])) }),
  renameAccount: (p) => {
    const fields = record(p, ['from', 'to']);
    return { from: accountName(fields.from, 'from'), to: accountName(fields.to, 'to') };
  },
  removeAccount: (p) => {
    const fields = record(p, ['account', 'moveTo']);
    return {
      account: accountName(fields.account, 'account'),
      ...optionalAccount(fields, 'moveTo'),
    };
  },
  openUrl: (p) => {
    const url = text(record(p, ['url']).url, 'url', 8_000);
    if (!/^https?:\/\//i.test(url))
      throw new InvalidPayloadError('Only http(s) links can be opened.');
    return { url };
  },
  copyText: (p) => ({ text: text(record(p, ['text']).text, 'text', 100_000) }),
  checkForUpdates: nothing,
  installUpdate: nothing,
};
