// The window at its own sizes, in real Chromium on the real core: at its minimum width (380),
// its default (520 × 640), wide (1400) and the default at 200 % zoom (260 CSS px), the page
// never scrolls sideways, in the empty, busy and settings states; and axe-core finds no serious
// or critical WCAG violation in any state we screenshot (light and dark). The screenshots land in
// .tmp/screenshots/; the README's (docs/screenshot.png, docs/screenshot-dark.png) come from here
// under `npm run docs:screenshots`.
import { describe, expect, it } from 'vitest';
import { objectIdAt } from '../fake-imagekit/server';
import type { AppWindow, WindowOptions } from './harness';
import { cutOff } from './painted-boxes';
import {
  WINDOW_SIZES,
  busyListSettled,
  checkLayoutState,
  rowActionsCutOff,
  windowsPerTest,
  seedBusyList,
  skipBrowserTests,
} from './harness';

type SizeName = keyof typeof WINDOW_SIZES;
const SIZES = (process.env.SIZES?.split(',') ?? Object.keys(WINDOW_SIZES)) as SizeName[];

describe.skipIf(skipBrowserTests())('the window at its own sizes', () => {
  const windows = windowsPerTest();

  async function window(size: SizeName, options: WindowOptions = {}): Promise<AppWindow> {
    const win = await windows.open({ ...WINDOW_SIZES[size], ...options });
    return win;
  }

  for (const size of SIZES) {
    const width = `${WINDOW_SIZES[size].viewport.width} px`;

    it(`reflows at ${size} (${width}) with nothing tracked`, async () => {
      const { page, pageErrors } = await window(size);
      await page.locator('#empty-state').waitFor();
      await checkLayoutState(page, `${size}-empty`);
      expect(pageErrors).toEqual([]);
    }, 90_000);

    it(`reflows at ${size} (${width}) with a busy list, and in settings`, async () => {
      // As Windows (its Task Manager line, and the sound toggle Linux has not), on every runner.
      const { page, pageErrors } = await window(size, {
        platform: 'win32',
        before: async (core) => {
          await seedBusyList(core);
          // Launch at login set, and turned off in Task Manager: its line shows in settings.
          core.settings.set({ launchAtLogin: true });
          core.settings.systemLoginItem.held = 'task-manager';
        },
        fake: { completeAfterMs: 900 },
      });
      await busyListSettled(page);
      await page.mouse.move(0, 0);
      // At the default size: the README's pictures of the window.
      await checkLayoutState(
        page,
        `${size}-busy`,
        size === 'default' ? { light: 'screenshot.png', dark: 'screenshot-dark.png' } : {},
      );

      // Every row's actions are in view, none cut off at the right edge.
      expect(await rowActionsCutOff(page)).toEqual([]);

      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('dialog', { name: 'Settings' }).waitFor();
      await page.locator('#setting-launch-status').scrollIntoViewIfNeeded();
      expect(await page.locator('#setting-launch-status').isVisible()).toBe(true);
      await checkLayoutState(page, `${size}-settings`);
      await page.keyboard.press('Escape');
      expect(pageErrors).toEqual([]);
    }, 90_000);
  }

  // On Linux, Electron hands the notification service no sound setting: settings offer no sound
  // toggle and say the desktop decides instead. At the size it opens at, and where it is narrowest.
  for (const size of ['default', 'minimum', 'zoom200'] as const) {
    it(`on Linux, settings say the desktop decides the sound, whole at ${size}`, async () => {
      const { page, pageErrors } = await window(size, { platform: 'linux' });
      await page.locator('#empty-state').waitFor();
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('dialog', { name: 'Settings' }).waitFor();
      expect(await page.locator('#setting-sound').isVisible()).toBe(false);
      const desktop = page.getByText("Your desktop's notification settings decide whether");
      await desktop.scrollIntoViewIfNeeded();
      expect(await desktop.isVisible()).toBe(true);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        expect(await cutOff(page, '#prefs-heading, #setting-sound-desktop'), scheme).toEqual([]);
      }
      await checkLayoutState(page, `${size}-settings-linux`);
      expect(pageErrors).toEqual([]);
    }, 90_000);
  }

  it('is accessible with each banner, a search, the help and a focused row', async () => {
    const win = await window('default', {
      key: 'wrong',
      recoveredStore: {
        movedTo: '/home/u/.config/Purge Watch/purges.json.corrupt-1',
        reason: 'invalid JSON',
      },
      before: async ({ fake, tracker }) => {
        const id = objectIdAt(Date.now() - 5_000);
        fake.addPurge(id, { completeAfterMs: 0 });
        await tracker.add([id]);
        tracker.pause('user');
      },
    });
    const { page } = win;
    await page.getByRole('status').filter({ hasText: 'Checking is paused' }).waitFor();
    await page.locator('.banner', { hasText: 'could not be read' }).waitFor();
    await checkLayoutState(page, 'default-banners');

    await page.getByRole('searchbox').fill('nothing-like-this');
    await page.locator('#no-match').waitFor();
    await checkLayoutState(page, 'default-search');
    await page.getByRole('searchbox').press('Escape');

    await page.locator('#purge-list-section').focus();
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await checkLayoutState(page, 'default-help');
    await page.keyboard.press('Escape');

    // A focused row shows its full text (for a URL row: the whole URL and the request ID).
    const first = page.locator('li.purge-row').first();
    await first.focus();
    await page.locator('#row-detail').waitFor();
    expect(await page.locator('#row-detail').innerText()).toContain(
      `Request ID ${await first.getAttribute('data-id')}`,
    );
    await checkLayoutState(page, 'default-focused-row');
    expect(win.pageErrors).toEqual([]);
  }, 90_000);
});
