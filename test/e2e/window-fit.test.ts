// The window where users are (issue 30), in real Chromium on the real core, at 380, 520 (the
// default 520 × 640), 820 and 1400 px and the default at 200 % zoom, light and dark: inside a
// row no text is painted over text or a button (measured on the painted boxes of the text, not
// the elements'); a purge on hold says so at every width, in its name, without an estimate; the
// list comes first at the default size (5 rows without banners, 3 with two); the shortcuts
// dialog reads without a sideways scroll of its own; and the chips, header and bulk actions
// count and act on what the filter shows. Every state is checked with axe (checkLayoutState).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { objectIdAt } from '../fake-imagekit/server';
import type { AppWindow, WindowOptions } from './harness';
import { WINDOW_SIZES, checkLayoutState, row, skipBrowserTests, windowsPerTest } from './harness';
import { rowOverlaps, rowsInView } from './painted-boxes';

const MIN = 60_000;
const KEYS = { production: 'private_productionKey1', staging: 'private_stagingKey2' };
const WAIT = { timeout: 10_000 };

/** Where users are: the minimum, the default, half a screen, a wide screen, 200 % zoom. */
const SIZES: Record<string, WindowOptions> = {
  '380 px': WINDOW_SIZES.minimum,
  '520 × 640 (default)': WINDOW_SIZES.default,
  '820 px': WINDOW_SIZES.medium,
  '1400 px': WINDOW_SIZES.wide,
  '200 % zoom': WINDOW_SIZES.zoom200,
};

/** 40 completions of about 1–4 minutes: enough history for estimates ("usually 1–4 min"). */
function seedHistory({ tracker }: Pick<AppWindow, 'tracker'>): void {
  const now = Date.now();
  for (let n = 0; n < 40; n++) {
    tracker.history.record(
      {
        submittedAt: now - (40 - n) * 10 * MIN,
        durationMs: MIN + ((n * 37) % 180) * 1_000,
        submittedHere: true,
      },
      'production',
    );
  }
}

/**
 * Every kind of row, with the longest words each says: production's purges completing, pending
 * past usual and within it, retrying on a 503, not found, given up, a long URL with a query;
 * staging's key refused, so its two purges are on hold.
 */
async function seedEveryRow(core: Omit<AppWindow, 'page' | 'close'>): Promise<string[]> {
  const { fake, tracker } = core;
  seedHistory(core);
  fake.refuseKey('staging');
  const now = Date.now();
  const production = { account: 'production' };
  const givenUp = fake.addPurge(objectIdAt(now - 26 * 3_600_000), {
    ...production,
    completeAfterMs: Infinity,
  });
  const unknown = objectIdAt(now - 40 * MIN);
  const slow = fake.addPurge(objectIdAt(now - 12 * MIN), {
    ...production,
    completeAfterMs: Infinity,
  });
  const usual = fake.addPurge(objectIdAt(now - 50_000), {
    ...production,
    completeAfterMs: Infinity,
  });
  const flaky = fake.addPurge(objectIdAt(now - 95_000), {
    ...production,
    completeAfterMs: Infinity,
  });
  fake.inject('server_error', {
    requestId: flaky,
    times: Infinity,
    status: 503,
    message: 'Service temporarily unavailable',
  });
  await tracker.add([givenUp, unknown, slow, usual, flaky], production);
  await tracker.submit(
    [
      'https://ik.imagekit.io/acme/products/sneaker-red.jpg',
      'https://ik.imagekit.io/acme/banners/2026/spring-campaign/spring-sale-hero-wide@2x.png?tr=w-1200,h-800,q-80&v=202611301200',
    ],
    'production',
  );
  const held = [objectIdAt(now - 30_000), objectIdAt(now - 20_000)];
  for (const id of held) fake.addPurge(id, { account: 'staging', completeAfterMs: Infinity });
  await tracker.add(held, { account: 'staging' });
  return held;
}

/** Waits until every kind of row is there (by the chips: at 200 % most rows are below the fold). */
async function settled(page: Page): Promise<void> {
  const wanted = { retrying: '1', held: '2', completed: '2', not_found: '1', given_up: '1' };
  await page.waitForFunction(
    (counts) =>
      Object.entries(counts).every(
        ([kind, count]) => document.querySelector(`[data-count="${kind}"]`)?.textContent === count,
      ),
    wanted,
    WAIT,
  );
  await page.mouse.move(0, 0);
}

