// What the window can ask of Purge Watch, answered on top of the tracker, the key source and
// the settings. Platform-free: the Electron main process registers these handlers behind its
// IPC checks, and the end-to-end tests drive the very same handlers from a browser bridge.
import type {
  AccountsState,
  HandledPayload,
  InvokeChannelName,
  InvokeContract,
  KeyStatus,
  LoginItemStatus,
  PushChannelName,
  PushPayloads,
  ShortcutStatus,
  WindowStatus,
} from '../../shared/ipc';
import type { Settings } from '../../shared/settings';
import type { UpdateStatus } from '../../shared/update';
import type { DurationSummary } from '../../shared/duration-estimate';
import type { SubmitResult, TrackerStatus } from '../../shared/purge';
import { spentAPurge } from '../../shared/purge';
import { USER_AGENT } from '../../shared/version';
import { AccountBook } from '../accounts/account-book';
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import type { DeliveryFetch, RecheckPolicy } from '../freshness/freshness-check';
import { FreshnessWatch } from '../freshness/freshness-watch';
import type { PurgeStatusApi } from '../imagekit/imagekit-client';
import type { PrivateKeySource } from '../accounts/key-source';
import { KeychainError } from '../accounts/keychain';
import { transformationWarning } from '../freshness/path-transformations';
import { parsePurgeUrls } from '../input/purge-urls';
import type { PurgeLedger } from '../storage/purge-ledger';
import { quotaWarning } from '../storage/purge-ledger';
import type { Tracker } from './tracker';

/** Settings storage; the app's implementation also applies side effects (launch at login). */
export interface SettingsPort {
  get(): Settings;
  set(patch: Partial<Settings>): Settings;
  /**
   * Why the settings could not be saved (they apply all the same, and saving is tried again);
   * undefined while they are saved.
   */
  readonly problem?: string | undefined;
  /** Called when `problem` changes. */
  onProblem?(listener: () => void): () => void;
}

export interface WatchServicePorts {
  tracker: Tracker;
  keys: PrivateKeySource;
  settings: SettingsPort;
  /**
   * Makes a client that sends this account's key (the app: ImageKitClient over Electron's net);
   * the account book asks once per account.
   */
  clientFor(account: string): PurgeStatusApi;
  /**
   * Requests to the CDN for freshness checks: never through an API client (the app: a session
   * of its own, without cookies or cache).
   */
  cdnFetch: DeliveryFetch;
  /** The clock of freshness checks (default: the system's). */
  clock?: Clock;
  /** How a stale edge is re-checked (default: core/freshness/freshness-check.ts's). */
  recheck?: RecheckPolicy;
  /** Opens an http(s) link in the user's browser (validated before it gets here). */
  openExternal(url: string): Promise<void>;
  /** Resolves once the text is in the clipboard; rejects when it could not be written. */
  copyText(text: string): Promise<void> | void;
  /** Counts the purges submitted per account and month (none: not counted). */
  ledger?: PurgeLedger;
  /** Whether the shortcut that opens the window works (the app; none elsewhere). */
  shortcut?: () => ShortcutStatus;
  /**
   * Launch at login as the system says now (the app; none elsewhere), or undefined when the
   * system cannot be asked. Never throws.
   */
  loginItem?: () => LoginItemStatus | undefined;
  /** Why the system shows no notification, while it shows none (the app; none elsewhere). */
  notificationsUnavailable?: () => string | undefined;
  /** Why the system gave the app no tray icon (the app; none elsewhere). */
  trayUnavailable?: () => string | undefined;
  /** Auto-update (the app; none elsewhere): the window shows its state and acts on it. */
  updates?: UpdatesPort;
}

/** Auto-update as the window reaches it (the app's main/update/app-update.ts). */
export interface UpdatesPort {
  status(): UpdateStatus;
  /** Look for a new version now; throws where this installation never looks. */
  check(): void;
  /** Install the downloaded update and restart; throws, saying why, when it cannot. */
  install(): void;
}

/** The handlers take each payload as the validator (shared/ipc.ts) hands it on. */
export type InvokeHandlers = {
  [K in InvokeChannelName]: (payload: HandledPayload<K>) => Promise<InvokeContract[K]['result']>;
};

/** One push to the window: its channel, and that channel's payload. */
type Push = {
  [K in PushChannelName]: { channel: K; payload: PushPayloads[K] };
}[PushChannelName];

type PushListener = (push: Push) => void;

export class WatchService {
  readonly handlers: InvokeHandlers;
  readonly accounts: AccountBook;
  /** Checks what the CDN serves once a URL purge completes (the setting `verifyFreshness`). */
  readonly freshness: FreshnessWatch;
  /**
   * Resolves once the accounts are read and the tracker polls with them: start the tracker
   * after it, so a stored purge's account is known before its first check.
   */
  readonly ready: Promise<AccountsState>;
  private readonly listeners = new Set<PushListener>();
  private durationsQueued = false;
  /** The login item's state the window was last given, to tell it only of a change. */
  private loginItemShown: string | undefined;

