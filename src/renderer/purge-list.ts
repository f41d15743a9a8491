// The list of tracked purges, windowed: every row has one fixed height, so which purges are in
// view is arithmetic, and only those (plus a margin) are in the DOM; the space of the others is
// the list's padding (list-geometry.ts). 5,000 purges cost about 30 rows of DOM. Rows are keyed
// by request ID and updated in place: a change from the core repaints only the rows it names;
// the clock's tick rewrites only time cells whose text changed. A purge whose place changed is
// found where it was and put where it belongs by binary search (list-order.ts): the list is
// sorted once (a snapshot, a filter), never for a change; status counts are kept as changes
// arrive; the rendered rows are touched only when the change reaches them.
// While the pointer rests on the list or focus is in it, rows do not move under it: changed rows
// repaint in place and their moves wait until the pointer or focus leaves. Rows carry
// aria-posinset and aria-setsize, and the keyboard moves through all purges, not only the
// rendered ones: the list is one Tab stop (a roving tabindex); which key does what:
// list-keys.ts.
// Why the rest is one file (over 300 lines): the rendered window, the roving Tab stop, the
// focused row kept in the DOM outside the window and the moves held under the pointer all read
// and write the same rendered rows in the same frame; apart, each would need all of that state.
import type { PurgeRequest, PurgesChanged } from '../shared/purge';
import type { ListFilter, StatusCounts } from './filter';
import {
  comparePurges,
  countByStatus,
  matchesFilter,
  NO_FILTER,
  noCounts,
  normalizedQuery,
} from './filter';
import { ListGeometry } from './list-geometry';
import { listKeyCommand } from './list-keys';
import { ListOrder, orderChanged } from './list-order';
import { statusKind } from './view-model';
import { PurgeRow } from './purge-row';
import type { RowAction } from './purge-row';
import type { RowContext } from './view-model';
import { NO_ROW_CONTEXT } from './view-model';

interface PurgeListOptions {
  onAction(action: RowAction, purge: PurgeRequest, source: HTMLElement): void;
  /** After the shown purges changed: how many are shown, out of how many tracked. */
  onRendered?(shown: number, total: number): void;
  /** The focused row changed (undefined: focus left the list). */
  onFocusRow?(row: PurgeRow | undefined): void;
  /** Escape on a row: focus should leave the list. */
  onLeave?(): void;
  /** How much of the top of the viewport sticky bars cover, in CSS pixels. */
  obscuredTop?(): number;
  now?: () => number;
}

/** Above this many new purges in one change, sorting everything is cheaper than inserting. */
const INSERT_LIMIT = 256;

/** Rows rendered beyond the viewport, above and below. */
const OVERSCAN_ROWS = 8;
/** Built rows kept for reuse when they leave the window. */
const MAX_CACHED_ROWS = 400;
/** Space kept between a row brought into view and the window's edge. */
const SCROLL_MARGIN = 12;

export class PurgeList {
  private readonly purges = new Map<string, PurgeRequest>();
  /** Built rows: the rendered ones and recently rendered ones, for reuse. */
  private readonly rows = new Map<string, PurgeRow>();
  /** The shown purges' request IDs, in order, and the place of each. */
  private readonly order = new ListOrder();
  /** The rows in the rendered window, by index in `order`. */
  private rendered = { first: 0, last: -1 };
  /**
   * The purges the search and account filter show, by status (what the chips count), kept as
   * changes arrive (not counted again each time).
   */
  private filteredCounts: StatusCounts = noCounts();
  private readonly now: () => number;
  private filter: ListFilter = NO_FILTER;
  private query = '';
  private readonly geometry: ListGeometry;
  /** The purge whose row is the list's Tab stop. */
  private activeId: string | undefined;
  private tabStop: PurgeRow | undefined;
  private frameQueued = false;
  private context: RowContext = NO_ROW_CONTEXT;
  /** Purges removed on screen but not yet in the core (their removal can be undone). */
  private readonly hidden = new Set<string>();
  /** The pointer rests on the list: rows must not move under it. */
  private pointerIn = false;
  /**
   * Purges whose place or filter membership changed while the list was held, with the purge as
   * it was when it was put in its place (where it still is).
   */
  private readonly heldMoves = new Map<string, PurgeRequest>();

