// The list of tracked purges: one keyed row per purge, created when first shown and updated in
// place. A change from the core touches only the rows it names and moves only rows whose place
// changed; the clock's tick rewrites only time cells whose text changed. Rows are reached with
// the keyboard through a roving tabindex: the list is one Tab stop, arrows move between rows.
import type { PurgeRequest, PurgesChanged } from '../shared/purge';
import type { ListFilter, StatusCounts } from './filter';
import { comparePurges, countByStatus, matchesFilter, NO_FILTER, normalizedQuery } from './filter';
import { createIcon } from './icons';
import type { IconName } from './icons';
import type { RowText, RowTimes, StatusKind } from './view-model';
import { rowText, rowTimes } from './view-model';

export type RowAction = 'copy' | 'check-now' | 'resume' | 'open' | 'remove';

export interface PurgeListOptions {
  onAction(action: RowAction, purge: PurgeRequest, source: HTMLElement): void;
  /** After every render: what is shown out of how many. */
  onRendered?(shown: number, total: number): void;
  now?: () => number;
}

const STATUS_ICON: Record<StatusKind, IconName> = {
  pending: 'clock',
  retrying: 'retry',
  completed: 'check',
  'not-found': 'question',
  'given-up': 'stop',
};

const PAGE_ROWS = 10;

interface Row {
  purge: PurgeRequest;
  li: HTMLLIElement;
  icon: SVGSVGElement;
  word: HTMLElement;
  detail: HTMLElement;
  title: HTMLElement;
  id: HTMLElement;
  error: HTMLElement;
  added: HTMLElement;
  duration: HTMLElement;
  durationLabel: HTMLElement;
  lastChecked: HTMLElement;
  checks: HTMLElement;
  checkNow: HTMLButtonElement;
  resume: HTMLButtonElement;
  open: HTMLButtonElement;
  text: RowText | undefined;
  times: RowTimes | undefined;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text = '',
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function hiddenLabel(text: string): HTMLElement {
  return element('span', 'visually-hidden', text);
}

function actionButton(action: RowAction, icon: IconName, label: string): HTMLButtonElement {
  const button = element('button', `icon-button action-${action}`);
  button.type = 'button';
  button.tabIndex = -1;
  button.dataset.action = action;
  button.setAttribute('aria-label', label);
  button.title = label;
  button.append(createIcon(icon));
  return button;
}

/** One row's structure, built once; every row is a deep clone of it. */
function rowTemplate(): HTMLLIElement {
  const li = element('li', 'purge-row');
  li.tabIndex = -1;

  const status = element('div', 'cell cell-status');
  const badge = element('span', 'status-badge');
  badge.append(createIcon('clock'), element('span', 'status-word'));
  status.append(badge, element('span', 'status-detail'));

  const main = element('div', 'cell cell-purge');
  const title = element('div', 'purge-title');
  const idLine = element('div', 'purge-id');
  idLine.append(
    hiddenLabel('Request ID '),
    element('code', 'request-id'),
    actionButton('copy', 'copy', 'Copy request ID'),
  );
  const error = element('p', 'purge-error');
  error.hidden = true;
  main.append(title, idLine, error);

  const added = element('div', 'cell cell-added');
  added.append(hiddenLabel('Added '), element('span', 'cell-value'));

  const duration = element('div', 'cell cell-duration');
  duration.append(
    hiddenLabel('Time: '),
    element('span', 'cell-value'),
    element('span', 'cell-sub'),
  );

  const checked = element('div', 'cell cell-checked');
  checked.append(
    hiddenLabel('Last checked '),
    element('span', 'cell-value'),
    element('span', 'cell-sub'),
  );

  const actions = element('div', 'cell cell-actions');
  actions.append(
    actionButton('check-now', 'retry', 'Check now'),
    actionButton('resume', 'play', 'Resume checking'),
    actionButton('open', 'external', 'Open URL'),
    actionButton('remove', 'trash', 'Remove'),
  );
  li.append(status, main, added, duration, checked, actions);
  return li;
}

export class PurgeList {
  private readonly purges = new Map<string, PurgeRequest>();
  private readonly rows = new Map<string, Row>();
  private readonly template = rowTemplate();
  private readonly now: () => number;
  private filter: ListFilter = NO_FILTER;
  private query = '';
  private shown = 0;
  /** The row that is the list's Tab stop. */
  private active: Row | undefined;

