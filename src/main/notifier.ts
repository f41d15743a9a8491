// Native notifications: feeds the tracker's events to the NotificationPolicy, shows what it
// decides, and reports clicks. When the system cannot show them (unsupported, or refused:
// unsigned macOS builds fail every one), it says so through `onUnavailable` so the tray can
// show it; nothing is lost, the tray and window keep every purge's state.
import { Notification } from 'electron';
import type { Clock, TimerHandle } from '../core/clock';
import type { Settings } from '../shared/ipc';
import type { RecoveredStore } from '../core/purge-store';
import type { ApiError, PurgeRequest, TrackerStatus } from '../shared/purge';
import type { Notice } from './notification-policy';
import { NotificationPolicy, storeRecoveredNotice } from './notification-policy';

export interface NotifierOptions {
  clock: Clock;
  settings: () => Settings;
  /** The user clicked a notification. */
  onClick: (target: Notice['target']) => void;
  /** Notifications stopped (a reason) or started (undefined) working. */
  onUnavailable: (reason: string | undefined) => void;
  /** Where failures are written (never with the key: notices do not contain it). */
  log?: (message: string) => void;
  policy?: NotificationPolicy;
}

export class Notifier {
  private readonly policy: NotificationPolicy;
  private readonly log: (message: string) => void;
  /** Shown notifications are kept referenced, or their click handlers may be collected. */
  private readonly live = new Set<Notification>();
  private timer: TimerHandle | undefined;
  private timerAt: number | undefined;
  private unavailable: string | undefined;

  constructor(private readonly options: NotifierOptions) {
    this.policy = options.policy ?? new NotificationPolicy();
    this.log = options.log ?? ((message) => console.warn(message));
  }

  /** Why notifications cannot be shown, or undefined while they can. */
  get problem(): string | undefined {
    return this.unavailable;
  }

  settled(purge: PurgeRequest): void {
    this.policy.onSettled(purge, this.options.clock.now());
    this.arm();
  }

  keyProblem(error: ApiError, keyMissing: boolean): void {
    const notice = this.policy.onKeyProblem(
      error,
      keyMissing,
      this.options.settings(),
      this.options.clock.now(),
    );
    if (notice) this.show(notice);
  }

  status(status: TrackerStatus): void {
    this.policy.onStatus(status);
  }

  /** A store file was unreadable and moved aside (told once: it happens once per file). */
  storeRecovered(file: 'purges' | 'settings', recovered: RecoveredStore): void {
    this.show(storeRecoveredNotice(file, recovered));
  }

  /** Show a notice now, whatever the settings: the answer to something the user just did. */
  tell(notice: Notice): void {
    this.show(notice);
  }

  dispose(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (const notification of this.live) notification.close();
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
    const notification = new Notification({ title: notice.title, body: notice.body });
    this.live.add(notification);
    const forget = (): void => {
      this.live.delete(notification);
    };
    notification.on('click', () => {
      forget();
      this.options.onClick(notice.target);
    });
    notification.on('close', forget);
    notification.on('show', () => this.setUnavailable(undefined));
    notification.on('failed', (_event, error) => {
      forget();
      this.log(`A notification could not be shown: ${error}`);
      this.setUnavailable(`The system refused to show notifications (${error}).`);
    });
    notification.show();
  }

  private setUnavailable(reason: string | undefined): void {
    if (reason === this.unavailable) return;
    this.unavailable = reason;
    this.options.onUnavailable(reason);
  }
}