  constructor(
    readonly root: HTMLUListElement,
    private readonly options: PurgeListOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.geometry = new ListGeometry(root, '#purge-list');
    root.addEventListener('click', (event) => this.onClick(event));
    root.addEventListener('keydown', (event) => this.onKeyDown(event));
    root.addEventListener('focusin', (event) => {
      const row = this.rowOf(event.target);
      if (row) this.setTabStop(row);
      this.options.onFocusRow?.(row);
    });
    root.addEventListener('focusout', (event) => {
      if (this.root.contains(event.relatedTarget as Node | null)) return;
      this.options.onFocusRow?.(undefined);
      // After the focus has moved (a removed row's focus is restored in apply()).
      queueMicrotask(() => this.releaseIfFree());
    });
    root.addEventListener('pointerenter', () => {
      this.pointerIn = true;
    });
    root.addEventListener('pointerleave', () => {
      this.pointerIn = false;
      this.releaseIfFree();
    });
    window.addEventListener('scroll', () => this.queueWindow(), { passive: true });
    window.addEventListener(
      'resize',
      () => {
        this.geometry.invalidate();
        this.queueWindow();
      },
      { passive: true },
    );
  }

  /** Rows stay where they are while the pointer rests on the list or focus is in it. */
  get isHeld(): boolean {
    return this.pointerIn || this.root.contains(document.activeElement);
  }

  /** Puts the rows held in place where they belong now. */
  release(): void {
    if (this.heldMoves.size === 0) return;
    const placed = new Map(this.heldMoves);
    this.heldMoves.clear();
    this.place(placed, [...placed.keys()]);
  }

  private releaseIfFree(): void {
    if (!this.isHeld) this.release();
  }

  /** What the window knows that changes how rows read (e.g. checking waits for the key). */
  setContext(context: RowContext): void {
    const holdChanged =
      context.waitingForKey !== this.context.waitingForKey ||
      String(context.accountsOnHold) !== String(this.context.accountsOnHold);
    if (
      !holdChanged &&
      context.durations === this.context.durations &&
      context.showAccounts === this.context.showAccounts
    ) {
      return;
    }
    this.context = context;
    const now = this.now();
    for (const row of this.rows.values()) row.paint(now, row.purge, context);
    // Purges went on hold or off it: a status of their own, counted and filtered as one.
    if (holdChanged) {
      this.recount();
      this.reorder();
    }
  }

  /** Takes purges off the list without telling the core (a removal that can still be undone). */
  hide(requestIds: readonly string[]): void {
    const gone = new Map<string, PurgeRequest>();
    for (const id of requestIds) {
      const purge = this.purges.get(id);
      if (!purge || this.hidden.has(id)) continue;
      this.hidden.add(id);
      this.count(purge, -1);
      gone.set(id, this.heldMoves.get(id) ?? purge);
      this.heldMoves.delete(id);
    }
    if (gone.size === 0) return;
    const focus = this.focusedPlace();
    this.place(gone, []);
    this.keepFocus(focus);
  }

  /** Puts hidden purges back (undo); those the core removed meanwhile stay gone. */
  unhide(requestIds: readonly string[]): string[] {
    const back: string[] = [];
    for (const id of requestIds) {
      const purge = this.purges.get(id);
      if (!this.hidden.delete(id) || !purge) continue;
      this.count(purge, 1);
      back.push(id);
    }
    if (back.length > 0) this.place(new Map(), back);
    return back;
  }

