// The window's picture of how long purges take, in real Chromium on the real core: hidden with
// too little history; then a histogram on a log time axis with the median and the 95th percentile
// marked and each pending purge placed by its age; a text equivalent for screen readers; the
// pending rows' estimate. Drawn under the app's CSP (no inline style or script: a violation would
// be a page error), axe clean, light and dark, at 380 px and the default size. Its pictures are
// the README's (docs/duration-chart-{light,dark}.png, under `npm run docs:screenshots`).
import { describe, expect, it } from 'vitest';
import { objectIdAt } from '../fake-imagekit/server';
import type { AppWindow } from './harness';
import {
  WINDOW_SIZES,
  windowsPerTest,
  seriousAxeViolations,
  sidewaysOverflow,
  skipBrowserTests,
  takePicture,
} from './harness';

const MIN = 60_000;
/** 40 purges of about 1–4 minutes, a few quicker and a few slow: the histogram's shape. */
const DURATIONS = Array.from({ length: 40 }, (_, n) => {
  if (n % 13 === 0) return 25_000 + n * 500;
  if (n % 11 === 0) return 9 * MIN + n * 1_000;
  return MIN + ((n * 37) % 180) * 1_000;
});

function seedHistory(window: Pick<AppWindow, 'tracker'>, durations: number[]): void {
  const now = Date.now();
  durations.forEach((durationMs, n) =>
    window.tracker.history.record(
      { submittedAt: now - (durations.length - n) * 10 * MIN, durationMs, submittedHere: true },
      window.tracker.defaultAccount,
    ),
  );
}

describe.skipIf(skipBrowserTests())('the duration chart', () => {
  const windows = windowsPerTest();

  it('is hidden with fewer than 5 completions, and appears when the 5th arrives', async () => {
    const win = await windows.open({
      before: (core) => seedHistory(core, DURATIONS.slice(0, 4)),
    });
    const { page } = win;
    expect(await page.isHidden('#durations-caption')).toBe(true);
    seedHistory(win, DURATIONS.slice(4, 5));
    // Its button, among the filter chips: the median, named in full.
    await page.waitForSelector('#durations-caption:not([hidden])');
    expect(await page.innerText('#durations-caption')).toMatch(/^median \d+m( \d+s)?$/);
    expect(await page.getAttribute('#durations-caption', 'aria-label')).toMatch(
      /^How long purges take: median \d+m( \d+s)?, 95 % within \d+m( \d+s)?$/,
    );
    expect(win.pageErrors).toEqual([]);
  });

  for (const size of ['minimum', 'default'] as const) {
    it(`draws the histogram, median, p95 and pending purges at the ${size} size, light and dark`, async () => {
      const win = await windows.open({
        ...WINDOW_SIZES[size],
        before: async (core) => {
          seedHistory(core, DURATIONS);
          const now = Date.now();
          const young = core.fake.addPurge(objectIdAt(now - 40_000), { completeAfterMs: Infinity });
          const old = core.fake.addPurge(objectIdAt(now - 12 * MIN), { completeAfterMs: Infinity });
          await core.tracker.add([young, old]);
        },
      });
      const { page } = win;
      await page.click('#durations-caption');
      await page.waitForSelector('svg.duration-chart rect.chart-bar');
      const chart = await page.evaluate(() => {
        const svg = document.querySelector('svg.duration-chart')!;
        const x = (selector: string) =>
          [...svg.querySelectorAll(selector)].map((n) => Number(n.getAttribute('x1') ?? 0));
        return {
          bars: svg.querySelectorAll('rect.chart-bar').length,
          median: x('line.chart-median'),
          p95: x('line.chart-p95'),
          pending: svg.querySelectorAll('path.chart-pending').length,
          ticks: [...svg.querySelectorAll('text.chart-tick')].map((t) => t.textContent),
          hidden: svg.getAttribute('aria-hidden'),
          inlineStyles: document.querySelectorAll('#durations [style]').length,
          text: document.querySelector('#durations-text')!.textContent,
        };
      });
      expect(chart.bars).toBeGreaterThanOrEqual(4);
      expect(chart.median).toHaveLength(1);
      expect(chart.p95).toHaveLength(1);
      expect(chart.p95[0]!).toBeGreaterThan(chart.median[0]!); // log axis: later is right
      expect(chart.pending).toBe(2);
      expect(chart.ticks).toEqual(['10s', '1m', '10m', '1h']);
      expect(chart.hidden).toBe('true');
      expect(chart.inlineStyles).toBe(0);
      expect(chart.text).toMatch(/40 recent purges\. Median \d+m/);
      expect(chart.text).toMatch(/Pending: \d+s, 12m( \d+s)? so far\./);

      // The pending rows carry their estimate (shown beside the time where the row has room).
      const labels = await page.$$eval(
        'li.purge-row[data-kind="pending"] .cell-duration .cell-sub',
        (cells) => cells.map((cell) => cell.textContent),
      );
      expect(labels).toContain('longer than usual');
      expect(labels.some((l) => /^usually 1–4 min$/.test(l ?? ''))).toBe(true);

      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        expect(await sidewaysOverflow(page), `${size} ${scheme}`).toBeLessThanOrEqual(0);
        expect(await seriousAxeViolations(page), `${size} ${scheme}`).toEqual([]);
        if (size === 'default') {
          const picture = `duration-chart-${scheme}`;
          await takePicture(page.locator('#durations'), picture, `${picture}.png`);
        }
      }
      expect(win.pageErrors).toEqual([]);
    });
  }
});
