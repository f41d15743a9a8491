// The bar under a focused row: the row in full, one fact a line, the request ID first (the thing
// to copy: never cut off by a long URL). A long URL or error may make it taller than its cap, so
// it is a focusable region that scrolls with the keyboard: Tab from the row reaches it, and it
// stays while focus is in it.

/** Room kept between a focused row and the bar. */
const MARGIN = 8;

export class RowDetail {
  constructor(private readonly root: HTMLElement) {
    root.tabIndex = 0;
    root.setAttribute('role', 'region');
    root.setAttribute('aria-label', 'Purge details');
    root.addEventListener('focusout', (event) => {
      if (!root.contains(event.relatedTarget as Node | null)) this.hideUnlessFocused();
    });
  }

  /**
   * Shows the lines of the focused row `li`, scrolling it out from under the bar; undefined:
   * focus left the row (the bar stays while focus is in it).
   */
  show(li: HTMLElement | undefined, lines: readonly string[] | undefined): void {
    if (li === undefined || lines === undefined) {
      // Focus moves after focusout: look once it has landed.
      setTimeout(() => this.hideUnlessFocused(), 0);
      return;
    }
    const [first, ...rest] = lines;
    const paragraphs = [first, ...rest].map((line, i) => {
      const p = document.createElement('p');
      p.className = i === 0 ? 'row-detail-id' : 'row-detail-line';
      p.textContent = line ?? '';
      return p;
    });
    this.root.replaceChildren(...paragraphs);
    this.root.scrollTop = 0;
    this.root.hidden = false;
    const covered = li.getBoundingClientRect().bottom - this.root.getBoundingClientRect().top;
    if (covered > 0) window.scrollBy(0, covered + MARGIN);
  }

  private hideUnlessFocused(): void {
    const focused = document.activeElement;
    if (this.root.contains(focused)) return;
    if (focused?.closest('li.purge-row')) return; // another row: it shows its own
    this.root.hidden = true;
  }
}