  /** The shown purges (the filter's) in this status, by request ID, in no particular order. */
  shownIds(kind: 'completed' | 'checkable'): string[] {
    const ids: string[] = [];
    for (const purge of this.purges.values()) {
      if (!this.isShown(purge)) continue;
      const status = statusKind(purge, this.context);
      const wanted =
        kind === 'completed'
          ? status === 'completed'
          : status === 'pending' || status === 'retrying';
      if (wanted) ids.push(purge.requestId);
    }
    return ids;
  }

  /** How long each pending purge has been running at `now` (the duration chart places them). */
  pendingAges(now: number): number[] {
    const ages: number[] = [];
    for (const purge of this.purges.values()) {
      if (purge.state === 'pending') ages.push(now - purge.submittedAt);
    }
    return ages;
  }

  get(requestId: string): PurgeRequest | undefined {
    return this.purges.get(requestId);
  }

  get size(): number {
    return this.purges.size - this.hidden.size;
  }

  get shownCount(): number {
    return this.order.length;
  }

  /**
   * Counts by status of the purges the search and account filter show (a removal waiting for
   * undo is off the list): what the chips say.
   */
  counts(): StatusCounts {
    return { ...this.filteredCounts };
  }

  /** Whether the search or the account filter leaves some purges out. */
  private get narrowed(): boolean {
    return this.query !== '' || (this.filter.account ?? '') !== '';
  }

  private count(purge: PurgeRequest, by: 1 | -1): void {
    if (this.narrowed && !matchesFilter(purge, 'all', this.query, this.filter.account)) return;
    this.filteredCounts.all += by;
    this.filteredCounts[statusKind(purge, this.context)] += by;
  }

  /** Counts everything again (a new search or account filter, purges put on hold). */
  private recount(): void {
    const counted: PurgeRequest[] = [];
    for (const purge of this.purges.values()) {
      if (this.hidden.has(purge.requestId)) continue;
      if (!this.narrowed || matchesFilter(purge, 'all', this.query, this.filter.account)) {
        counted.push(purge);
      }
    }
    this.filteredCounts = countByStatus(counted, this.context);
  }

  /** Show exactly these purges (a snapshot). */
  replaceAll(purges: readonly PurgeRequest[]): void {
    this.purges.clear();
    this.rows.clear();
    this.activeId = undefined;
    this.tabStop = undefined;
    this.root.replaceChildren();
    for (const purge of purges) this.purges.set(purge.requestId, purge);
    this.hidden.clear();
    this.recount();
    this.reorder();
  }

  /** Apply a burst of changes from the core. */
  apply(change: PurgesChanged): void {
    const focus = this.focusedPlace();
    /** Purges to take out of the order, as they were when they were put in their place. */
    const out = new Map<string, PurgeRequest>();
    /** Purges to put (back) in the order, where they belong now. */
    const put: string[] = [];
    let added = 0;
    let countsChanged = change.removed.length > 0;
    // The page is written only after the window is placed: placing it reads the list's position,
    // and a read after a write would force a layout of its own before the frame's.
    const leaving: HTMLLIElement[] = [];
    const repaint = new Map<PurgeRow, PurgeRequest>();
    for (const requestId of change.removed) {
      const gone = this.purges.get(requestId);
      if (!gone) continue;
      if (!this.hidden.delete(requestId)) this.count(gone, -1);
      out.set(requestId, this.heldMoves.get(requestId) ?? gone);
      this.heldMoves.delete(requestId);
      this.purges.delete(requestId);
      const row = this.rows.get(requestId);
      if (row) {
        leaving.push(row.li);
        this.rows.delete(requestId);
        if (this.tabStop === row) this.tabStop = undefined;
      }
    }
    const now = this.now();
    const held = this.isHeld;
    for (const purge of change.updated) {
      const before = this.purges.get(purge.requestId);
      this.purges.set(purge.requestId, purge);
      // Counted again when its status, or whether the search or account filter shows it
      // (its account found), may have changed: what changes its place may change those.
      if (!this.hidden.has(purge.requestId) && (!before || orderChanged(before, purge))) {
        if (before) this.count(before, -1);
        this.count(purge, 1);
        countsChanged = true;
      }
      const row = this.rows.get(purge.requestId);
      if (row) repaint.set(row, purge);
      if (!before) {
        added++;
        put.push(purge.requestId);
      } else if (orderChanged(before, purge)) {
        const placed = this.heldMoves.get(purge.requestId) ?? before;
        if (held) this.heldMoves.set(purge.requestId, placed);
        else {
          this.heldMoves.delete(purge.requestId);
          out.set(purge.requestId, placed);
          put.push(purge.requestId);
        }
      }
    }
    if (added > INSERT_LIMIT) this.reorder();
    else if (out.size + put.length > 0) this.place(out, put);
    for (const li of leaving) li.remove(); // the window's rendering took out those it had
    for (const [row, purge] of repaint) row.paint(now, purge, this.context);
    if (added <= INSERT_LIMIT && out.size + put.length === 0 && countsChanged) {
      this.options.onRendered?.(this.order.length, this.size);
    }
    this.keepFocus(focus);
  }