  constructor(private readonly ports: WatchServicePorts) {
    const { tracker, keys, settings } = ports;
    this.accounts = new AccountBook({
      keys,
      tracker,
      clientFor: (account) => ports.clientFor(account),
      preferred: () => settings.get().defaultAccount,
    });
    this.freshness = new FreshnessWatch({
      tracker,
      fetch: ports.cdnFetch,
      clock: ports.clock ?? systemClock,
      userAgent: USER_AGENT,
      enabled: () => settings.get().verifyFreshness,
      ...(ports.recheck ? { recheck: ports.recheck } : {}),
    });
    this.ready = this.refreshAccounts();
    tracker.on('changed', (change) => this.push({ channel: 'changed', payload: change }));
    tracker.on('status', (status) =>
      this.push({ channel: 'status', payload: this.windowStatus(status) }),
    );
    tracker.history.onChange(() => this.queueDurations());
    // A file that cannot be saved, or can again: the window's status says it.
    settings.onProblem?.(() => this.pushStatus());
    ports.ledger?.onProblem(() => this.pushStatus());
    this.handlers = {
      getSnapshot: async () => {
        await this.ready;
        // Read afresh, like the key status: an account added or removed with the CLI, or in
        // the keychain's own app, shows (and is polled) from the window's next load on.
        const accounts = await this.refreshAccounts();
        return {
          purges: tracker.list(),
          status: this.status(),
          settings: settings.get(),
          key: await keys.status(tracker.defaultAccount),
          accounts,
          ...durationsOf(tracker),
          ...(ports.shortcut ? { shortcut: ports.shortcut() } : {}),
          ...this.loginItemOf(),
          ...(ports.updates ? { update: ports.updates.status() } : {}),
        };
      },
      addFromText: ({ text, account }) =>
        tracker.add(text, account === undefined ? {} : { account }),
      purgeUrls: async ({ text, account }) => {
        const { urls, rejected } = parsePurgeUrls(text);
        const before = await this.freshness.probe(urls);
        // Without an account, the default one (which the lookup order decides, so only now).
        const chosen = account ?? tracker.defaultAccount;
        const results = await tracker.submit(urls, chosen, before);
        const warning = this.countPurges(chosen, results);
        return {
          results: results.map(withWarning),
          rejected,
          ...(warning ? { quotaWarning: warning } : {}),
        };
      },
      remove: async ({ requestIds }) => tracker.remove(requestIds),
      clearCompleted: async () => tracker.clearCompleted(),
      resume: async ({ requestId }) => {
        tracker.resumeGivenUp(requestId);
      },
      checkNow: async ({ requestIds }) => tracker.checkNow(requestIds),
      setPollingPaused: async ({ paused }) => {
        if (paused) tracker.pause('user');
        else tracker.resume('user');
      },
      setSettings: async (patch) => {
        const next = settings.set(patch);
        // The engine's own settings apply at once: the next check, the next prune.
        if (patch.rateShare !== undefined) tracker.setBudgetShare(next.rateShare);
        if (patch.keepFinishedMs !== undefined) tracker.setKeepFinished(next.keepFinishedMs);
        this.push({ channel: 'settings', payload: next });
        const shortcutChanged =
          patch.openWindowShortcut !== undefined || patch.openWindowShortcutOn !== undefined;
        if (ports.shortcut && shortcutChanged) {
          this.push({ channel: 'shortcut', payload: ports.shortcut() });
        }
        // What the system made of it: set, or set and held back (waiting for approval).
        if (patch.launchAtLogin !== undefined) this.refreshLoginItem();
        if (patch.defaultAccount !== undefined) await this.refreshAccounts();
        return next;
      },
      setPrivateKey: async ({ key, account }) =>
        this.keyChanged(await this.accounts.setKey(key, account)),
      deletePrivateKey: async ({ account }) =>
        this.keyChanged(await this.accounts.deleteKey(account)),
      renameAccount: async ({ from, to }) => {
        // Refused (a name taken behind the window's back): the window is shown the accounts
        // as the keychain has them now, with the error.
        const state = await this.accounts.rename(from, to).catch(async (error: unknown) => {
          if (error instanceof KeychainError && error.kind === 'invalid') {
            await this.refreshAccounts().catch(() => undefined);
          }
          throw error;
        });
        if (settings.get().defaultAccount === from) {
          this.push({ channel: 'settings', payload: settings.set({ defaultAccount: to }) });
        }
        return this.accountsChanged(state);
      },
      removeAccount: async ({ account, moveTo }) => {
        const state = await this.accounts.remove(account, moveTo);
        if (settings.get().defaultAccount === account) {
          this.push({ channel: 'settings', payload: settings.set({ defaultAccount: '' }) });
          return this.refreshAccounts();
        }
        return this.accountsChanged(state);
      },
      openUrl: ({ url }) => ports.openExternal(url),
      copyText: async ({ text }) => ports.copyText(text),
      checkForUpdates: async () => this.updates().check(),
      installUpdate: async () => this.updates().install(),
    };
  }

