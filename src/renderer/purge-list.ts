// The list of tracked purges, windowed: every row has one fixed height, so which purges are in
// view is arithmetic, and only those (plus a margin) are in the DOM; the space of the others is
// the list's padding, set through a rule of our own stylesheet (no inline style). 5,000 purges
// cost about 30 rows of DOM. Rows are keyed by request ID and updated in place: a change from the
// core repaints only the rows it names and re-sorts only when a purge's place can have changed;
// the clock's tick rewrites only time cells whose text changed. A purge whose place changed is
// taken out of the order and put back by binary search: the list is never re-sorted for a change.
// While the pointer rests on the list or focus is in it, rows do not move under it: changed rows
// repaint in place and their moves wait until the pointer or focus leaves. Rows carry
// aria-posinset and aria-setsize, and the keyboard moves through all purges, not only the
// rendered ones: the list is one Tab stop (a roving tabindex), arrows, Page Up/Down, Home and End
// move, Delete removes, Escape leaves the list.
import type { PurgeRequest, PurgesChanged } from '../shared/purge';
import type { ListFilter, StatusCounts } from './filter';
import { comparePurges, countByStatus, matchesFilter, NO_FILTER, normalizedQuery } from './filter';
import { PurgeRow } from './purge-row';
import type { RowAction } from './purge-row';
import type { RowContext } from './view-model';
import { NO_ROW_CONTEXT } from './view-model';

export type { PurgeRow, RowAction };

export interface PurgeListOptions {
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
const PAGE_ROWS = 10;
/** Space kept between a row brought into view and the window's edge. */
const SCROLL_MARGIN = 12;
const FALLBACK_ROW_HEIGHT = 60;

export class PurgeList {
  private readonly purges = new Map<string, PurgeRequest>();
  /** Built rows: the rendered ones and recently rendered ones, for reuse. */
  private readonly rows = new Map<string, PurgeRow>();
  /** The shown purges' request IDs, in order, and the index of each. */
  private order: string[] = [];
  private index = new Map<string, number>();
  private readonly now: () => number;
  private filter: ListFilter = NO_FILTER;
  private query = '';
  private rowHeight = 0;
  private paddingRule: CSSStyleRule | undefined;
  private padding = { before: -1, after: -1 };
  /** The purge whose row is the list's Tab stop. */
  private activeId: string | undefined;
  private tabStop: PurgeRow | undefined;
  private frameQueued = false;
  private context: RowContext = NO_ROW_CONTEXT;
  /** Purges removed on screen but not yet in the core (their removal can be undone). */
  private readonly hidden = new Set<string>();
  /** The pointer rests on the list: rows must not move under it. */
  private pointerIn = false;
  /** Purges whose place or filter membership changed while the list was held. */
  private readonly heldMoves = new Set<string>();

  constructor(
    readonly root: HTMLUListElement,
    private readonly options: PurgeListOptions,
  ) {
    this.now = options.now ?? Date.now;
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
        this.rowHeight = 0; // the row height follows the width and the zoom
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
    const moved = [...this.heldMoves];
    this.heldMoves.clear();
    this.place([], moved);
  }

  private releaseIfFree(): void {
    if (!this.isHeld) this.release();
  }

  /** What the window knows that changes how rows read (e.g. checking waits for the key). */
  setContext(context: RowContext): void {
    if (context.waitingForKey === this.context.waitingForKey) return;
    this.context = context;
    const now = this.now();
    for (const row of this.rows.values()) row.paint(now, row.purge, context);
  }

  /** Takes purges off the list without telling the core (a removal that can still be undone). */
  hide(requestIds: readonly string[]): void {
    const gone: string[] = [];
    for (const id of requestIds) {
      if (!this.purges.has(id) || this.hidden.has(id)) continue;
      this.hidden.add(id);
      gone.push(id);
    }
    if (gone.length === 0) return;
    const focus = this.focusedPlace();
    this.place(gone, []);
    this.keepFocus(focus);
  }

  /** Puts hidden purges back (undo); those the core removed meanwhile stay gone. */
  unhide(requestIds: readonly string[]): void {
    const back: string[] = [];
    for (const id of requestIds) if (this.hidden.delete(id) && this.purges.has(id)) back.push(id);
    if (back.length > 0) this.place([], back);
  }