  /** The focused row went away (removed) or out of the window (moved): keep focus in the list. */
  private keepFocus(focus: { requestId: string; index: number } | undefined): void {
    if (!focus || this.root.contains(document.activeElement)) return;
    const stillThere = this.indexOf(focus.requestId);
    if (stillThere !== undefined) this.focusIndex(stillThere);
    else if (this.order.length > 0) this.focusIndex(Math.min(focus.index, this.order.length - 1));
    else this.root.closest<HTMLElement>('[data-focus-fallback]')?.focus();
  }

  /**
   * Takes `out` off the order and puts `put` where they belong (or off, when the filter no
   * longer shows them), then renders what that changed.
   */
  private place(out: ReadonlyMap<string, PurgeRequest>, put: readonly string[]): void {
    const count = this.order.length;
    const shown: PurgeRequest[] = [];
    for (const requestId of put) {
      const purge = this.purges.get(requestId);
      if (purge && this.isShown(purge)) shown.push(purge);
    }
    const firstChange = this.order.move(out, shown, (id) => this.purges.get(id)!);
    // Re-render only when the window's rows changed, or the window reached the list's end.
    if (firstChange <= this.rendered.last || this.rendered.last >= count - 1) this.renderWindow();
    else if (this.order.length !== count) this.resize(); // only rows below the window changed
    this.options.onRendered?.(this.order.length, this.size);
  }

  /** The shown purges' number changed below the window: the set size and the padding follow. */
  private resize(): void {
    const count = String(this.order.length);
    for (const li of this.root.children) li.setAttribute('aria-setsize', count);
    const after = Math.max(0, this.order.length - 1 - this.rendered.last);
    this.geometry.setPadding(this.geometry.paddingBefore, after * this.geometry.rowHeight());
  }

  /** Where a shown purge is in the order (undefined when it is not shown). */
  private indexOf(requestId: string): number | undefined {
    return this.order.indexOf(requestId);
  }

  private isShown(purge: PurgeRequest): boolean {
    return (
      !this.hidden.has(purge.requestId) &&
      matchesFilter(purge, this.filter.status, this.query, this.filter.account, this.context)
    );
  }

  setFilter(filter: ListFilter): void {
    const query = normalizedQuery(filter.query);
    const narrowedAnew = query !== this.query || filter.account !== this.filter.account;
    this.filter = filter;
    this.query = query;
    if (narrowedAnew) this.recount();
    this.reorder();
  }

  /** Rewrite the time cells of rendered rows whose text changed. */
  tick(): void {
    const now = this.now();
    for (const li of this.root.children) {
      this.rows.get((li as HTMLElement).dataset.id ?? '')?.paintTimes(now);
    }
  }

