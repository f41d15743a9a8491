// The update line in settings, in real Chromium on the real core with the updater as the app's
// would tell it (test/support/fake-updates.ts): what the tray knows (up to date, looking,
// downloading, ready to install, a version out to download by hand, a day of failed looks, or
// that this copy does not update itself), "Check now" and "Restart to update" reaching the
// updater, and the line whole and accessible at the size the window opens at, at 380 px and at
// 200 % zoom, light and dark.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { UpdateStatus } from '../../src/shared/update';
import { MAX_VERSION_CHARS } from '../../src/main/update/update-policy';
import type { AppWindow } from './harness';
import { WINDOW_SIZES, checkLayoutState, skipBrowserTests, windowsPerTest } from './harness';
import { cutOff } from './painted-boxes';

const DAY = 24 * 60 * 60_000;
const RELEASE = 'https://github.com/purge-watch/purge-watch/releases/tag/v9.9.9';

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('dialog', { name: 'Settings' }).waitFor();
  await page.locator('#update-box').scrollIntoViewIfNeeded();
}

/** The updater's state changes, as after a look: the window is told. */
function tell(win: AppWindow, status: UpdateStatus): void {
  win.updates!.current = status;
  win.service.updateChanged();
}

const line = (page: Page) => page.locator('#update-status');
const button = (page: Page, name: string) =>
  page.getByRole('group', { name: 'Updates' }).getByRole('button', { name });

describe.skipIf(skipBrowserTests())('the update line in settings', () => {
  const windows = windowsPerTest();

  it('says what the updater is doing as the tray knows it; "Check now" and "Restart to update" reach it', async () => {
    const win = await windows.open({
      ...WINDOW_SIZES.default,
      update: { route: 'self', phase: 'idle', upToDate: true },
    });
    const { page } = win;
    await openSettings(page);
    await expect.poll(() => line(page).textContent()).toMatch(/^Purge Watch \S+ is up to date\.$/);
    await button(page, 'Check now').click();
    await expect.poll(() => win.updates!.looks).toBe(1);

    // Looking: "Check now" stays where it was (focus too), and says it can do nothing now.
    tell(win, { route: 'self', phase: 'checking' });
    await expect.poll(() => line(page).textContent()).toBe('Looking for a new version…');
    expect(await button(page, 'Check now').getAttribute('aria-disabled')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('update-check');
    await page.keyboard.press('Enter');
    tell(win, { route: 'self', phase: 'downloading', version: '9.9.9' });
    await expect.poll(() => line(page).textContent()).toBe('Downloading Purge Watch 9.9.9…');
    expect(win.updates!.looks).toBe(1);

    // Downloaded: "Restart to update" takes the place (and the focus) of "Check now".
    tell(win, { route: 'self', phase: 'downloaded', version: '9.9.9' });
    await expect
      .poll(() => line(page).textContent())
      .toBe('Purge Watch 9.9.9 is downloaded and ready to install.');
    expect(await button(page, 'Check now').count()).toBe(0);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent?.trim()))
      .toBe('Restart to update');
    win.updates!.installFailure =
      'Purge Watch 9.9.9 could not be installed: EACCES: permission denied';
    await button(page, 'Restart to update').click();
    await expect
      .poll(() => page.locator('#update-message').textContent())
      .toContain('could not be installed: EACCES: permission denied');
    win.updates!.installFailure = undefined;
    await button(page, 'Restart to update').click();
    await expect.poll(() => win.updates!.installs).toBe(1);

    // A day and more of failed looks: said as the tray says it, the feed's error text never.
    tell(win, { route: 'self', phase: 'failed', failingSince: Date.now() - 2 * DAY - 60_000 });
    await expect
      .poll(() => line(page).textContent())
      .toMatch(/^Updates have failed for 2 days: the log says why/);
    expect(await line(page).getAttribute('data-tone')).toBe('warning');
    // One failed look: no alarm, the next look tries again.
    tell(win, { route: 'self', phase: 'failed', failingSince: Date.now() - 60_000 });
    await expect
      .poll(() => line(page).textContent())
      .toBe('The last look for a new version failed. Purge Watch looks again in a few hours.');
    expect(win.pageErrors).toEqual([]);
  }, 60_000);

  it('a deb: the version out, why it is downloaded by hand, and "Download it…" opens its release page', async () => {
    const win = await windows.open({
      ...WINDOW_SIZES.default,
      update: {
        route: 'manual',
        why: 'installed from the .deb',
        phase: 'available',
        version: '9.9.9',
        releasePage: RELEASE,
      },
    });
    await openSettings(win.page);
    await expect
      .poll(() => line(win.page).textContent())
      .toBe(
        'Purge Watch 9.9.9 is out. This copy cannot install it itself (installed from the .deb).',
      );
    await button(win.page, 'Download it…').click();
    await expect.poll(() => win.opened).toEqual([RELEASE]);
  }, 60_000);

  it('where this copy never updates, says so and why, with nothing to click; with no updater, nothing', async () => {
    const win = await windows.open({
      ...WINDOW_SIZES.default,
      update: { route: 'none', why: 'run from sources: update with git pull' },
    });
    await openSettings(win.page);
    await expect
      .poll(() => line(win.page).textContent())
      .toBe(
        'This copy of Purge Watch does not update itself (run from sources: update with git pull).',
      );
    expect(await win.page.locator('#update-box button:not([hidden])').count()).toBe(0);
    const plain = await windows.open(WINDOW_SIZES.default);
    await plain.page.getByRole('button', { name: 'Settings' }).click();
    await plain.page.getByRole('dialog', { name: 'Settings' }).waitFor();
    expect(await plain.page.locator('#update-box').isVisible()).toBe(false);
  }, 60_000);

  // At the size the window opens at and where it is narrowest, the longest version a feed may
  // name: the line wraps, nothing is cut, axe finds nothing serious, light and dark.
  for (const size of ['default', 'minimum', 'zoom200'] as const) {
    it(`whole and accessible at ${size}, with the longest version`, async () => {
      const version = `1.0.0-${'a'.repeat(MAX_VERSION_CHARS - 6)}`;
      const win = await windows.open({
        ...WINDOW_SIZES[size],
        update: { route: 'self', phase: 'downloaded', version },
      });
      const { page } = win;
      await openSettings(page);
      await line(page).filter({ hasText: version }).waitFor();
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        expect(await cutOff(page, '#update-box'), scheme).toEqual([]);
      }
      await checkLayoutState(page, `${size}-settings-update`);
      tell(win, { route: 'self', phase: 'failed', failingSince: Date.now() - 3 * DAY });
      await line(page).filter({ hasText: 'Updates have failed for 3 days' }).waitFor();
      await page.locator('#update-box').scrollIntoViewIfNeeded();
      expect(await cutOff(page, '#update-box')).toEqual([]);
      await checkLayoutState(page, `${size}-settings-update-failing`);
      expect(win.pageErrors).toEqual([]);
    }, 90_000);
  }
});
