// The window's picture of how long this account's purges take: a histogram of recent durations
// on a log-scaled time axis, the median and the 95th percentile marked, and each pending purge
// placed by its current age. SVG built with DOM calls (no inline style, no script: CSP-clean),
// coloured by classes in styles.css (both themes). The SVG is hidden from screen readers; a
// text equivalent under it says the same in words. It opens in a dialog from a button in the
// header that says the median ("median 2m 19s"), so the list keeps the window's height.
import type { DurationBin, DurationSummary } from '../shared/duration-estimate';
import { formatDuration } from '../shared/format';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 320;
const HEIGHT = 120;
const PLOT = { left: 8, right: 312, top: 18, bottom: 92 };
/** The axis runs from 1 s to 4 h, logarithmically. */
const AXIS_FROM_MS = 1_000;
const AXIS_TO_MS = 4 * 60 * 60_000;
const TICKS: ReadonlyArray<[number, string]> = [
  [10_000, '10s'],
  [60_000, '1m'],
  [10 * 60_000, '10m'],
  [60 * 60_000, '1h'],
];

/** Where a duration sits on the axis, in SVG units. */
function axisX(ms: number): number {
  const clamped = Math.min(AXIS_TO_MS, Math.max(AXIS_FROM_MS, ms));
  const share = Math.log(clamped / AXIS_FROM_MS) / Math.log(AXIS_TO_MS / AXIS_FROM_MS);
  return PLOT.left + share * (PLOT.right - PLOT.left);
}

function svgElement<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number>,
  className?: string,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (className) node.setAttribute('class', className);
  return node;
}

function label(x: number, y: number, text: string, className: string): SVGTextElement {
  const node = svgElement('text', { x, y }, className);
  node.textContent = text;
  return node;
}

/** "1m–2m: 5 purges" */
function binWords(bin: DurationBin): string {
  const range =
    bin.toMs === undefined
      ? `over ${formatDuration(bin.fromMs)}`
      : bin.fromMs === 0
        ? `under ${formatDuration(bin.toMs)}`
        : `${formatDuration(bin.fromMs)} to ${formatDuration(bin.toMs)}`;
  return `${range}: ${bin.count} ${bin.count === 1 ? 'purge' : 'purges'}`;
}

export class DurationChart {
  private summary: DurationSummary | undefined;
  private readonly svg: SVGSVGElement;

  /**
   * `root`: the dialog that holds the chart; `button`: what opens it (hidden until there is
   * enough history); `text`: the text equivalent; `pendingAges`: how long each pending purge
   * has been running at `now`.
   */
  constructor(
    private readonly root: HTMLDialogElement,
    private readonly button: HTMLButtonElement,
    private readonly text: HTMLElement,
    figure: HTMLElement,
    private readonly pendingAges: (now: number) => number[],
  ) {
    this.svg = svgElement('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, 'aria-hidden': 'true' });
    this.svg.setAttribute('class', 'duration-chart');
    figure.prepend(this.svg);
    button.addEventListener('click', () => {
      if (!root.open) root.showModal();
      this.draw(Date.now());
    });
    root.querySelector('.dialog-close')?.addEventListener('click', () => root.close());
    root.addEventListener('click', (event) => {
      if (event.target === root) root.close(); // a click on the backdrop
    });
  }

  get isOpen(): boolean {
    return this.root.open;
  }

  /** New figures (undefined: too little history, and the chart's button hides). */
  show(summary: DurationSummary | undefined, now: number): void {
    this.summary = summary;
    this.button.hidden = summary === undefined;
    if (summary === undefined && this.root.open) this.root.close();
    this.draw(now);
  }

  /** The button's words, and while the chart is open the picture (pending purges move). */
  draw(now: number): void {
    const summary = this.summary;
    if (!summary) return;
    const median = `median ${formatDuration(summary.medianMs)}`;
    const name = `How long purges take: ${median}, 95 % within ${formatDuration(summary.p95Ms)}`;
    if (this.button.getAttribute('aria-label') !== name) {
      this.button.setAttribute('aria-label', name);
      this.button.title = name;
      this.button.lastElementChild!.textContent = median;
    }
    if (!this.root.open) return;
    const pendingAgesMs = this.pendingAges(now);

    const parts: SVGElement[] = [];
    const most = Math.max(1, ...summary.bins.map((bin) => bin.count));
    for (const bin of summary.bins) {
      if (bin.count === 0) continue;
      const x0 = axisX(Math.max(bin.fromMs, AXIS_FROM_MS));
      const x1 = axisX(bin.toMs ?? AXIS_TO_MS);
      const height = (bin.count / most) * (PLOT.bottom - PLOT.top);
      parts.push(
        svgElement(
          'rect',
          { x: x0 + 0.5, y: PLOT.bottom - height, width: Math.max(1, x1 - x0 - 1), height },
          'chart-bar',
        ),
      );
    }
    parts.push(
      svgElement(
        'line',
        { x1: PLOT.left, x2: PLOT.right, y1: PLOT.bottom, y2: PLOT.bottom },
        'chart-axis',
      ),
    );
    for (const [ms, text] of TICKS) {
      const x = axisX(ms);
      parts.push(
        svgElement('line', { x1: x, x2: x, y1: PLOT.bottom, y2: PLOT.bottom + 3 }, 'chart-axis'),
      );
      parts.push(label(x, PLOT.bottom + 13, text, 'chart-tick'));
    }
    const markers: Array<[number, string, string]> = [
      [summary.medianMs, 'median', 'chart-median'],
      [summary.p95Ms, 'p95', 'chart-p95'],
    ];
    for (const [ms, text, className] of markers) {
      const x = axisX(ms);
      parts.push(
        svgElement('line', { x1: x, x2: x, y1: PLOT.top - 4, y2: PLOT.bottom }, className),
      );
      parts.push(label(x, PLOT.top - 7, text, `chart-marker-label ${className}-label`));
    }
    for (const age of pendingAgesMs) {
      const x = axisX(age);
      const y = PLOT.bottom + 22;
      parts.push(svgElement('path', { d: `M${x} ${y - 6} l4 6 h-8 z` }, 'chart-pending'));
    }
    this.svg.replaceChildren(...parts);
    this.writeText(summary, pendingAgesMs);
  }

  private writeText(summary: DurationSummary, pendingAgesMs: number[]): void {
    const lines = [
      `${summary.count} recent purges. Median ${formatDuration(summary.medianMs)}, 90 % within ${formatDuration(summary.p90Ms)}, 95 % within ${formatDuration(summary.p95Ms)}.`,
      ...summary.bins.filter((bin) => bin.count > 0).map(binWords),
      pendingAgesMs.length === 0
        ? 'No purge pending.'
        : `Pending: ${pendingAgesMs.map((age) => formatDuration(age)).join(', ')} so far.`,
    ];
    const items = lines.map((line) => {
      const li = document.createElement('li');
      li.textContent = line;
      return li;
    });
    this.text.replaceChildren(...items);
  }
}