  /** Scroll to a purge, focus its row and flash it; false when it is not shown. */
  reveal(requestId: string): boolean {
    const at = this.indexOf(requestId);
    if (at === undefined) return false;
    const row = this.focusIndex(at);
    if (row) {
      row.li.classList.remove('flash');
      void row.li.offsetWidth; // restart the animation
      row.li.classList.add('flash');
    }
    return true;
  }

  /** Focus the list's Tab stop (the active row, or the first in view). */
  focusList(): boolean {
    if (this.order.length === 0) return false;
    const active = this.activeId === undefined ? undefined : this.indexOf(this.activeId);
    this.focusIndex(active ?? this.firstInView());
    return true;
  }

  // -- order and window ----------------------------------------------------------------------

  /** Sorts every shown purge: a snapshot, a new filter, a paste of many. */
  private reorder(): void {
    this.heldMoves.clear();
    const shown: PurgeRequest[] = [];
    for (const purge of this.purges.values()) if (this.isShown(purge)) shown.push(purge);
    shown.sort(comparePurges);
    this.setOrder(shown.map((purge) => purge.requestId));
  }

  private setOrder(order: string[]): void {
    this.order.reset(order);
    this.renderWindow();
    this.options.onRendered?.(this.order.length, this.size);
  }

  private queueWindow(): void {
    if (this.frameQueued) return;
    this.frameQueued = true;
    requestAnimationFrame(() => {
      this.frameQueued = false;
      this.renderWindow();
    });
  }

  /** The index of the first row whose top is in view below the sticky bars. */
  private firstInView(): number {
    return this.geometry.firstInView(this.order.length, this.options.obscuredTop?.() ?? 0);
  }

  /** Renders the rows in and near the viewport, and pads the list for the others. */
  private renderWindow(): void {
    const count = this.order.length;
    const height = this.geometry.rowHeight();
    const { first, last } = this.geometry.windowRange(count, OVERSCAN_ROWS);
    // Read before the rows and the padding are written: read after them, the sticky bars'
    // position forced a style and layout of the whole page of its own, before the frame's.
    const inView = this.firstInView();
    const now = this.now();
    const wanted: PurgeRow[] = [];
    for (let i = first; i <= last; i++) wanted.push(this.rowAt(i, now));

    // A focused row scrolled far out of the window stays in the DOM, just outside the window
    // (off screen either way), so focus and the screen reader's place are not lost.
    let before = first;
    let after = Math.max(0, count - 1 - last);
    const focused = this.rowOf(document.activeElement);
    const focusedAt = focused ? this.indexOf(focused.purge.requestId) : undefined;
    if (focused && focusedAt !== undefined && (focusedAt < first || focusedAt > last)) {
      if (focusedAt < first) {
        wanted.unshift(focused);
        before -= 1;
      } else {
        wanted.push(focused);
        after -= 1;
      }
    }

    const keep = new Set<Element>(wanted.map((row) => row.li));
    for (const li of [...this.root.children]) if (!keep.has(li)) li.remove();
    let cursor = this.root.firstElementChild;
    for (const row of wanted) {
      if (row.li === cursor) cursor = cursor.nextElementSibling;
      else this.root.insertBefore(row.li, cursor);
    }
    wanted.forEach((row, i) => {
      const at = row === focused ? (focusedAt ?? 0) : first + i - (before < first ? 1 : 0);
      row.li.setAttribute('aria-posinset', String(at + 1));
      row.li.setAttribute('aria-setsize', String(count));
    });
    this.rendered = { first, last };
    this.geometry.setPadding(before * height, after * height);
    this.updateTabStop(first, last, inView);
    this.trimCache();
  }

  private rowAt(at: number, now: number): PurgeRow {
    const requestId = this.order.idAt(at)!;
    let row = this.rows.get(requestId);
    if (!row) {
      row = new PurgeRow(this.purges.get(requestId)!, now, this.context);
      this.rows.set(requestId, row);
    }
    return row;
  }

