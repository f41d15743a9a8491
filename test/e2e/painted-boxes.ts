// What the window paints where, measured in the page: the boxes of the TEXT itself (a Range's
// client rects of each text node, cut to every ancestor that clips it: an ellipsis, a row's
// overflow) and of the buttons, not the elements' boxes, which may be narrower than the text they
// let overflow. Used to find text painted over text or a button, text cut off, and rows cut off by
// the top bars.
import type { Page } from 'playwright-core';

export interface Overlap {
  row: string;
  a: string;
  b: string;
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** One text run (a line of a text node) or one visible button, inside a container. */
interface Painted {
  /** The container's aria-label, else its data-id, else its text. */
  container: string;
  what: string;
  /** The text node or button it is (a text node wrapped on two lines paints twice). */
  node: number;
  /** The button it is or is inside, if any. */
  button?: number;
  /** Where it would paint with nothing clipping it. */
  whole: Box;
  /** The part its clipping ancestors and the window's sides let through (maybe empty). */
  shown: Box;
}

const SLIVER = 0.5; // px: anti-aliasing and rounding, not an overlap or a cut a person sees

function intersect(a: Box, b: Box): Box {
  return {
    left: Math.max(a.left, b.left),
    top: Math.max(a.top, b.top),
    right: Math.min(a.right, b.right),
    bottom: Math.min(a.bottom, b.bottom),
  };
}

function isEmpty(box: Box): boolean {
  return box.right - box.left <= SLIVER || box.bottom - box.top <= SLIVER;
}

/** What is painted inside each element `selector` finds (hidden things left out). */
function paintedIn(page: Page, selector: string): Promise<Painted[]> {
  return page.evaluate((containers) => {
    type Shown = { left: number; top: number; right: number; bottom: number };
    const intersect = (a: Shown, b: Shown): Shown => ({
      left: Math.max(a.left, b.left),
      top: Math.max(a.top, b.top),
      right: Math.min(a.right, b.right),
      bottom: Math.min(a.bottom, b.bottom),
    });
    const plain = (box: Shown): Shown => ({
      left: box.left,
      top: box.top,
      right: box.right,
      bottom: box.bottom,
    });
    const width = document.documentElement.clientWidth;
    /** `box` cut to `node`'s clipping ancestors up to `root` and to the window's sides; null
     * when an ancestor hides it (display, visibility, a clip-path: read out only). */
    const clipped = (box: Shown, node: Node, root: Element): Shown | null => {
      let shown = { ...plain(box), left: Math.max(box.left, 0), right: Math.min(box.right, width) };
      for (let el = node.parentElement; el; el = el.parentElement) {
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.visibility === 'hidden') return null;
        if (style.clipPath !== 'none') return null;
        if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
          shown = intersect(shown, el.getBoundingClientRect());
        }
        if (el === root) break;
      }
      return shown;
    };
    const painted: Painted[] = [];
    let nodes = 0;
    for (const root of document.querySelectorAll<HTMLElement>(containers)) {
      const container =
        root.getAttribute('aria-label') ?? root.dataset.id ?? root.textContent ?? '';
      const buttons = [...root.querySelectorAll<HTMLElement>('button')];
      const firstButton = nodes;
      nodes += buttons.length;
      buttons.forEach((button, index) => {
        const box = button.getBoundingClientRect();
        const shown = clipped(box, button.firstChild ?? button, root);
        if (shown === null || button.offsetParent === null) return;
        const name = button.getAttribute('aria-label') ?? button.textContent ?? '';
        const id = firstButton + index;
        painted.push({
          container,
          what: `button ${name}`,
          node: id,
          button: id,
          whole: plain(box),
          shown,
        });
      });
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        const node = nodes++;
        if ((text.textContent ?? '').trim() === '') continue;
        const range = document.createRange();
        range.selectNodeContents(text);
        const inside = buttons.findIndex((button) => button.contains(text));
        for (const rect of range.getClientRects()) {
          const shown = clipped(rect, text, root);
          if (shown === null) continue;
          painted.push({
            container,
            what: `"${text.textContent}"`,
            node,
            ...(inside === -1 ? {} : { button: firstButton + inside }),
            whole: plain(rect),
            shown,
          });
        }
      }
    }
    return painted;
  }, selector);
}

