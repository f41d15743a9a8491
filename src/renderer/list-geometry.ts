// The purge list's geometry: every row has one height (set in rem, so it follows the width and
// the zoom; measured once, again after a resize), which rows are in or near the viewport, and
// the list's padding that stands for the rows not rendered, set through a rule of our own
// stylesheet (the CSP allows no inline style).

const FALLBACK_ROW_HEIGHT = 60;

export class ListGeometry {
  private height = 0;
  private paddingRule: CSSStyleRule | undefined;
  private padding = { before: -1, after: -1 };

  constructor(
    private readonly root: HTMLElement,
    /** The list's own rule in the page's stylesheet. */
    private readonly selector: string,
  ) {}

  /** The width or the zoom changed: measure the row height again. */
  invalidate(): void {
    this.height = 0;
  }

  /** One row's height in CSS pixels. */
  rowHeight(): number {
    if (this.height === 0) {
      const probe = document.createElement('li');
      probe.className = 'purge-row row-probe';
      probe.setAttribute('aria-hidden', 'true');
      this.root.append(probe);
      this.height = probe.getBoundingClientRect().height || FALLBACK_ROW_HEIGHT;
      probe.remove();
    }
    return this.height;
  }

  /** The places of the rows in the viewport, and `overscan` more each side, of `count`. */
  windowRange(count: number, overscan: number): { first: number; last: number } {
    const height = this.rowHeight();
    const top = this.root.getBoundingClientRect().top;
    return {
      first: Math.max(0, Math.floor(-top / height) - overscan),
      last: Math.min(count - 1, Math.ceil((window.innerHeight - top) / height) + overscan),
    };
  }

  /** The place of the first row whose top is in view below `obscuredTop` pixels, of `count`. */
  firstInView(count: number, obscuredTop: number): number {
    const top = this.root.getBoundingClientRect().top - obscuredTop;
    const at = Math.ceil(-top / this.rowHeight());
    return Math.max(0, Math.min(count - 1, at));
  }

  /** The space above the first rendered row, in pixels. */
  get paddingBefore(): number {
    return this.padding.before;
  }

  setPadding(before: number, after: number): void {
    if (before === this.padding.before && after === this.padding.after) return;
    this.padding = { before, after };
    this.paddingRule ??= findRule(this.selector);
    this.paddingRule?.style.setProperty('padding-top', `${before}px`);
    this.paddingRule?.style.setProperty('padding-bottom', `${after}px`);
  }
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