  /** `inView`: the place of the first row in view (firstInView), read before any write. */
  private updateTabStop(first: number, last: number, inView: number): void {
    const active = this.activeId === undefined ? undefined : this.indexOf(this.activeId);
    let target: PurgeRow | undefined;
    if (active !== undefined && this.rows.get(this.activeId!)?.li.isConnected) {
      target = this.rows.get(this.activeId!);
    } else if (last >= first) {
      target = this.rowAt(Math.max(first, Math.min(last, inView)), this.now());
    }
    if (target && target !== this.tabStop) {
      this.tabStop?.setTabStop(false);
      target.setTabStop(true);
      this.tabStop = target;
    }
  }

  private setTabStop(row: PurgeRow): void {
    this.activeId = row.purge.requestId;
    if (this.tabStop === row) return;
    this.tabStop?.setTabStop(false);
    row.setTabStop(true);
    this.tabStop = row;
  }

  private trimCache(): void {
    if (this.rows.size <= MAX_CACHED_ROWS) return;
    for (const [requestId, row] of this.rows) {
      if (this.rows.size <= MAX_CACHED_ROWS) break;
      if (!row.li.isConnected) this.rows.delete(requestId);
    }
  }

  /** Scrolls row `at` into view, renders it, and focuses it. */
  private focusIndex(at: number): PurgeRow | undefined {
    if (this.order.length === 0) return undefined;
    const target = Math.max(0, Math.min(this.order.length - 1, at));
    const height = this.geometry.rowHeight();
    const rowTop = this.root.getBoundingClientRect().top + target * height;
    const stickyTop = (this.options.obscuredTop?.() ?? 0) + SCROLL_MARGIN;
    if (rowTop < stickyTop) window.scrollBy(0, rowTop - stickyTop);
    else if (rowTop + height > window.innerHeight - SCROLL_MARGIN) {
      window.scrollBy(0, rowTop + height - window.innerHeight + SCROLL_MARGIN);
    }
    this.renderWindow();
    const row = this.rows.get(this.order.idAt(target)!);
    if (!row) return undefined;
    this.setTabStop(row);
    row.li.focus({ preventScroll: true });
    return row;
  }

  /** Where focus is in the list, if it is. */
  private focusedPlace(): { requestId: string; index: number } | undefined {
    const row = this.rowOf(document.activeElement);
    if (!row) return undefined;
    const index = this.indexOf(row.purge.requestId);
    return index === undefined ? undefined : { requestId: row.purge.requestId, index };
  }

  // -- keyboard and pointer ------------------------------------------------------------------

  private rowOf(target: EventTarget | null): PurgeRow | undefined {
    const li = (target as Element | null)?.closest?.<HTMLLIElement>('li.purge-row');
    if (!li || !this.root.contains(li)) return undefined;
    return this.rows.get(li.dataset.id ?? '');
  }

  private onClick(event: MouseEvent): void {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    if (!button) return;
    const row = this.rowOf(button);
    if (row) this.options.onAction(button.dataset.action as RowAction, row.purge, button);
  }

  private onKeyDown(event: KeyboardEvent): void {
    const row = this.rowOf(event.target);
    if (!row || event.altKey || event.ctrlKey || event.metaKey) return;
    const at = this.indexOf(row.purge.requestId);
    if (at === undefined) return;
    const onRow = event.target === row.li;
    const command = listKeyCommand(event.key, at, this.order.length, onRow);
    if (command === undefined) return;
    event.preventDefault();
    if (command === 'leave') {
      if (onRow) this.options.onLeave?.();
      else row.li.focus();
    } else if (command === 'remove') {
      this.options.onAction('remove', row.purge, row.li);
    } else if (command === 'activate') {
      const action = row.purge.state === 'given_up' ? 'resume' : 'check-now';
      this.options.onAction(action, row.purge, row.li);
    } else {
      this.focusIndex(command.move);
    }
  }
}
