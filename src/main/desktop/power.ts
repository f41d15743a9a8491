// Sleep and network: polling holds while the computer sleeps or the network is down, and on
// the way back everything pending is checked at once (the scheduler spreads the checks over
// its request budget). The main process has no online/offline event: `net.isOnline()` is
// polled, and only while purges are pending, so an idle tray app wakes for nothing.
import { net, powerMonitor } from 'electron';
import type { Clock, TimerHandle } from '../../core/clock';
import type { Tracker } from '../../core/tracking/tracker';

export const ONLINE_POLL_MS = 5_000;

interface PowerWatchOptions {
  tracker: Pick<Tracker, 'pause' | 'resume' | 'checkNow'>;
  /** Whether any purge is pending (polled for). */
  hasPending: () => boolean;
  clock: Clock;
  onlinePollMs?: number;
}

export class PowerWatch {
  private readonly pollMs: number;
  private timer: TimerHandle | undefined;
  private offline = false;
  private disposed = false;
  private readonly onSuspend = (): void => this.options.tracker.pause('sleep');
  private readonly onResume = (): void => {
    this.options.tracker.resume('sleep');
    this.options.tracker.checkNow();
    this.update();
  };

  constructor(private readonly options: PowerWatchOptions) {
    this.pollMs = options.onlinePollMs ?? ONLINE_POLL_MS;
    powerMonitor.on('suspend', this.onSuspend);
    powerMonitor.on('resume', this.onResume);
    this.update();
  }

  /** Whether the network was last seen down. */
  get isOffline(): boolean {
    return this.offline;
  }

  /** Call when purges were added or settled: the network is watched only while some are pending. */
  update(): void {
    if (this.disposed) return;
    if (this.options.hasPending()) {
      if (this.timer === undefined) {
        this.checkNetwork();
        this.arm();
      }
      return;
    }
    this.stopPolling();
    // Nothing to poll: no reason to hold anything (and no stale "offline" in the tray).
    this.setOffline(false);
  }

  dispose(): void {
    this.disposed = true;
    this.stopPolling();
    powerMonitor.off('suspend', this.onSuspend);
    powerMonitor.off('resume', this.onResume);
  }

  private arm(): void {
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.disposed || !this.options.hasPending()) return this.update();
      this.checkNetwork();
      this.arm();
    }, this.pollMs);
  }

  private stopPolling(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private checkNetwork(): void {
    this.setOffline(!net.isOnline());
  }

  private setOffline(offline: boolean): void {
    if (offline === this.offline) return;
    this.offline = offline;
    if (offline) {
      this.options.tracker.pause('offline');
    } else {
      this.options.tracker.resume('offline');
      this.options.tracker.checkNow();
    }
  }
}