  /** Subscribe to pushes for the window; the returned function unsubscribes. */
  onPush(listener: PushListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Asks the system about launch at login again and tells the window when its answer changed:
   * the user may have turned the login item off or allowed it in the system's settings (the app
   * asks when its window is focused or the pointer is on its tray icon, as the user comes back
   * from there).
   */
  refreshLoginItem(): void {
    const loginItem = this.ports.loginItem?.();
    if (loginItem && this.showsLoginItem(loginItem)) {
      this.push({ channel: 'loginItem', payload: loginItem });
    }
  }

  /** Quit: the month's purge counts a failed write kept are written now (if they can be). */
  close(): void {
    this.ports.ledger?.close();
  }

  /** Notifications or the tray stopped or started working: the window's status says it. */
  desktopChanged(): void {
    this.pushStatus();
  }

  /** Auto-update's state changed, or the setting it reads: the window is told. */
  updateChanged(): void {
    const update = this.ports.updates?.status();
    if (update) this.push({ channel: 'update', payload: update });
  }

  /** The status the window is given (and the tray shows): the tracker's, with the app's own. */
  status(): WindowStatus {
    return this.windowStatus(this.ports.tracker.status());
  }

  private updates(): UpdatesPort {
    const { updates } = this.ports;
    if (!updates) throw new Error('This copy of Purge Watch has no updater.');
    return updates;
  }

  private pushStatus(): void {
    this.push({ channel: 'status', payload: this.status() });
  }

  private windowStatus(status: TrackerStatus): WindowStatus {
    const notifications = this.ports.notificationsUnavailable?.();
    const tray = this.ports.trayUnavailable?.();
    const settings = this.ports.settings.problem;
    const ledger = this.ports.ledger?.problem;
    return {
      ...status,
      ...(notifications === undefined ? {} : { notificationsUnavailable: notifications }),
      ...(tray === undefined ? {} : { trayUnavailable: tray }),
      ...(settings === undefined ? {} : { settingsProblem: settings }),
      ...(ledger === undefined ? {} : { ledgerProblem: ledger }),
    };
  }

  private loginItemOf(): { loginItem?: LoginItemStatus } {
    const loginItem = this.ports.loginItem?.();
    if (!loginItem) return {};
    this.showsLoginItem(loginItem);
    return { loginItem };
  }

  /** The window is given this state; true when it differs from what it was given before. */
  private showsLoginItem(status: LoginItemStatus): boolean {
    const text = JSON.stringify(status);
    const changed = text !== this.loginItemShown;
    this.loginItemShown = text;
    return changed;
  }

  /**
   * Counts what may have used the account's monthly quota (accepted, or maybe submitted) in
   * the ledger; past 80 % of it, how many are left. A ledger that cannot be written now keeps
   * the count for its retry (the window's status says why meanwhile): the purges were made all
   * the same.
   */
  private countPurges(account: string, results: readonly SubmitResult[]): string | undefined {
    const spent = results.filter(spentAPurge);
    if (!this.ports.ledger || spent.length === 0) return undefined;
    const use = this.ports.ledger.record(account, spent.length);
    return use && quotaWarning(use);
  }

  private push(push: Push): void {
    for (const listener of this.listeners) listener(push);
  }

  /** One push per burst of completions (a wake from sleep can settle hundreds at once). */
  private queueDurations(): void {
    if (this.durationsQueued) return;
    this.durationsQueued = true;
    queueMicrotask(() => {
      this.durationsQueued = false;
      const { tracker } = this.ports;
      const summary = tracker.history.summary(tracker.defaultAccount);
      if (summary) this.push({ channel: 'durations', payload: summary });
    });
  }

  /** An account's key was set or deleted (the book has told the tracker): tell the window. */
  private keyChanged(status: KeyStatus): KeyStatus {
    this.push({ channel: 'key', payload: status });
    this.push({ channel: 'accounts', payload: this.accounts.current });
    return status;
  }

  private async refreshAccounts(): Promise<AccountsState> {
    return this.accountsChanged(await this.accounts.refresh());
  }

  private accountsChanged(state: AccountsState): AccountsState {
    this.push({ channel: 'accounts', payload: state });
    return state;
  }
}

/** A purge accepted for an image or video says that its path transformations keep their cache. */
function withWarning(result: SubmitResult): SubmitResult {
  const warning = result.requestId === undefined ? undefined : transformationWarning(result.url);
  return warning === undefined ? result : { ...result, warning };
}

function durationsOf(tracker: Tracker): { durations?: DurationSummary } {
  const summary = tracker.history.summary(tracker.defaultAccount);
  return summary ? { durations: summary } : {};
}