/**
 * Within each element `selector` finds (by default each rendered row of the list): pairs of
 * painted things (text runs and visible buttons) that overlap by more than a sliver. Empty when
 * nothing is painted over anything.
 */
export async function paintedOverlaps(page: Page, selector = 'li.purge-row'): Promise<Overlap[]> {
  const painted = (await paintedIn(page, selector)).filter((p) => !isEmpty(p.shown));
  const overlaps: Overlap[] = [];
  for (let i = 0; i < painted.length; i++) {
    for (let j = i + 1; j < painted.length; j++) {
      const a = painted[i]!;
      const b = painted[j]!;
      if (a.container !== b.container || a.node === b.node) continue;
      // A button and its own label.
      const isButton = (p: Painted) => p.node === p.button;
      if (a.button === b.button && (isButton(a) || isButton(b))) continue;
      if (!isEmpty(intersect(a.shown, b.shown))) {
        overlaps.push({ row: a.container, a: a.what, b: b.what });
      }
    }
  }
  return overlaps;
}

/** Within each rendered row of the list: what is painted over what (paintedOverlaps). */
export function rowOverlaps(page: Page): Promise<Overlap[]> {
  return paintedOverlaps(page);
}

/**
 * The text runs and buttons inside the elements `selector` finds that are not wholly painted: cut
 * by an ancestor's overflow (an ellipsis) or by the window's sides. Empty when all can be read.
 */
export async function cutOff(page: Page, selector: string): Promise<string[]> {
  return (await paintedIn(page, selector))
    .filter(
      ({ whole, shown }) =>
        isEmpty(shown) ||
        shown.left - whole.left > SLIVER ||
        whole.right - shown.right > SLIVER ||
        shown.top - whole.top > SLIVER ||
        whole.bottom - shown.bottom > SLIVER,
    )
    .map(({ container, what }) => `${container}: ${what}`);
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

/**
 * The words inside the elements `selector` finds that are painted broken over two lines or more
 * although the line they are on has room for them whole ("Che / ckin / g"): a path longer than
 * the line may break, a word that fits may not (a hyphen ends a word: "gnome- / keyring" is fine). Each as `"word" (its width / the line's)`.
 */
export function wordsBroken(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((containers) => {
    const broken: string[] = [];
    /** The width of the line boxes of `el`'s block: its nearest ancestor not laid out inline. */
    const lineWidth = (el: Element): number => {
      let block: Element | null = el;
      while (block && getComputedStyle(block).display.startsWith('inline')) {
        block = block.parentElement;
      }
      if (!block) return Infinity;
      const style = getComputedStyle(block);
      return block.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    };
    for (const root of document.querySelectorAll(containers)) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        const content = text.textContent ?? '';
        // A word may break after a hyphen, as any line of text does.
        for (const word of content.matchAll(/[^\s-]+-?/g)) {
          const range = document.createRange();
          range.setStart(text, word.index);
          range.setEnd(text, word.index + word[0].length);
          const pieces = [...range.getClientRects()].filter((rect) => rect.width > 0);
          const lines = new Set(pieces.map((rect) => Math.round(rect.top)));
          if (lines.size < 2) continue;
          const width = pieces.reduce((sum, rect) => sum + rect.width, 0);
          const room = lineWidth(text.parentElement!);
          if (width <= room) {
            broken.push(`"${word[0]}" (${Math.round(width)} px / ${Math.round(room)} px)`);
          }
        }
      }
    }
    return broken;
  }, selector);
}
