// The list's toolbar: search, status filter with counts, the account filter (with several
// accounts), and the bulk actions. The chips count what the search and account filter show
// ("All 4 of 18" when they leave some out); the bulk actions act on what is shown. A renamed
// account stays chosen under its new name; a removed one is no longer chosen.
import type { ListFilter, StatusCounts, StatusFilter } from './filter';
import { countsShown, NO_FILTER } from './filter';
import { byId } from './page-elements';
import { countPurges, formatCount } from './window-words';

interface ListControlsOptions {
  onFilter(filter: ListFilter): void;
  onCheckAll(): void;
  onClearCompleted(): void;
}

/** Typing in the search box re-filters after this pause (a paste of 5,000 IDs stays smooth). */
const SEARCH_DEBOUNCE_MS = 60;

export class ListControls {
  private readonly search = byId<HTMLInputElement>('search');
  private readonly accountBox = byId('account-filter-box');
  private readonly account = byId<HTMLSelectElement>('account-filter');
  private readonly checkAll = byId<HTMLButtonElement>('check-all');
  private readonly clearCompleted = byId<HTMLButtonElement>('clear-completed');
  private readonly countSlots = new Map<string, HTMLElement>();
  private readonly chips = new Map<string, HTMLElement>();
  private filter: ListFilter = NO_FILTER;
  /** The accounts offered last (to tell a rename from a removal). */
  private names: readonly string[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: ListControlsOptions) {
    for (const slot of document.querySelectorAll<HTMLElement>('[data-count]')) {
      this.countSlots.set(slot.dataset.count ?? '', slot);
      const chip = slot.closest<HTMLElement>('.chip');
      if (chip) this.chips.set(slot.dataset.count ?? '', chip);
    }
    this.search.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.update({ query: this.search.value }), SEARCH_DEBOUNCE_MS);
    });
    this.account.addEventListener('change', () => this.update({ account: this.account.value }));
    for (const radio of this.radios()) {
      radio.addEventListener('change', () => {
        if (radio.checked) this.update({ status: radio.value as StatusFilter });
      });
    }
    this.checkAll.addEventListener('click', () => {
      if (!isUnavailable(this.checkAll)) options.onCheckAll();
    });
    this.clearCompleted.addEventListener('click', () => {
      if (!isUnavailable(this.clearCompleted)) options.onClearCompleted();
    });
  }

  get current(): ListFilter {
    return this.filter;
  }

  get isFiltered(): boolean {
    return (
      this.filter.status !== 'all' ||
      this.filter.query.trim() !== '' ||
      (this.filter.account ?? '') !== ''
    );
  }

  /**
   * The accounts to filter by: none with a single account (the filter is not offered). The
   * account chosen was renamed (it went, one new name came): the new name is chosen; it was
   * removed: every account's purges show.
   */
  showAccounts(names: readonly string[]): void {
    const before = this.names;
    this.names = [...names];
    let chosen = this.filter.account ?? '';
    if (chosen !== '' && !names.includes(chosen)) {
      const arrived = names.filter((name) => !before.includes(name));
      chosen = arrived.length === 1 && arrived[0] !== undefined ? arrived[0] : '';
    }
    this.accountBox.hidden = names.length < 2;
    const current = [...this.account.options].slice(1).map((option) => option.value);
    if (String(current) !== String(names)) {
      this.account.replaceChildren(this.account.options[0]!, ...names.map((n) => new Option(n, n)));
    }
    this.account.value = chosen;
    this.update({ account: chosen });
  }

  focusSearch(): void {
    this.search.focus();
    this.search.select();
  }

  clearSearch(): void {
    this.search.value = '';
    this.update({ query: '' });
  }

  /** Back to every purge. */
  reset(): void {
    this.search.value = '';
    this.account.value = '';
    for (const radio of this.radios()) radio.checked = radio.value === 'all';
    this.update(NO_FILTER);
  }

  /**
   * `counts`: the purges the search and account filter show, by status; `total`: every purge
   * on the list.
   */
  showCounts(counts: StatusCounts, total: number): void {
    for (const [kind, slot] of this.countSlots) {
      const count = counts[kind as StatusFilter] ?? 0;
      const text =
        kind === 'all' && count < total
          ? `${formatCount(count)} of ${formatCount(total)}`
          : formatCount(count);
      if (slot.textContent !== text) slot.textContent = text;
      // A status nobody is in is not offered (All and the chosen one always are).
      const offered = count > 0 || kind === 'all' || kind === this.filter.status;
      const chip = this.chips.get(kind);
      if (chip && chip.hidden === offered) chip.hidden = !offered;
    }
    // The bulk actions act on what is shown.
    const shown = countsShown(counts, this.filter.status);
    const checkable = shown.pending + shown.retrying;
    setUnavailable(this.checkAll, checkable === 0);
    setUnavailable(this.clearCompleted, shown.completed === 0);
    const those = this.isFiltered ? ' shown' : '';
    this.checkAll.title = `Check the ${countPurges(checkable, 'pending')}${those} now`;
    this.clearCompleted.title = `Clear the ${countPurges(shown.completed, 'completed')}${those}`;
  }

  private radios(): NodeListOf<HTMLInputElement> {
    return document.querySelectorAll<HTMLInputElement>('input[name="status-filter"]');
  }

  private update(patch: Partial<ListFilter>): void {
    clearTimeout(this.timer);
    const next = { ...this.filter, ...patch };
    if (
      next.status === this.filter.status &&
      next.query === this.filter.query &&
      next.account === this.filter.account
    ) {
      return;
    }
    this.filter = next;
    this.options.onFilter(next);
  }
}

/** aria-disabled rather than disabled: a button that just did its job keeps keyboard focus. */
function setUnavailable(button: HTMLButtonElement, unavailable: boolean): void {
  if (unavailable) button.setAttribute('aria-disabled', 'true');
  else button.removeAttribute('aria-disabled');
}

function isUnavailable(button: HTMLButtonElement): boolean {
  return button.getAttribute('aria-disabled') === 'true';
}