  constructor(
    readonly root: HTMLUListElement,
    private readonly options: PurgeListOptions,
  ) {
    this.now = options.now ?? Date.now;
    root.addEventListener('click', (event) => this.onClick(event));
    root.addEventListener('keydown', (event) => this.onKeyDown(event));
    root.addEventListener('focusin', (event) => {
      const row = this.rowOf(event.target);
      if (row) this.setActive(row);
    });
  }

  /** Every tracked purge, in no particular order. */
  get all(): PurgeRequest[] {
    return [...this.purges.values()];
  }

  get(requestId: string): PurgeRequest | undefined {
    return this.purges.get(requestId);
  }

  get size(): number {
    return this.purges.size;
  }

  get shownCount(): number {
    return this.shown;
  }

  counts(): StatusCounts {
    return countByStatus(this.purges.values());
  }

  /** Show exactly these purges (a snapshot). */
  replaceAll(purges: readonly PurgeRequest[]): void {
    this.purges.clear();
    this.rows.clear();
    this.active = undefined;
    for (const purge of purges) this.purges.set(purge.requestId, purge);
    this.renderAll();
  }

  /** Apply a burst of changes from the core. */
  apply(change: PurgesChanged): void {
    const moved = new Set<string>();
    let refocus: Row | undefined;
    let removedFocused = false;
    for (const requestId of change.removed) {
      if (!this.purges.delete(requestId)) continue;
      const row = this.rows.get(requestId);
      if (!row) continue;
      if (row.li.contains(document.activeElement)) {
        removedFocused = true;
        refocus = this.neighbour(row, change.removed);
      }
      if (this.active === row) this.active = undefined;
      row.li.remove();
      this.rows.delete(requestId);
    }
    const now = this.now();
    for (const purge of change.updated) {
      const before = this.purges.get(purge.requestId);
      this.purges.set(purge.requestId, purge);
      const row = this.rows.get(purge.requestId);
      if (row) {
        row.purge = purge;
        this.paint(row, now);
      }
      if (
        !before ||
        before.state !== purge.state ||
        before.addedAt !== purge.addedAt ||
        Boolean(before.lastError) !== Boolean(purge.lastError)
      ) {
        moved.add(purge.requestId);
      }
    }
    if (moved.size > 0) this.place(moved);
    else if (change.removed.length > 0) this.afterRender();
    if (removedFocused) {
      const target = refocus?.li.isConnected ? refocus : this.firstRow();
      if (target) this.focus(target);
      else this.root.closest<HTMLElement>('[data-focus-fallback]')?.focus();
    }
  }

  setFilter(filter: ListFilter): void {
    this.filter = filter;
    this.query = normalizedQuery(filter.query);
    this.renderAll();
  }

  /** Rewrite the time cells of shown rows whose text changed. */
  tick(): void {
    const now = this.now();
    for (let li = this.root.firstElementChild; li; li = li.nextElementSibling) {
      const row = this.rows.get((li as HTMLLIElement).dataset.id ?? '');
      if (row) this.paintTimes(row, now);
    }
  }

  /** Focus a purge's row and flash it; false when it is not shown. */
  reveal(requestId: string): boolean {
    const row = this.rows.get(requestId);
    if (!row || !row.li.isConnected) return false;
    this.focus(row);
    row.li.classList.remove('flash');
    void row.li.offsetWidth; // restart the animation
    row.li.classList.add('flash');
    return true;
  }

