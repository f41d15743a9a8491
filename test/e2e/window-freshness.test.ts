// The window in Chromium on the real core, its purges checked at the fake ImageKit's CDN once
// ImageKit says Completed: the row says "Completed · fresh" or "Completed, but FRA56-P1 still
// serves the old copy", its details show the headers that decided it, purging an image warns
// that its path transformations keep their cache, and the setting turns the check off.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { EDGE } from '../fake-imagekit/cdn';
import type { AppWindow, WindowOptions } from './harness';
import {
  addOutcome,
  checkLayoutState,
  skipBrowserTests,
  WINDOW_SIZES,
  windowsPerTest,
} from './harness';

const WAIT = { timeout: 10_000 };

/**
 * Purges `urls` from the window's paste box; returns the outcome's text (beside the box when it
 * has a warning to keep, else in the passing toast).
 */
async function purgeFromWindow(page: Page, urls: string[]): Promise<string> {
  await page.locator('.segmented').getByText('Purge URLs').click();
  await page.getByRole('textbox', { name: 'URLs to purge' }).fill(urls.join('\n'));
  await page.getByRole('button', { name: 'Purge' }).click();
  const result = addOutcome(page, /Purge requested for/);
  await result.waitFor(WAIT);
  return result.innerText();
}

/** The detail bar of a row given focus from the keyboard (a pointer's focus shows none). */
async function detailsOf(page: Page, line: Locator): Promise<string> {
  await page.keyboard.press('Tab'); // the last input was the keyboard's: focus is :focus-visible
  await line.focus();
  const bar = page.locator('#row-detail');
  await bar.waitFor(WAIT);
  return bar.innerText();
}

/** The row of `url`, once its accessible name starts with `label`. */
async function rowOf(page: Page, url: string, label: string) {
  const line = page.locator(`li.purge-row[aria-label="${label}: ${url}"]`);
  await line.waitFor(WAIT);
  return line;
}

describe.skipIf(skipBrowserTests())('freshness checks in the window', () => {
  const windows = windowsPerTest();
  const open = (options: WindowOptions = {}): Promise<AppWindow> =>
    windows.open({ fake: { completeAfterMs: 600 }, ...options });

  it('a purged image: warned about its transformations, then "Completed · fresh", with the headers in its details', async () => {
    const { page, fake } = await open();
    const url = `${fake.cdn.baseUrl}/acme/site/hero.jpg`;
    fake.cdn.publish('/acme/site/hero.jpg');
    const outcome = await purgeFromWindow(page, [url]);
    expect(outcome).toContain(
      `${url}: Path transformations (like /tr:w-300/…) are cached as URLs of their own`,
    );

    const line = await rowOf(page, url, 'Completed · fresh');
    // Said on the row's second line, which shows at every width.
    expect(await line.locator('.purge-error').innerText()).toBe(`Fresh at ${EDGE}`);
    expect(await line.getAttribute('data-freshness')).toBe('fresh');
    const details = await detailsOf(page, line);
    expect(details).toContain(`CDN spot check: Fresh at ${EDGE}`);
    expect(details).toContain('X-Cache: Miss from cloudfront');
    expect(details).toContain(`x-amz-cf-pop: ${EDGE}`);
    expect(details).toContain('new content');
    for (const request of fake.cdn.requests)
      expect(request.headers).not.toHaveProperty('authorization');
  });

  it('an edge that keeps its old copy: "Completed, but FRA56-P1 still serves the old copy", seen at the default size', async () => {
    const { page, fake } = await open(WINDOW_SIZES.default);
    const url = `${fake.cdn.baseUrl}/acme/site/app.css`;
    fake.cdn.setMode('/acme/site/app.css', { kind: 'stale-edge', forMs: 10 * 60_000 });
    const outcome = await purgeFromWindow(page, [url]);
    expect(outcome).not.toContain('Path transformations'); // a stylesheet has none

    await rowOf(page, url, 'Completed · checking the CDN…');
    const line = await rowOf(page, url, `Completed, but ${EDGE} still serves the old copy`);
    expect(await line.locator('.purge-error').isVisible()).toBe(true);
    expect(await line.locator('.purge-error').innerText()).toBe(
      `${EDGE} still serves the old copy (a copy from 2h ago).`,
    );
    const details = await detailsOf(page, line);
    expect(details).toMatch(/Age: 72\d\d/);
    await checkLayoutState(page, 'freshness-stale-row');
  });

  it('with the setting off, a completed purge is not checked', async () => {
    const { page, fake, settings } = await open();
    await page.getByRole('button', { name: 'Settings' }).click();
    const toggle = page.getByRole('checkbox', { name: 'Check the CDN when a URL purge completes' });
    expect(await toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    await expect.poll(() => settings.get().verifyFreshness).toBe(false);
    await page.getByRole('button', { name: 'Close settings' }).click();

    const url = `${fake.cdn.baseUrl}/acme/site/off.css`;
    await purgeFromWindow(page, [url]);
    const line = await rowOf(page, url, 'Completed');
    expect(await line.getAttribute('data-freshness')).toBeNull();
    expect(await line.locator('.purge-error').isVisible()).toBe(false);
    expect(fake.cdn.requests).toEqual([]);
  });
});