  /** The completed purges on the list (not hidden), by request ID. */
  completedIds(): string[] {
    const ids: string[] = [];
    for (const purge of this.purges.values()) {
      if (purge.state === 'completed' && !this.hidden.has(purge.requestId)) {
        ids.push(purge.requestId);
      }
    }
    return ids;
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

  /** Counts by status of the purges on the list (a removal waiting for undo is off it). */
  counts(): StatusCounts {
    if (this.hidden.size === 0) return countByStatus(this.purges.values());
    return countByStatus([...this.purges.values()].filter((p) => !this.hidden.has(p.requestId)));
  }

  /** Show exactly these purges (a snapshot). */
  replaceAll(purges: readonly PurgeRequest[]): void {
    this.purges.clear();
    this.rows.clear();
    this.activeId = undefined;
    this.tabStop = undefined;
    this.root.replaceChildren();
    for (const purge of purges) this.purges.set(purge.requestId, purge);
    this.reorder();
  }

  /** Apply a burst of changes from the core. */
  apply(change: PurgesChanged): void {
    const focus = this.focusedPlace();
    const out: string[] = [];
    const moved: string[] = [];
    const added: string[] = [];
    for (const requestId of change.removed) {
      this.hidden.delete(requestId);
      this.heldMoves.delete(requestId);
      if (!this.purges.delete(requestId)) continue;
      out.push(requestId);
      const row = this.rows.get(requestId);
      if (row) {
        row.li.remove();
        this.rows.delete(requestId);
        if (this.tabStop === row) this.tabStop = undefined;
      }
    }
    const now = this.now();
    const held = this.isHeld;
    for (const purge of change.updated) {
      const before = this.purges.get(purge.requestId);
      this.purges.set(purge.requestId, purge);
      this.rows.get(purge.requestId)?.paint(now, purge, this.context);
      if (!before) added.push(purge.requestId);
      else if (orderChanged(before, purge)) {
        if (held) this.heldMoves.add(purge.requestId);
        else moved.push(purge.requestId);
      }
    }
    if (added.length > INSERT_LIMIT) this.reorder();
    else if (out.length + moved.length + added.length > 0) {
      this.place(out, [...moved, ...added]);
    } else {
      this.options.onRendered?.(this.order.length, this.purges.size);
    }
    this.keepFocus(focus);
  }

  /** The focused row went away (removed) or out of the window (moved): keep focus in the list. */
  private keepFocus(focus: { requestId: string; index: number } | undefined): void {
    if (!focus || this.root.contains(document.activeElement)) return;
    const stillThere = this.index.get(focus.requestId);
    if (stillThere !== undefined) this.focusIndex(stillThere);
    else if (this.order.length > 0) this.focusIndex(Math.min(focus.index, this.order.length - 1));
    else this.root.closest<HTMLElement>('[data-focus-fallback]')?.focus();
  }

  /**
   * Takes `out` off the order and puts `moved` where they belong (or off, when the filter no
   * longer shows them): one pass over the order and a binary search per moved purge.
   */
  private place(out: readonly string[], moved: readonly string[]): void {
    const take = new Set([...out, ...moved]);
    const order = take.size > 0 ? this.order.filter((id) => !take.has(id)) : this.order;
    for (const requestId of moved) {
      const purge = this.purges.get(requestId);
      if (!purge || !this.isShown(purge)) continue;
      let low = 0;
      let high = order.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (comparePurges(this.purges.get(order[mid]!)!, purge) < 0) low = mid + 1;
        else high = mid;
      }
      order.splice(low, 0, requestId);
    }
    this.setOrder(order);
  }

  private isShown(purge: PurgeRequest): boolean {
    return (
      !this.hidden.has(purge.requestId) && matchesFilter(purge, this.filter.status, this.query)
    );
  }

  setFilter(filter: ListFilter): void {
    this.filter = filter;
    this.query = normalizedQuery(filter.query);
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
    const at = this.index.get(requestId);
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
    const active = this.activeId === undefined ? undefined : this.index.get(this.activeId);
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
    this.order = order;
    const index = new Map<string, number>();
    for (let i = 0; i < order.length; i++) index.set(order[i]!, i);
    this.index = index;
    this.renderWindow();
    this.options.onRendered?.(this.order.length, this.purges.size - this.hidden.size);
  }

  private queueWindow(): void {
    if (this.frameQueued) return;
    this.frameQueued = true;
    requestAnimationFrame(() => {
      this.frameQueued = false;
      this.renderWindow();
    });
  }

  /** One row's height in CSS pixels (it is set in rem and changes with the width). */
  private measureRowHeight(): number {
    if (this.rowHeight === 0) {
      const probe = document.createElement('li');
      probe.className = 'purge-row row-probe';
      probe.setAttribute('aria-hidden', 'true');
      this.root.append(probe);
      this.rowHeight = probe.getBoundingClientRect().height || FALLBACK_ROW_HEIGHT;
      probe.remove();
    }
    return this.rowHeight;
  }

  /** The index of the first row whose top is in view below the sticky bars. */
  private firstInView(): number {
    const top = this.root.getBoundingClientRect().top - (this.options.obscuredTop?.() ?? 0);
    const at = Math.ceil(-top / this.measureRowHeight());
    return Math.max(0, Math.min(this.order.length - 1, at));
  }