describe.skipIf(skipBrowserTests())('the window where users are', () => {
  const windows = windowsPerTest();

  for (const [name, size] of Object.entries(SIZES)) {
    it(`at ${name}: nothing painted over anything in a row, and a purge on hold looks held`, async () => {
      let held: string[] = [];
      const win = await windows.open({
        ...size,
        fake: { accounts: KEYS, completeAfterMs: 900 },
        before: async (core) => {
          held = await seedEveryRow(core);
        },
      });
      const { page } = win;
      await settled(page);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        expect(await rowOverlaps(page), `${name}, ${scheme}`).toEqual([]);
        // The rows further down, too (at 200 % only the first few are rendered at first).
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
        expect(await rowOverlaps(page), `${name}, ${scheme}, scrolled`).toEqual([]);
        await page.evaluate(() => window.scrollTo(0, 0));
      }
      for (const id of held) {
        const heldRow = row(page, id);
        expect(await heldRow.getAttribute('aria-label')).toBe(
          `On hold: request ${id}, account staging, waiting for its private key`,
        );
        expect(await heldRow.locator('.purge-error').isVisible()).toBe(true);
        expect(await heldRow.locator('.purge-error').innerText()).toBe(
          'Waiting for its private key.',
        );
        // No "usually done in …" for a purge nobody is checking.
        expect(await heldRow.innerText()).not.toMatch(/usually|longer than usual/);
      }
      await checkLayoutState(page, `fit-${name.replace(/\W+/g, '-')}`);
      expect(win.pageErrors).toEqual([]);
    }, 90_000);

    it(`at ${name}: the keyboard shortcuts read without a sideways scroll of their own`, async () => {
      const { page } = await windows.open(size);
      await page.locator('#purge-list-section').focus();
      await page.keyboard.press('?');
      const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await dialog.waitFor(WAIT);
      const fit = await page.evaluate(() => {
        const box = document.getElementById('help-dialog')!;
        const list = document.getElementById('shortcut-list')!;
        const narrowest = Math.min(
          ...[...list.querySelectorAll('dd')].map((dd) => dd.getBoundingClientRect().width),
        );
        return {
          sideways: box.scrollWidth - box.clientWidth,
          narrowest,
          room: list.clientWidth,
        };
      });
      expect(fit.sideways).toBeLessThanOrEqual(0);
      // The descriptions have room to read (10 em: a few words a line), not one word a line
      // beside the key caps.
      expect(fit.narrowest).toBeGreaterThanOrEqual(Math.min(fit.room, 10 * 16));
      await checkLayoutState(page, `fit-help-${name.replace(/\W+/g, '-')}`);
    }, 60_000);
  }

  describe('at the default size, the list comes first', () => {
    /** Twelve pending purges, six of each account. */
    async function twelve({ fake, tracker }: Omit<AppWindow, 'page' | 'close'>): Promise<void> {
      const now = Date.now();
      for (let n = 0; n < 12; n++) {
        const account = n % 2 ? 'staging' : 'production';
        const id = fake.addPurge(objectIdAt(now - n * 30_000), {
          account,
          completeAfterMs: Infinity,
        });
        await tracker.add([id], { account });
      }
    }

    it('shows at least 5 rows with no banner', async () => {
      const { page } = await windows.open({
        ...WINDOW_SIZES.default,
        fake: { accounts: KEYS, completeAfterMs: Infinity },
        before: (core) => twelve(core),
      });
      await page.waitForFunction(() => document.querySelectorAll('li.purge-row').length >= 12);
      expect(await page.locator('.banner').count()).toBe(0);
      expect(await rowsInView(page)).toBeGreaterThanOrEqual(5);
    });

    it('shows at least 3 rows under two banners (a refused key, a rate limit), each one line', async () => {
      const { page } = await windows.open({
        ...WINDOW_SIZES.default,
        fake: { accounts: KEYS, completeAfterMs: Infinity },
        before: async (core) => {
          core.fake.refuseKey('staging');
          core.fake.inject('rate_limited', { account: 'production', resetMs: 600_000 });
          await twelve(core);
        },
      });
      await page.locator('.banner').nth(1).waitFor(WAIT);
      await page.mouse.move(0, 0);
      expect(await page.locator('.banner').count()).toBe(2);
      expect(await rowsInView(page)).toBeGreaterThanOrEqual(3);
      // One line each, the action beside it; the whole text unfolds from the line.
      const first = page.locator('.banner').first();
      expect((await first.boundingBox())!.height).toBeLessThan(48);
      const line = first.getByRole('button', { name: /staging: ImageKit refused the key/ });
      expect(await line.getAttribute('aria-expanded')).toBe('false');
      await line.click();
      expect(await line.getAttribute('aria-expanded')).toBe('true');
      expect(await first.innerText()).toContain('until you replace its key');
      await checkLayoutState(page, 'fit-two-banners');
    });
  });

  describe('the counts and bulk actions follow the filter', () => {
    it('chips and header count what is shown; "Clear completed" clears what is shown and says so; a rename or removal updates the filter', async () => {
      const ids: Record<'production' | 'staging', { pending: string[]; done: string[] }> = {
        production: { pending: [], done: [] },
        staging: { pending: [], done: [] },
      };
      const win = await windows.open({
        fake: { accounts: KEYS, completeAfterMs: Infinity },
        before: async ({ fake, tracker }) => {
          const now = Date.now();
          let n = 0;
          for (const account of ['production', 'staging'] as const) {
            for (const kind of ['pending', 'done'] as const) {
              const count = account === 'production' ? 4 : 2;
              for (let i = 0; i < count; i++) {
                const id = fake.addPurge(objectIdAt(now - ++n * 20_000), {
                  account,
                  completeAfterMs: kind === 'done' ? 0 : Infinity,
                });
                ids[account][kind].push(id);
              }
              await tracker.add(ids[account][kind], { account });
            }
          }
        },
      });
      const { page, service } = win;
      await page.waitForFunction(
        () => document.querySelectorAll('li.purge-row[data-kind="completed"]').length === 6,
        undefined,
        WAIT,
      );
      const chip = (kind: string) => page.locator(`[data-count="${kind}"]`);
      const summary = page.locator('#summary');
      expect(await chip('all').innerText()).toBe('12');
      expect(await summary.innerText()).toBe('12 purges · 6 pending');

      await page.getByRole('combobox', { name: 'Show the purges of' }).selectOption('staging');
      await expect.poll(() => chip('all').innerText()).toBe('4 of 12');
      expect(await chip('pending').innerText()).toBe('2');
      expect(await chip('completed').innerText()).toBe('2');
      expect(await summary.innerText()).toBe('4 of 12 purges · 2 pending');

      // Filtered to completed too: the header counts those.
      await page.locator('.chip-completed').click();
      await expect.poll(() => summary.innerText()).toBe('2 of 12 purges');
      await page.locator('.chip').first().click();

      // "Clear completed" takes staging's completed purges only, and says which.
      await page.getByRole('button', { name: 'Clear completed' }).click();
      await page
        .locator('#announcer')
        .getByText('2 completed purges cleared (those shown).')
        .waitFor(WAIT);
      for (const id of ids.staging.done) expect(await row(page, id).count()).toBe(0);
      expect(await chip('all').innerText()).toBe('2 of 10');
      await page.getByRole('combobox', { name: 'Show the purges of' }).selectOption('');
      for (const id of ids.production.done) await row(page, id).waitFor(WAIT);
      await page.getByRole('combobox', { name: 'Show the purges of' }).selectOption('staging');

      // Renamed: the filter follows the account under its new name.
      await service.handlers.renameAccount({ from: 'staging', to: 'preview' });
      const filter = page.locator('#account-filter');
      await expect.poll(() => filter.inputValue()).toBe('preview');
      await expect.poll(() => chip('all').innerText()).toBe('2 of 10');
      // Removed (its purges moved): every account's purges show.
      await service.handlers.removeAccount({ account: 'preview', moveTo: 'production' });
      await expect.poll(() => filter.inputValue()).toBe('');
      await expect.poll(() => chip('all').innerText()).toBe('10');
      expect(win.pageErrors).toEqual([]);
    }, 60_000);
  });

  it('the bar under a focused row shows the whole request ID first, and scrolls by keyboard', async () => {
    const url = `https://ik.imagekit.io/acme/${'very-long-folder-name/'.repeat(12)}hero.jpg?tr=w-1200`;
    const { page, fake } = await windows.open({
      ...WINDOW_SIZES.zoom200,
      before: async ({ tracker }) => {
        await tracker.submit([url], tracker.defaultAccount);
      },
    });
    void fake;
    const first = page.locator('li.purge-row').first();
    await first.waitFor(WAIT);
    const requestId = (await first.getAttribute('data-id'))!;
    await first.focus();
    const bar = page.getByRole('region', { name: 'Purge details' });
    await bar.waitFor(WAIT);
    const idLine = bar.locator('.row-detail-id');
    expect(await idLine.innerText()).toBe(`Request ID ${requestId}`);
    const shown = await idLine.evaluate((line) => ({
      cut: line.scrollWidth > line.clientWidth,
      inView:
        line.getBoundingClientRect().bottom <= line.parentElement!.getBoundingClientRect().bottom,
    }));
    expect(shown).toEqual({ cut: false, inView: true });
    // Taller than its cap: Tab from the row reaches it, and the arrow keys scroll it.
    expect(await bar.evaluate((b) => b.scrollHeight > b.clientHeight)).toBe(true);
    for (let i = 0; i < 10 && !(await bar.evaluate((b) => b === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    expect(await bar.evaluate((b) => b === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => bar.evaluate((b) => b.scrollTop)).toBeGreaterThan(0);
    await checkLayoutState(page, 'fit-row-detail');
  });

  it('at 200 % zoom, a click on a row button at the bottom edge does its job (no bar appears under the pointer)', async () => {
    const ids: string[] = [];
    const { page } = await windows.open({
      ...WINDOW_SIZES.zoom200,
      before: async ({ fake, tracker }) => {
        for (let n = 0; n < 3; n++) {
          ids.push(
            fake.addPurge(objectIdAt(Date.now() - n * 60_000), { completeAfterMs: Infinity }),
          );
        }
        await tracker.add(ids);
      },
    });
    const first = row(page, ids[0]!);
    await first.waitFor(WAIT);
    // Scrolled so the row sits at the window's bottom edge, where the bar would go.
    await first.evaluate((li) => li.scrollIntoView({ block: 'end' }));
    await first.getByRole('button', { name: 'Remove' }).click();
    await first.waitFor({ state: 'detached', ...WAIT });
    expect(await page.locator('#row-detail').isHidden()).toBe(true);
  });
});
