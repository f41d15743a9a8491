// Native notifications: feeds the tracker's events to the NotificationPolicy, shows what it
// decides, and reports clicks. When the system cannot show them (unsupported, or refused:
// unsigned macOS builds fail every one), it says so through `onUnavailable` so the tray can
// show it; nothing is lost, the tray and window keep every purge's state.
//
// A notification's click handler lives only as long as the Notification object, so the most
// recent ones are kept until the user clicks or dismisses them (not when they time out: on
// Windows `close` fires with `timedOut` when the toast moves to the Action Center, where it can
// still be clicked). What is kept is bounded. On Windows each toast also carries where a click
// leads in its launch arguments (toast.ts), which Windows hands back for toasts long let go,
// also to an app it started for the click (`activated`, from toast-activation.ts).
import { randomUUID } from 'node:crypto';
import { Notification } from 'electron';
import type { Clock, TimerHandle } from '../../core/clock';
import type { DurationSummary } from '../../shared/duration-estimate';
import type { AccountsState } from '../../shared/ipc';
import type { Settings } from '../../shared/settings';
import type { RecoveredStore } from '../../core/storage/store-file';
import type { AccountApiError, PurgeRequest, TrackerStatus } from '../../shared/purge';
import type { Notice, StoreFile } from './notification-policy';
import {
  NotificationPolicy,
  purgesReadableNotice,
  storeRecoveredNotice,
} from './notification-policy';
import { readToastLaunch, toastXml } from './toast';

interface NotifierOptions {
  clock: Clock;
  settings: () => Settings;
  /** The user clicked a notification. */
  onClick: (target: Notice['target']) => void;
  /** Notifications stopped (a reason) or started (undefined) working. */
  onUnavailable: (reason: string | undefined) => void;
  /** Where failures are written (never with the key: notices do not contain it). */
  log?: (message: string) => void;
  /** Hears each notification shown (by id) and whether the system showed or refused it. */
  observe?: (id: string, notice: Notice, outcome: 'created' | 'shown' | 'failed') => void;
  policy?: NotificationPolicy;
}

/** Notifications kept referenced (clickable in-process) at most; older ones are let go. */
export const KEPT_NOTIFICATIONS = 20;
/** Clicks remembered, so one heard twice (the object and Windows' activator) counts once. */
const REMEMBERED_CLICKS = 200;

export class Notifier {
  private readonly policy: NotificationPolicy;
  private readonly log: (message: string) => void;
  /** Shown notifications by id, oldest first, until clicked, dismissed or let go. */
  private readonly live = new Map<string, Notification>();
  /** The ids of notifications clicked lately (oldest first). */
  private readonly clicked = new Map<string, true>();
  private timer: TimerHandle | undefined;
  private timerAt: number | undefined;
  private unavailable: string | undefined;

  constructor(private readonly options: NotifierOptions) {
    this.policy = options.policy ?? new NotificationPolicy();
    this.log = options.log ?? ((message) => console.warn(message));
  }

  /** How many notifications are kept referenced now. */
  get kept(): number {
    return this.live.size;
  }

  /** Why notifications cannot be shown, or undefined while they can. */
  get problem(): string | undefined {
    return this.unavailable;
  }

  settled(purge: PurgeRequest): void {
    this.policy.onSettled(purge, this.options.clock.now());
    this.arm();
  }

  /** Purges just checked and still pending: one may now be far past usual. */
  stillPending(purges: readonly PurgeRequest[], durations: DurationSummary | undefined): void {
    const notice = this.policy.onStillPending(
      purges,
      durations,
      this.options.settings(),
      this.options.clock.now(),
    );
    if (notice) this.show(notice);
  }

  /** An account's key is missing or refused (named when there are several accounts). */
  keyProblem(error: AccountApiError): void {
    const notice = this.policy.onKeyProblem(
      error,
      this.options.settings(),
      this.options.clock.now(),
    );
    if (notice) this.show(notice);
  }