  /** Focus the list's Tab stop (the active row, or the first). */
  focusList(): boolean {
    const row = this.active?.li.isConnected ? this.active : this.firstRow();
    if (!row) return false;
    this.focus(row);
    return true;
  }

  // -- rendering -----------------------------------------------------------------------------

  private matches(purge: PurgeRequest): boolean {
    return matchesFilter(purge, this.filter.status, this.query);
  }

  private order(): PurgeRequest[] {
    const shown: PurgeRequest[] = [];
    for (const purge of this.purges.values()) if (this.matches(purge)) shown.push(purge);
    return shown.sort(comparePurges);
  }

  private renderAll(): void {
    const now = this.now();
    const fragment = document.createDocumentFragment();
    for (const purge of this.order()) fragment.append(this.rowFor(purge, now).li);
    this.root.replaceChildren(fragment);
    this.afterRender();
  }

  /**
   * Re-place the rows in `moved` (their sort key or visibility changed). Every other shown row
   * keeps its relative order, so one walk puts the moved ones in place with one DOM move each.
   */
  private place(moved: ReadonlySet<string>): void {
    for (const requestId of moved) this.rows.get(requestId)?.li.remove();
    const now = this.now();
    let cursor = this.root.firstElementChild;
    for (const purge of this.order()) {
      const row = this.rowFor(purge, now);
      if (row.li === cursor) cursor = cursor.nextElementSibling;
      else this.root.insertBefore(row.li, cursor);
    }
    this.afterRender();
  }

  private afterRender(): void {
    this.shown = this.root.childElementCount;
    if (!this.active?.li.isConnected) {
      const first = this.firstRow();
      if (first) this.setActive(first);
    }
    this.options.onRendered?.(this.shown, this.purges.size);
  }

  private rowFor(purge: PurgeRequest, now: number): Row {
    let row = this.rows.get(purge.requestId);
    if (row) return row;
    const li = this.template.cloneNode(true) as HTMLLIElement;
    const [status, main, added, duration, checked, actions] = li.children as unknown as [
      HTMLElement,
      HTMLElement,
      HTMLElement,
      HTMLElement,
      HTMLElement,
      HTMLElement,
    ];
    const badge = status.firstElementChild as HTMLElement;
    const [title, idLine, error] = main.children as unknown as [
      HTMLElement,
      HTMLElement,
      HTMLElement,
    ];
    const [checkNow, resume, open] = actions.children as unknown as HTMLButtonElement[];
    li.dataset.id = purge.requestId;
    row = {
      purge,
      li,
      icon: badge.firstElementChild as SVGSVGElement,
      word: badge.lastElementChild as HTMLElement,
      detail: status.lastElementChild as HTMLElement,
      title,
      id: idLine.children[1] as HTMLElement,
      error,
      added: added.lastElementChild as HTMLElement,
      duration: duration.children[1] as HTMLElement,
      durationLabel: duration.children[2] as HTMLElement,
      lastChecked: checked.children[1] as HTMLElement,
      checks: checked.children[2] as HTMLElement,
      checkNow: checkNow!,
      resume: resume!,
      open: open!,
      text: undefined,
      times: undefined,
    };
    this.rows.set(purge.requestId, row);
    this.paint(row, now);
    return row;
  }

  private paint(row: Row, now: number): void {
    const next = rowText(row.purge);
    const last = row.text;
    if (next.kind !== last?.kind) {
      row.li.dataset.kind = next.kind;
      const icon = createIcon(STATUS_ICON[next.kind]);
      row.icon.replaceWith(icon);
      row.icon = icon;
      row.word.textContent = next.statusWord;
    }
    if (next.statusDetail !== last?.statusDetail) row.detail.textContent = next.statusDetail;
    if (next.label !== last?.label) row.li.setAttribute('aria-label', next.label);
    if (next.url !== last?.url || !last) {
      row.title.textContent = next.url ?? 'Added by request ID';
      row.title.classList.toggle('no-url', next.url === undefined);
      if (next.url !== undefined) row.title.title = next.url;
    }
    if (next.requestId !== last?.requestId) row.id.textContent = next.requestId;
    if (next.error !== last?.error) {
      row.error.textContent = next.error ?? '';
      row.error.hidden = next.error === undefined;
    }
    if (next.canCheckNow !== last?.canCheckNow) row.checkNow.hidden = !next.canCheckNow;
    if (next.canResume !== last?.canResume) row.resume.hidden = !next.canResume;
    if (next.canOpen !== last?.canOpen) row.open.hidden = !next.canOpen;
    row.text = next;
    this.paintTimes(row, now);
  }

