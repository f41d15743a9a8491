// What the window paints where, measured in the page: the boxes of the TEXT itself (a Range's
// client rects of each text node, cut to every ancestor that clips it: an ellipsis, a row's
// overflow) and of the buttons, not the elements' boxes, which may be narrower than the text they
// let overflow. Used to find text painted over text or a button, and rows cut off by the top bars.
import type { Page } from 'playwright-core';

export interface Overlap {
  row: string;
  a: string;
  b: string;
}

/**
 * Within each rendered row of the list: pairs of painted things (text runs and visible buttons)
 * that overlap by more than a sliver. Empty when nothing is painted over anything.
 */
export function rowOverlaps(page: Page): Promise<Overlap[]> {
  return page.evaluate(() => {
    type Box = { left: number; top: number; right: number; bottom: number };
    const SLIVER = 0.5; // px: anti-aliasing and rounding, not an overlap a person sees
    const intersect = (a: Box, b: Box): Box => ({
      left: Math.max(a.left, b.left),
      top: Math.max(a.top, b.top),
      right: Math.min(a.right, b.right),
      bottom: Math.min(a.bottom, b.bottom),
    });
    const isEmpty = (box: Box) => box.right - box.left <= SLIVER || box.bottom - box.top <= SLIVER;
    /** The part of `box` that `node`'s ancestors up to `row` let through; undefined when none. */
    const clipped = (box: Box, node: Node, row: Element): Box | undefined => {
      let shown = box;
      for (let el = node.parentElement; el; el = el.parentElement) {
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.visibility === 'hidden') return undefined;
        if (style.clipPath !== 'none') return undefined; // visually hidden (read out only)
        if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
          shown = intersect(shown, el.getBoundingClientRect());
        }
        if (el === row) break;
      }
      return isEmpty(shown) ? undefined : shown;
    };
    const overlaps: Array<{ row: string; a: string; b: string }> = [];
    for (const row of document.querySelectorAll<HTMLElement>('li.purge-row')) {
      const painted: Array<{ what: string; box: Box; node: Node }> = [];
      const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        if ((text.textContent ?? '').trim() === '') continue;
        const range = document.createRange();
        range.selectNodeContents(text);
        for (const rect of range.getClientRects()) {
          const box = clipped(rect, text, row);
          if (box) painted.push({ what: `"${text.textContent}"`, box, node: text });
        }
      }
      for (const button of row.querySelectorAll<HTMLElement>('button')) {
        const box = clipped(button.getBoundingClientRect(), button.firstChild ?? button, row);
        if (box && button.offsetParent !== null) {
          painted.push({ what: `button ${button.getAttribute('aria-label')}`, box, node: button });
        }
      }
      for (let i = 0; i < painted.length; i++) {
        for (let j = i + 1; j < painted.length; j++) {
          const a = painted[i]!;
          const b = painted[j]!;
          if (a.node === b.node || a.node.contains(b.node) || b.node.contains(a.node)) continue;
          if (!isEmpty(intersect(a.box, b.box))) {
            overlaps.push({ row: row.getAttribute('aria-label') ?? '', a: a.what, b: b.what });
          }
        }
      }
    }
    return overlaps;
  });
}

/**
 * How many rows of the list are wholly in view: below the sticky bars at the top (the header,
 * the list's toolbar while it sticks) and above the window's bottom edge.
 */
export function rowsInView(page: Page): Promise<number> {
  return page.evaluate(() => {
    const bars = [...document.querySelectorAll<HTMLElement>('.app-header, .list-sticky')]
      .filter((bar) => getComputedStyle(bar).position === 'sticky')
      .map((bar) => bar.getBoundingClientRect().bottom);
    const top = Math.max(0, ...bars);
    return [...document.querySelectorAll<HTMLElement>('li.purge-row')].filter((row) => {
      const box = row.getBoundingClientRect();
      return box.top >= top - 0.5 && box.bottom <= window.innerHeight + 0.5;
    }).length;
  });
}