  status(status: TrackerStatus): void {
    this.policy.onStatus(status);
  }

  /** The accounts there are: with several, notifications name the account. */
  accounts(accounts: AccountsState): void {
    this.policy.onAccounts(accounts);
  }

  /** A store file was unreadable and moved aside (told once: it happens once per file). */
  storeRecovered(file: StoreFile, recovered: RecoveredStore): void {
    this.show(storeRecoveredNotice(file, recovered));
  }

  /** The list of purges that could not be read at start was read at last. */
  purgesReadable(filePath: string): void {
    this.show(purgesReadableNotice(filePath));
  }

  /** Show a notice now, whatever the settings: the answer to something the user just did. */
  tell(notice: Notice): void {
    this.show(notice);
  }

  /**
   * Windows handed over a toast's launch arguments (a click, also on a toast of an earlier run
   * in the Action Center): open where it leads. Arguments that are not a toast of ours are
   * ignored.
   */
  activated(launch: string): void {
    const click = readToastLaunch(launch);
    if (click) this.activate(click.id, click.target);
  }

  dispose(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (const notification of this.live.values()) notification.close();
    this.live.clear();
  }

  private arm(): void {
    const due = this.policy.dueAt;
    if (due === undefined || due === this.timerAt) return;
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timerAt = due;
    this.timer = this.options.clock.setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = undefined;
        const { clock, settings } = this.options;
        for (const notice of this.policy.flush(clock.now(), settings())) this.show(notice);
        this.arm();
      },
      Math.max(0, due - this.options.clock.now()),
    );
  }

  private show(notice: Notice): void {
    if (!Notification.isSupported()) {
      this.setUnavailable('This system does not support notifications.');
      return;
    }
    const id = randomUUID();
    const silent = !this.options.settings().notificationSound;
    const notification = new Notification({
      id,
      title: notice.title,
      body: notice.body,
      // The system's notification sound, unless the user turned it off.
      silent,
      // Windows: a toast whose launch arguments say where a click leads (toast.ts).
      ...(process.platform === 'win32'
        ? { toastXml: toastXml({ ...notice, silent }, { id, target: notice.target }) }
        : {}),
    });
    keepBounded(this.live, id, notification, KEPT_NOTIFICATIONS);
    const forget = (): void => {
      this.live.delete(id);
    };
    notification.on('click', () => this.activate(id, notice.target));
    notification.on('close', (details) => {
      // Timed out: still in the Action Center (Windows), still clickable.
      if (details.reason !== 'timedOut') forget();
    });
    notification.on('show', () => {
      this.options.observe?.(id, notice, 'shown');
      this.setUnavailable(undefined);
    });
    notification.on('failed', (_event, error) => {
      this.options.observe?.(id, notice, 'failed');
      forget();
      // Linux: Electron logs libnotify's error and passes none (no notification service, most often).
      this.log(
        error
          ? `A notification could not be shown: ${error}`
          : 'A notification could not be shown (the system gave no reason).',
      );
      this.setUnavailable(
        error
          ? `The system refused to show notifications (${error}).`
          : 'The system refused to show notifications. Is a notification service running?',
      );
    });
    this.options.observe?.(id, notice, 'created');
    notification.show();
  }

  /** A click, heard once whichever way it arrives (the object, or Windows' activator). */
  private activate(id: string, target: Notice['target']): void {
    this.live.delete(id);
    if (this.clicked.has(id)) return;
    keepBounded(this.clicked, id, true, REMEMBERED_CLICKS);
    this.options.onClick(target);
  }

  private setUnavailable(reason: string | undefined): void {
    if (reason === this.unavailable) return;
    this.unavailable = reason;
    this.options.onUnavailable(reason);
  }
}

/** Adds `key` to an insertion-ordered map, dropping the oldest entries beyond `limit`. */
function keepBounded<V>(map: Map<string, V>, key: string, value: V, limit: number): void {
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= limit) break;
    map.delete(oldest);
  }
}
