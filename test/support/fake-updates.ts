// Auto-update as the window's service reaches it (WatchServicePorts.updates), in memory: a test
// sets its status, as the app's AppUpdate would after a look, and reads which looks and installs
// the window asked for.
import type { UpdatesPort } from '../../src/core/tracking/watch-service';
import type { UpdateStatus } from '../../src/shared/update';

export class FakeUpdates implements UpdatesPort {
  /** Looks the window asked for ("Check now"). */
  looks = 0;
  /** Installs the window asked for ("Restart to update"). */
  installs = 0;
  /** Set: an install fails, saying this (as AppUpdate.install throws). */
  installFailure: string | undefined;

  constructor(public current: UpdateStatus = { route: 'self', phase: 'idle' }) {}

  status(): UpdateStatus {
    return this.current;
  }

  check(): void {
    if (this.current.route === 'none') {
      throw new Error(`Purge Watch does not update itself here (${this.current.why}).`);
    }
    this.looks++;
  }

  install(): void {
    if (this.installFailure !== undefined) throw new Error(this.installFailure);
    this.installs++;
  }
}
