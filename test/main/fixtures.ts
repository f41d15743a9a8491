// The engine behind the main process, in memory and virtual time, for the main-process tests:
// a real Tracker, PrivateKeySource, SettingsStore and WatchService over simulated ImageKit,
// a memory store file, a memory keychain and a memory login item.
import { PrivateKeySource } from '../../src/core/accounts/key-source';
import { MemoryKeychain } from '../support/memory-keychain';
import type { ConfLikeStore } from '../../src/core/storage/purge-store';
import { Tracker } from '../../src/core/tracking/tracker';
import { startWatchService } from '../support/watch-service';
import type { LoginItem } from '../../src/main/desktop/login-item';
import type { LoginItemHold, LoginItemStatus } from '../../src/shared/ipc';
import type { SettingsFile } from '../../src/main/profile/settings-store';
import { SettingsStore, trackerSettings } from '../../src/main/profile/settings-store';
import type { PurgeRequest } from '../../src/shared/purge';
import { SimulatedImageKit, requestIdAt } from '../support/simulated-imagekit';
import { VirtualClock } from '../support/virtual-clock';
import { FakeUpdates } from '../support/fake-updates';

export class MemoryPurgeFile implements ConfLikeStore {
  readonly path = '/memory/purges.json';
  constructor(public data: PurgeRequest[] = []) {}
  get(): unknown {
    return structuredClone(this.data);
  }
  set(_key: 'purges', value: PurgeRequest[]): void {
    this.data = structuredClone(value);
  }
}

export class MemorySettingsFile implements SettingsFile {
  constructor(readonly data: Record<string, unknown> = {}) {}
  get store(): Readonly<Record<string, unknown>> {
    return this.data;
  }
  set(key: string, value: unknown): void {
    this.data[key] = value;
  }
  has(key: string): boolean {
    return key in this.data;
  }
}

export class MemoryLoginItem implements LoginItem {
  enabled = false;
  failing = false;
  /** The system takes the change without error but does not make it (macOS 'not-found'). */
  ignoring = false;
  /** What the system says holds a set login item back, if anything. */
  held: LoginItemHold | undefined;
  state(): LoginItemStatus {
    return { on: this.enabled, ...(this.enabled && this.held ? { held: this.held } : {}) };
  }
  setEnabled(enabled: boolean): void {
    if (this.failing) throw new Error('EACCES: permission denied');
    if (!this.ignoring) this.enabled = enabled;
  }
}

export const START = Date.UTC(2026, 10, 28, 12, 0, 0);
/** Seeded purges, one per state, submitted 10 minutes before START. */
export const SEEDED = {
  pending: requestIdAt(START - 10 * 60_000, 1),
  completed: requestIdAt(START - 10 * 60_000, 2),
  givenUp: requestIdAt(START - 10 * 60_000, 3),
};

export function seededPurges(): PurgeRequest[] {
  const submittedAt = START - 10 * 60_000;
  const base = { status: '', submittedAt, addedAt: submittedAt, checks: 0 };
  return [
    { ...base, requestId: SEEDED.pending, state: 'pending' },
    {
      ...base,
      requestId: SEEDED.completed,
      state: 'completed',
      status: 'Completed',
      completedAt: submittedAt + 60_000,
      checks: 3,
    },
    { ...base, requestId: SEEDED.givenUp, state: 'given_up', status: 'Pending', checks: 40 },
  ];
}

export function engine(
  options: {
    purges?: PurgeRequest[];
    key?: string;
    /** Keys of other accounts, by name (every account answers through the one simulated API). */
    accountKeys?: Record<string, string>;
    /** The settings file as a previous run left it. */
    settingsFile?: MemorySettingsFile;
    /** The account's advertised rate limit, per second. */
    accountLimit?: number;
  } = {},
) {
  const clock = new VirtualClock(START);
  const api = new SimulatedImageKit(
    clock,
    options.accountLimit === undefined
      ? undefined
      : { limit: options.accountLimit, intervalMs: 1_000 },
  );
  const file = new MemoryPurgeFile(options.purges ?? []);
  const loginItem = new MemoryLoginItem();
  const settingsFile = options.settingsFile ?? new MemorySettingsFile();
  const settings = new SettingsStore(settingsFile, loginItem);
  // As the app starts its tracker (src/main/index.ts).
  const tracker = new Tracker({
    accounts: [{ name: 'default', api }],
    clock,
    store: file,
    random: () => 0.5,
    ...trackerSettings(settings.get()),
  });
  const keychain = new MemoryKeychain(options.key, options.accountKeys);
  const keys = new PrivateKeySource(keychain, undefined);
  const updates = new FakeUpdates();
  const { service, opened, copied } = startWatchService({ tracker, keys, settings, updates }, api);
  return {
    updates,
    clock,
    api,
    file,
    tracker,
    keychain,
    keys,
    loginItem,
    settingsFile,
    settings,
    service,
    opened,
    copied,
  };
}

/**
 * Everything a call could change in an engine, as one comparable string: the purges (and the
 * file), status, settings, the key, the login item, what was opened or copied, ImageKit calls.
 */
export function engineState(e: ReturnType<typeof engine>, extra: object = {}): string {
  return JSON.stringify({
    purges: e.tracker.list(),
    file: e.file.data,
    status: e.tracker.status(),
    settings: e.settings.get(),
    key: e.keychain.key,
    login: e.loginItem.enabled,
    opened: e.opened,
    copied: e.copied,
    imagekitCalls: e.api.calls.length,
    updateLooks: e.updates.looks,
    updateInstalls: e.updates.installs,
    ...extra,
  });
}
