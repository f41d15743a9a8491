// The list's toolbar: search, status filter with counts, the account filter (with several
// accounts), and the bulk actions.
import type { ListFilter, StatusCounts, StatusFilter } from './filter';
import { NO_FILTER } from './filter';
import { byId } from './page-elements';
import { formatCount } from './view-model';

export interface ListControlsOptions {
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
   * The accounts to filter by: none with a single account (the filter is not offered). An
   * account chosen and since gone stays offered until another is chosen.
   */
  showAccounts(names: readonly string[]): void {
    const chosen = this.filter.account ?? '';
    const offered = chosen === '' || names.includes(chosen) ? [...names] : [...names, chosen];
    this.accountBox.hidden = names.length < 2 && chosen === '';
    const current = [...this.account.options].slice(1).map((option) => option.value);
    if (String(current) === String(offered)) return;
    this.account.replaceChildren(this.account.options[0]!, ...offered.map((n) => new Option(n, n)));
    this.account.value = chosen;
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

  showCounts(counts: StatusCounts): void {
    for (const [kind, slot] of this.countSlots) {
      const count = counts[kind as StatusFilter] ?? 0;
      const text = formatCount(count);
      if (slot.textContent !== text) slot.textContent = text;
      // A status nobody is in is not offered (All and the chosen one always are).
      const offered = count > 0 || kind === 'all' || kind === this.filter.status;
      const chip = this.chips.get(kind);
      if (chip && chip.hidden === offered) chip.hidden = !offered;
    }
    const pending = counts.pending + counts.retrying;
    setUnavailable(this.checkAll, pending === 0);
    setUnavailable(this.clearCompleted, counts.completed === 0);
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