  /** Renders the rows in and near the viewport, and pads the list for the others. */
  private renderWindow(): void {
    const count = this.order.length;
    const height = this.measureRowHeight();
    const top = this.root.getBoundingClientRect().top;
    const first = Math.max(0, Math.floor(-top / height) - OVERSCAN_ROWS);
    const last = Math.min(
      count - 1,
      Math.ceil((window.innerHeight - top) / height) + OVERSCAN_ROWS,
    );
    const now = this.now();
    const wanted: PurgeRow[] = [];
    for (let i = first; i <= last; i++) wanted.push(this.rowAt(i, now));

    // A focused row scrolled far out of the window stays in the DOM, just outside the window
    // (off screen either way), so focus and the screen reader's place are not lost.
    let before = first;
    let after = Math.max(0, count - 1 - last);
    const focused = this.rowOf(document.activeElement);
    const focusedAt = focused ? this.index.get(focused.purge.requestId) : undefined;
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
    for (const row of wanted) {
      const at = this.index.get(row.purge.requestId) ?? 0;
      row.li.setAttribute('aria-posinset', String(at + 1));
      row.li.setAttribute('aria-setsize', String(count));
    }
    this.setPadding(before * height, after * height);
    this.updateTabStop(first, last);
    this.trimCache();
  }

  private rowAt(at: number, now: number): PurgeRow {
    const requestId = this.order[at]!;
    let row = this.rows.get(requestId);
    if (!row) {
      row = new PurgeRow(this.purges.get(requestId)!, now, this.context);
      this.rows.set(requestId, row);
    }
    return row;
  }

  /** The list's padding stands for the rows not rendered: set on our stylesheet's rule. */
  private setPadding(before: number, after: number): void {
    if (before === this.padding.before && after === this.padding.after) return;
    this.padding = { before, after };
    this.paddingRule ??= findRule('#purge-list');
    this.paddingRule?.style.setProperty('padding-top', `${before}px`);
    this.paddingRule?.style.setProperty('padding-bottom', `${after}px`);
  }

  private updateTabStop(first: number, last: number): void {
    const active = this.activeId === undefined ? undefined : this.index.get(this.activeId);
    let target: PurgeRow | undefined;
    if (active !== undefined && this.rows.get(this.activeId!)?.li.isConnected) {
      target = this.rows.get(this.activeId!);
    } else if (last >= first) {
      target = this.rowAt(Math.max(first, Math.min(last, this.firstInView())), this.now());
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
    const height = this.measureRowHeight();
    const rowTop = this.root.getBoundingClientRect().top + target * height;
    const stickyTop = (this.options.obscuredTop?.() ?? 0) + SCROLL_MARGIN;
    if (rowTop < stickyTop) window.scrollBy(0, rowTop - stickyTop);
    else if (rowTop + height > window.innerHeight - SCROLL_MARGIN) {
      window.scrollBy(0, rowTop + height - window.innerHeight + SCROLL_MARGIN);
    }
    this.renderWindow();
    const row = this.rows.get(this.order[target]!);
    if (!row) return undefined;
    this.setTabStop(row);
    row.li.focus({ preventScroll: true });
    return row;
  }

  /** Where focus is in the list, if it is. */
  private focusedPlace(): { requestId: string; index: number } | undefined {
    const row = this.rowOf(document.activeElement);
    if (!row) return undefined;
    const index = this.index.get(row.purge.requestId);
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
    const at = this.index.get(row.purge.requestId);
    if (at === undefined) return;
    const onRow = event.target === row.li;
    let target: number;
    switch (event.key) {
      case 'ArrowDown':
        target = at + 1;
        break;
      case 'ArrowUp':
        target = at - 1;
        break;
      case 'Home':
        target = 0;
        break;
      case 'End':
        target = this.order.length - 1;
        break;
      case 'PageDown':
        target = at + PAGE_ROWS;
        break;
      case 'PageUp':
        target = at - PAGE_ROWS;
        break;
      case 'Escape':
        event.preventDefault();
        if (onRow) this.options.onLeave?.();
        else row.li.focus();
        return;
      case 'Delete':
        if (!onRow) return;
        event.preventDefault();
        this.options.onAction('remove', row.purge, row.li);
        return;
      case 'Enter':
        if (!onRow) return;
        event.preventDefault();
        this.options.onAction(
          row.purge.state === 'given-up' ? 'resume' : 'check-now',
          row.purge,
          row.li,
        );
        return;
      default:
        return;
    }
    event.preventDefault();
    this.focusIndex(target);
  }
}

/** Whether a change can move a purge or take it in or out of the status filter. */
function orderChanged(before: PurgeRequest, after: PurgeRequest): boolean {
  return (
    before.state !== after.state ||
    before.addedAt !== after.addedAt ||
    before.submittedAt !== after.submittedAt ||
    Boolean(before.lastError) !== Boolean(after.lastError)
  );
}

/** A style rule of the page's own stylesheet, by its selector. */
function findRule(selector: string): CSSStyleRule | undefined {
  for (const sheet of document.styleSheets) {
    for (const rule of sheet.cssRules) {
      if (rule instanceof CSSStyleRule && rule.selectorText === selector) return rule;
    }
  }
  return undefined;
}
