// The real-Electron tier: the app on the Electron binary, driven by Playwright's `_electron`
// against the fake ImageKit, on Linux (under Xvfb, the key in gnome-keyring), macOS and Windows
// (.github/workflows/ci.yml). One journey a user takes, in the order they take it: the app starts
// without an uncaught error and its tray is there; the window opens at first launch and the key
// set there lands in the keychain; a second instance with --track and a purgewatch:// link reach
// the running app and the window lists the purges; they complete and a notification is shown;
// quitting writes the store and a restart lists them still. Where the binary is missing (our
// build machines) it says why in one line; under CI=true it fails instead.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeytarKeychain } from '../../src/core/accounts/keychain';
import { DEFAULT_ACCOUNT } from '../../src/shared/account';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import { IN_CI } from '../support/ci';
import type { RunningElectron } from './electron-app';
import { ElectronSession, electronTierProblem } from './electron-app';

const problem = electronTierProblem();
if (problem !== undefined) {
  if (IN_CI) throw new Error(`The real-Electron tier cannot run: ${problem}`);
  console.warn(`test/electron cannot run here: ${problem}`);
}

describe.skipIf(problem !== undefined)('the app on real Electron', () => {
  let fake: FakeImageKit;
  let session: ElectronSession;
  const running: RunningElectron[] = [];

  beforeAll(async () => {
    fake = await startFakeImageKit({ completeAfterMs: 0 });
    session = new ElectronSession(fake);
  });
  afterAll(async () => {
    for (const app of running) await app.app.close().catch(() => undefined);
    // The journey deletes the key through the window; this catches a journey that failed first.
    await new KeytarKeychain({ service: session.keychainService, timeoutMs: 5_000 })
      .deletePrivateKey(DEFAULT_ACCOUNT)
      .catch(() => false);
    await fake?.close();
    session?.remove();
  });

  const launch = async (args: string[] = []) => {
    const app = await session.launch(args);
    running.push(app);
    return app;
  };
  const row = (page: Page, id: string, kind?: string) =>
    page.locator(`[data-id="${id}"]${kind ? `[data-kind="${kind}"]` : ''}`).first();

  it('starts, takes the key, tracks what a second launch and a link hand over, notifies, and keeps it all across a restart', async () => {
    // --- first launch: no uncaught error, a tray, the window at the key settings
    const first = await launch();
    expect(await first.errors()).toEqual([]);
    const tray = await first.tray();
    expect(tray?.tooltip).toMatch(/^Purge Watch/);
    expect(await first.trayLabels()).toContain('Quit Purge Watch');
    const page = await first.window();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/private key/i).fill(fake.privateKey);
    await dialog.getByRole('button', { name: /save/i }).click();
    await dialog.locator('[data-source="keychain"]').waitFor({ timeout: 30_000 });
    await page.locator('#settings-close').click();

    // --- a second instance with --track, then a purgewatch:// link, reach the running app
    const at = Date.now() - 6_000;
    const [byArgument, byLink] = [0, 1].map((i) => fake.addPurge(objectIdAt(at - i * 1_000)));
    expect(await session.secondLaunch(['--track', byArgument!])).toBe(0);
    await row(page, byArgument!).waitFor({ timeout: 30_000 });
    expect(await session.secondLaunch([`purgewatch://track/${byLink}`])).toBe(0);
    await row(page, byLink!).waitFor({ timeout: 30_000 });
    expect(first.app.windows()).toHaveLength(1);

    // --- they complete; a notification is shown where the system shows them
    for (const id of [byArgument!, byLink!]) {
      await row(page, id, 'completed').waitFor({ timeout: 60_000 });
    }
    expect(await first.notificationsSupported()).toBe(true);
    await first.until(
      async () => (await first.notifications()).some((n) => /completed/i.test(n.title)),
      'a completion notification',
    );
    if (process.platform === 'linux') {
      // CI runs a notification server (dunst) in the session: it must really show.
      await first.until(
        async () => (await first.notifications()).some((n) => n.outcome === 'shown'),
        'the notification to show',
      );
    } else {
      // Unpackaged (no Start-menu shortcut on Windows, not signed for macOS), the system may
      // refuse it; the app must then say so in the tray instead of failing silently.
      await first.until(async () => {
        const outcomes = (await first.notifications()).map((n) => n.outcome);
        if (outcomes.includes('shown')) return true;
        return (
          outcomes.includes('failed') &&
          (await first.trayLabels()).some((label) =>
            label.startsWith('Notifications cannot be shown'),
          )
        );
      }, 'the notification to show, or the tray to say why it cannot');
    }
    expect(await first.errors()).toEqual([]);

    // --- quit from the tray: the store is written before the process ends
    await first.pick('Quit Purge Watch');
    await first.exited();
    const stored = fs.readFileSync(path.join(session.profile, 'purges.json'), 'utf8');
    for (const id of [byArgument!, byLink!]) expect(stored).toContain(id);

    // --- start again: the purges are listed, completed
    const again = await launch();
    if (process.platform === 'darwin') await again.pick('Open Purge Watch…');
    const reopened = await again.window();
    for (const id of [byArgument!, byLink!]) {
      await row(reopened, id, 'completed').waitFor({ timeout: 30_000 });
    }

    // --- the key is deleted from the window, and the keychain no longer has it
    await again.pick('Private key…');
    const settings = reopened.getByRole('dialog');
    await settings.locator('#key-delete').click();
    await settings.locator('#key-delete-yes').click();
    await settings.locator('[data-source="none"]').waitFor({ timeout: 30_000 });
    expect(await again.errors()).toEqual([]);
    expect(again.stderr).not.toMatch(/Uncaught|could not start|A JavaScript error occurred/);
    expect(first.stderr).not.toMatch(/Uncaught|could not start|A JavaScript error occurred/);
    await again.pick('Quit Purge Watch');
    await again.exited();
  });
});
