// Coalesces the changes to tracked purges into one `changed` event per burst: every change
// noted in the same turn of the event loop (an add of many IDs, a remove, the checks that ended
// together) leaves in one event after it, with each purge as it is then. The window and the tray
// redraw once per burst, not once per purge.
import type { PurgeRequest, PurgesChanged } from '../../shared/purge';

export class ChangeBatch {
  private toUpdate = new Set<string>();
  private toRemove = new Set<string>();
  private queued = false;

  /**
   * @param current each purge as it is now (undefined once it is no longer tracked)
   * @param flush receives the burst, once per turn in which something changed
   */
  constructor(
    private readonly current: (requestId: string) => PurgeRequest | undefined,
    private readonly flush: (change: PurgesChanged) => void,
  ) {}

  /** These purges were added or changed. */
  changed(requestIds: Iterable<string>): void {
    for (const id of requestIds) this.toUpdate.add(id);
    this.queue();
  }

  /**
   * These purges are no longer tracked. One added again in the same burst is in both lists:
   * `removed` is applied first, then `updated`.
   */
  removed(requestIds: Iterable<string>): void {
    for (const id of requestIds) {
      this.toRemove.add(id);
      this.toUpdate.delete(id);
    }
    this.queue();
  }

  private queue(): void {
    if (this.queued || (this.toUpdate.size === 0 && this.toRemove.size === 0)) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      const updated = [...this.toUpdate].flatMap((id) => {
        const purge = this.current(id);
        return purge ? [purge] : [];
      });
      const removed = [...this.toRemove];
      this.toUpdate = new Set();
      this.toRemove = new Set();
      this.flush({ updated, removed });
    });
  }
}
