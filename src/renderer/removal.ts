// Removing purges so that it can be undone: the rows leave the list at once, the core is told
// only when the undo window (10 s) has passed, so an undo brings a purge back exactly as it was,
// with its history, and focus goes to it. A second removal, or the window closing, commits the
// one before.
import type { PurgeList } from './purge-list';
import type { Toast, ToastAction } from './toast';

export const UNDO_MS = 10_000;

interface Pending {
  ids: string[];
  timer: ReturnType<typeof setTimeout>;
  action: ToastAction;
}

export class UndoableRemoval {
  private pending: Pending | undefined;

  constructor(
    private readonly list: PurgeList,
    private readonly toast: Toast,
    /** Tells the core; a rejection puts the purges back. */
    private readonly commit: (requestIds: string[]) => Promise<unknown>,
    private readonly onFailure: (error: unknown) => void,
    /** A removal started or ended (the list's empty state depends on it). */
    private readonly onChange: () => void = () => undefined,
  ) {
    window.addEventListener('pagehide', () => this.commitPending());
  }

  /** A removal can still be undone. */
  get isPending(): boolean {
    return this.pending !== undefined;
  }

  remove(requestIds: readonly string[], message: string): void {
    this.commitPending();
    if (requestIds.length === 0) return;
    const ids = [...requestIds];
    this.list.hide(ids);
    const action: ToastAction = { label: 'Undo', run: () => this.undo() };
    const timer = setTimeout(() => this.commitPending(), UNDO_MS);
    this.pending = { ids, timer, action };
    this.toast.say(message, 'info', action, UNDO_MS);
    this.onChange();
  }

  /** Brings back what the last removal took, if its time has not run out. */
  undo(): boolean {
    const pending = this.pending;
    if (!pending) return false;
    this.pending = undefined;
    clearTimeout(pending.timer);
    const [first] = this.list.unhide(pending.ids);
    this.onChange();
    this.toast.say(pending.ids.length === 1 ? 'Purge restored.' : 'Purges restored.');
    // On the purge it brought back, not on the neighbour focus went to when it left.
    if (first !== undefined) this.list.reveal(first);
    return true;
  }

  commitPending(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    this.toast.dropAction(pending.action);
    this.onChange();
    this.commit(pending.ids).catch((error: unknown) => {
      this.list.unhide(pending.ids);
      this.onFailure(error);
    });
  }
}
