// 5,000 tracked purges in the window, on the real core: the list shows them all (scrolled
// anywhere, the viewport is full of the right rows) and stays usable (search, keyboard, removal)
// while the core keeps pushing completions. Speed is measured in
// bench/renderer.bench.ts, not asserted here.
import { describe, expect, it } from 'vitest';
import { UNDO_MS } from '../../src/renderer/removal';
import { objectIdAt } from '../fake-imagekit/server';
import {
  seriousAxeViolations,
  sidewaysOverflow,
  skipBrowserTests,
  takePicture,
  windowsPerTest,
} from './harness';

const COUNT = 5_000;
const WAIT = { timeout: 15_000 };

describe.skipIf(skipBrowserTests())('a window with 5,000 purges', () => {
  const windows = windowsPerTest();

  it('shows them all and stays usable while completions stream in', async () => {
    const now = Date.now();
    const ids = Array.from({ length: COUNT }, (_, i) => objectIdAt(now - 60_000 - i * 1_000));
    const win = await windows.open({
      before: async ({ fake, tracker }) => {
        tracker.pause('user'); // nothing is checked until the page is up
        ids.forEach((id, i) => fake.addPurge(id, { completeAfterMs: i % 2 === 0 ? 0 : Infinity }));
        await tracker.add(ids);
      },
    });
    const { page, tracker } = win;
    const rows = page.locator('li.purge-row');
    const setSize = () => rows.first().getAttribute('aria-setsize');
    expect(await setSize()).toBe('5000');
    expect(await rows.first().getAttribute('aria-posinset')).toBe('1');
    expect(await page.locator('[data-count="all"]').innerText()).toBe('5,000');
    expect(await page.locator('#summary').innerText()).toBe('5,000 purges · 5,000 pending');

    // Scrolled anywhere, the viewport is full of the right rows (no blank space).
    for (const fraction of [0.5, 0.999]) {
      await page.evaluate((f) => window.scrollTo(0, document.body.scrollHeight * f), fraction);
      await expect
        .poll(() =>
          page.evaluate(() => {
            const li = document
              .elementFromPoint(400, window.innerHeight / 2)
              ?.closest<HTMLElement>('li.purge-row');
            return li ? Number(li.getAttribute('aria-posinset')) : 0;
          }),
        )
        .toBeGreaterThan(fraction === 0.5 ? 2_000 : 4_900);
    }
    await page.evaluate(() => window.scrollTo(0, 0));

    // Checking resumes: completions stream in as pushes while the user searches.
    await page.getByRole('button', { name: 'Resume checking' }).click();
    await expect
      .poll(async () => Number(await page.locator('[data-count="completed"]').innerText()), WAIT)
      .toBeGreaterThan(20);

    const wanted = ids[4_321]!;
    const search = page.getByRole('searchbox', { name: 'Search by request ID or URL' });
    await search.fill(wanted);
    await expect.poll(() => rows.count(), WAIT).toBe(1);
    expect(await rows.getAttribute('data-id')).toBe(wanted);
    expect(await setSize()).toBe('1');
    await search.press('Escape');
    await expect.poll(setSize, WAIT).toBe('5000');

    // The keyboard reaches the last of all 5,000 (not only the rendered rows) and removes it.
    tracker.pause('user'); // completions reorder the list: hold them while counting rows
    await rows.first().focus();
    await page.keyboard.press('End');
    const focusedRow = () =>
      page.evaluate(() => {
        const li = (document.activeElement as HTMLElement).closest<HTMLElement>('li.purge-row');
        return { id: li?.dataset.id, at: li?.getAttribute('aria-posinset') };
      });
    const last = await focusedRow();
    expect(last.at).toBe('5000');
    // The page's clock from here on (it still runs): the undo's time can be skipped.
    await page.clock.install();
    await page.keyboard.press('Delete');
    await expect.poll(setSize, WAIT).toBe('4999');
    await expect.poll(async () => (await focusedRow()).at).toBe('4999'); // focus stays in the list
    await page.keyboard.press('Home');
    expect((await focusedRow()).at).toBe('1');

    // The removal reaches the core when its undo runs out.
    await page.clock.fastForward(UNDO_MS);
    await expect.poll(() => tracker.get(last.id!), WAIT).toBeUndefined();
    // Every push was applied: the counts the window shows match the core.
    await expect
      .poll(
        async () =>
          Number(await page.locator('[data-count="completed"]').innerText()) ===
          tracker.list().filter((p) => p.state === 'completed').length,
        WAIT,
      )
      .toBe(true);

    // 5,000 rows, light and dark: no sideways scrolling, no serious accessibility finding.
    await page.setViewportSize({ width: 520, height: 640 });
    await page.mouse.move(0, 0);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await takePicture(page, `layout-default-5000-${scheme}`);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      expect(await seriousAxeViolations(page)).toEqual([]);
    }
    expect(win.pageErrors).toEqual([]);
  }, 90_000);
});