  private paintTimes(row: Row, now: number): void {
    const next = rowTimes(row.purge, now);
    const last = row.times;
    if (next.added !== last?.added) row.added.textContent = next.added;
    if (next.duration !== last?.duration) row.duration.textContent = next.duration;
    if (next.durationLabel !== last?.durationLabel) {
      row.durationLabel.textContent = next.durationLabel;
    }
    if (next.lastChecked !== last?.lastChecked) row.lastChecked.textContent = next.lastChecked;
    if (next.checks !== last?.checks) row.checks.textContent = next.checks;
    row.times = next;
  }

  // -- keyboard and pointer ------------------------------------------------------------------

  private rowOf(target: EventTarget | null): Row | undefined {
    const li = (target as Element | null)?.closest?.<HTMLLIElement>('li.purge-row');
    return li ? this.rows.get(li.dataset.id ?? '') : undefined;
  }

  private firstRow(): Row | undefined {
    const li = this.root.firstElementChild as HTMLLIElement | null;
    return li ? this.rows.get(li.dataset.id ?? '') : undefined;
  }

  private setActive(row: Row): void {
    if (this.active === row) return;
    if (this.active) {
      this.active.li.tabIndex = -1;
      for (const button of this.active.li.querySelectorAll('button')) button.tabIndex = -1;
    }
    this.active = row;
    row.li.tabIndex = 0;
    for (const button of row.li.querySelectorAll('button')) button.tabIndex = 0;
  }

  private focus(row: Row): void {
    this.setActive(row);
    row.li.focus({ preventScroll: true });
    row.li.scrollIntoView({ block: 'nearest' });
  }

  /** The row to focus once `row` is gone: the next one still staying, else the previous one. */
  private neighbour(row: Row, leaving: readonly string[]): Row | undefined {
    const gone = new Set(leaving);
    for (const step of ['nextElementSibling', 'previousElementSibling'] as const) {
      for (let li = row.li[step]; li; li = li[step]) {
        const id = (li as HTMLLIElement).dataset.id ?? '';
        if (!gone.has(id)) return this.rows.get(id);
      }
    }
    return undefined;
  }

  private onClick(event: MouseEvent): void {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    if (!button) return;
    const row = this.rowOf(button);
    if (!row) return;
    this.options.onAction(button.dataset.action as RowAction, row.purge, button);
  }

  private onKeyDown(event: KeyboardEvent): void {
    const row = this.rowOf(event.target);
    if (!row || event.altKey || event.ctrlKey || event.metaKey) return;
    const onRow = event.target === row.li;
    let target: Element | null = null;
    switch (event.key) {
      case 'ArrowDown':
        target = row.li.nextElementSibling;
        break;
      case 'ArrowUp':
        target = row.li.previousElementSibling;
        break;
      case 'Home':
        target = this.root.firstElementChild;
        break;
      case 'End':
        target = this.root.lastElementChild;
        break;
      case 'PageDown':
      case 'PageUp': {
        const step = event.key === 'PageDown' ? 'nextElementSibling' : 'previousElementSibling';
        let li: Element = row.li;
        for (let i = 0; i < PAGE_ROWS && li[step]; i++) li = li[step]!;
        target = li;
        break;
      }
      case 'Delete':
      case 'Backspace':
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
    const next = this.rowOf(target);
    if (next) this.focus(next);
  }
}
