// The paths a user's actions take through the whole app, each a function that starts its own
// session (profile, keychain entry, fake ImageKit), plays the user and fails at the first step
// that does not happen. journeys.test.ts runs each one; broken-links.test.ts runs them on
// mutants of the built app to show each link they cross is one they would catch.
// Elements are found by role, accessible name or stable data attributes (data-id, data-kind,
// data-source), and words are matched loosely: the window's wording may change.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { APP_ID } from '../../src/main/desktop/app-identity';
import { DEFAULT_ACCOUNT } from '../../src/shared/account';
import { objectIdAt } from '../fake-imagekit/server';
import { readToastXml } from '../mocks/electron';
import type { RunningApp, SessionOptions } from './app-harness';
import { AppSession, eventually } from './app-harness';
import type { UpdateFeed } from '../support/update-feed';
import { serveUpdateFeed } from '../support/update-feed';

export type Journey = (options: SessionOptions) => Promise<void>;

/** Runs `steps` in a fresh session, then ends it whatever happened. */
async function inSession(
  options: SessionOptions,
  steps: (session: AppSession) => Promise<void>,
): Promise<void> {
  const session = await AppSession.start(options);
  try {
    await steps(session);
    for (const app of session.apps) {
      // No CSP violation, no uncaught error, nothing fetched from outside app://.
      if (app.windows.pageErrors.length > 0) {
        throw new Error(`The window reported errors: ${app.windows.pageErrors.join(' | ')}`);
      }
      if (app.windows.refused.length > 0) {
        throw new Error(`The window asked for ${app.windows.refused.join(', ')}`);
      }
    }
  } finally {
    await session.end();
  }
}

/** The row of a purge in the window (a stable data attribute, not markup). */
function row(page: Page, requestId: string) {
  return page.locator(`[data-id="${requestId}"]`).first();
}

async function rowsShown(page: Page, requestIds: string[], patience: number): Promise<void> {
  for (const id of requestIds) await row(page, id).waitFor({ timeout: patience });
}

/**
 * Request IDs dated a few seconds ago (so their first check is due at once), known to the fake:
 * pending there until completed, or completed from the start.
 */
function purgesAtTheFake(session: AppSession, count: number, completed = false): string[] {
  const at = Date.now() - 6_000;
  const completeAfterMs = completed ? 0 : Infinity;
  return Array.from({ length: count }, (_, i) =>
    session.fake.addPurge(objectIdAt(at - i * 1_000), { completeAfterMs }),
  );
}

/** Statuses the fake answered for `requestId` so far. */
function checksOf(session: AppSession, requestId: string): number {
  return session.fake.requests.filter((r) => r.requestId === requestId).length;
}

/** A menu-bar app on macOS: in the Dock only while its window is open. Elsewhere, no Dock. */
function expectDock(app: RunningApp, macOS: 'shown' | 'hidden'): void {
  const hidden = app.mock.app.dockHidden;
  const expected = app.session.platform === 'darwin' ? macOS === 'hidden' : false;
  if (hidden !== expected) throw new Error(`The Dock icon is ${hidden ? 'hidden' : 'shown'}.`);
}

/** Pastes into the window's add field and submits, as the user does. */
async function pasteIntoWindow(page: Page, text: string): Promise<void> {
  const input = page.getByRole('textbox', { name: /request id/i });
  await input.fill(text);
  await input.press('Enter');
}

/** The window shows a banner of this kind (its stable data-id), or stops showing it. */
async function banner(page: Page, id: string, state: 'visible' | 'detached', patience: number) {
  await page.locator(`[data-id="${id}"]`).waitFor({ state, timeout: patience });
}

// ---------- the journeys ----------

/**
 * First launch, no key, nothing tracked: the window opens by itself at the key settings; the
 * user types the key and saves; it lands in the real keychain and the window says so.
 */
export const firstLaunchSetsTheKey: Journey = (options) =>
  inSession(options, async (session) => {
    const app = await session.launch();
    const page = await app.page(); // opened by itself
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ timeout: session.patience });
    const keyInput = dialog.getByRole('textbox', { name: 'Private key', exact: true });
    await eventually(
      () => keyInput.evaluate((input) => input === document.activeElement),
      'the key field to have the focus',
      session.patience,
    );
    await session.screenshot(page, 'first-launch');
    await keyInput.fill(session.fake.privateKey);
    await dialog.getByRole('button', { name: /save/i }).click();
    await dialog.locator('[data-source="keychain"]').waitFor({ timeout: session.patience });
    const stored = await session.keychain.getPrivateKey(DEFAULT_ACCOUNT);
    if (stored !== session.fake.privateKey)
      throw new Error('The key did not land in the keychain.');
  });

/**
 * Copy IDs, pick "Track request ID from clipboard" in the tray: rows appear in the open window;
 * the fake says they completed; one grouped notification; clicking it (after closing the window)
 * brings the window back with one of those rows focused.
 */
export const trayTrackToNotificationClick: Journey = (options) =>
  inSession(options, async (session) => {
    await session.keychain.setPrivateKey(session.fake.privateKey, DEFAULT_ACCOUNT);
    // Started as the login item starts it: no window.
    const app = await session.launch(['--hidden']);
    if (app.openWindows().length > 0) throw new Error('A window opened at a --hidden launch.');
    expectDock(app, 'hidden');
    if (session.platform === 'darwin') {
      app.tray.emit('click'); // on macOS a click opens the menu, not the window
      if (app.openWindows().length > 0)
        throw new Error('A click on the macOS icon opened the window.');
    }
    const page = await app.openWindow();
    expectDock(app, 'shown');
    // Complete at the fake from the start: their first check says so.
    const ids = purgesAtTheFake(session, 2, true);
    app.mock.clipboardText = `purged:\n${ids.join('\n')}\n`;
    await app.pickFromTray(/^Track .*clipboard/i);
    await rowsShown(page, ids, session.patience);
    for (const id of ids) {
      await page
        .locator(`[data-id="${id}"][data-kind="completed"]`)
        .waitFor({ timeout: session.patience });
    }
    await eventually(() => app.mock.notifications.length > 0, 'a notification', session.patience);
    if (session.platform === 'win32' && app.mock.app.appUserModelId !== APP_ID) {
      throw new Error('Windows would drop the notification: no AppUserModelID of the app.');
    }
    const [notification, ...more] = app.mock.notifications;
    if (more.length > 0 || !/\b2\b/.test(notification!.title)) {
      throw new Error(
        `Expected one notification for both, got ${app.mock.notifications.map((n) => n.title)}`,
      );
    }
    app.openWindows()[0]!.close();
    expectDock(app, 'hidden');
    notification!.click();
    const again = await app.page();
    const focusedId = () =>
      again.evaluate(() => document.activeElement?.closest<HTMLElement>('[data-id]')?.dataset.id);
    await eventually(
      async () => ids.includes((await focusedId()) ?? ''),
      'a row of the notification to have the focus',
      session.patience,
    );
  });

/**
 * Windows: a completion's toast, left in the Action Center, is clicked after the app quit.
 * Windows starts the app for it (through the toast activator, with -Embedding) and hands it the
 * toast's launch arguments: the window opens with that purge focused.
 */
export const toastClickedAfterQuit: Journey = (options) =>
  inSession({ ...options, platform: 'win32' }, async (session) => {
    await session.keychain.setPrivateKey(session.fake.privateKey, DEFAULT_ACCOUNT);
    const first = await session.launch(['--hidden']);
    const [id] = purgesAtTheFake(session, 1, true);
    await session.secondLaunch(first, ['--track', id!]);
    await eventually(() => first.mock.notifications.length > 0, 'a toast', session.patience);
    const toast = first.mock.notifications[0]!;
    toast.timeOut(); // into the Action Center
    const launch = readToastXml(toast.options.toastXml ?? '')?.launch ?? '';
    await first.quit();

    const again = await session.launch(['-Embedding'], (electron) =>
      electron.MockNotification.clickFromEarlierRun(launch),
    );
    const page = await again.page();
    await eventually(
      () =>
        page.evaluate(
          (requestId) =>
            document.activeElement?.closest<HTMLElement>('[data-id]')?.dataset.id === requestId,
          id!,
        ),
      'the row of the clicked toast to have the focus',
      session.patience,
    );
  });

/**
 * Linux under Wayland, where an app without a focused window reads a stale clipboard and its
 * writes are dropped: the tray reads none and sends the user to the window, whose paste box
 * has the focus; "Copy request ID" is done with the row's Copy button there, and lands.
 */
export const waylandClipboardInTheWindow: Journey = (options) =>
  inSession({ ...options, platform: 'linux' }, waylandSteps);

async function waylandSteps(session: AppSession): Promise<void> {
  await session.keychain.setPrivateKey(session.fake.privateKey, DEFAULT_ACCOUNT);
  const app = await session.launch(['--hidden'], (electron) => {
    process.env.XDG_SESSION_TYPE = 'wayland'; // the session ends putting the environment back
    electron.mock.waylandSession = true;
  });
  const [id] = purgesAtTheFake(session, 1);
  app.mock.clipboardText = id!; // copied in another app, with no window of ours open
  await app.pickFromTray(/^Paste request IDs or URLs in the window…$/);
  const page = await app.page();
  await eventually(
    () => page.evaluate(() => document.activeElement?.id === 'add-input'),
    'the paste box to have the focus',
    session.patience,
  );
  await page.locator('#add-input').fill(id!); // the user pastes: the window has the focus
  await page.locator('#add-submit').click();
  await rowsShown(page, [id!], session.patience);

  app.mock.clipboardText = 'copied elsewhere since';
  await app.pickFromTray(/^Copy request ID in the window…$/);
  await row(page, id!).locator('[data-action="copy"]').click();
  await eventually(
    () => app.mock.clipboardText === id,
    'the request ID in the clipboard',
    session.patience,
  );
}

/**
 * A second launch with `--track` and a clicked `purgewatch://track/` link hand their IDs to the
 * running app (on macOS the link arrives as an event; elsewhere as a second launch): they show
 * in its window, and nothing else starts.
 */
export const handOverToRunningApp: Journey = (options) =>
  inSession(options, async (session) => {
    await session.keychain.setPrivateKey(session.fake.privateKey, DEFAULT_ACCOUNT);
    const app = await session.launch();
    const page = await app.openWindow();
    const [byArgument, byLink] = purgesAtTheFake(session, 2);
    await session.secondLaunch(app, ['--track', byArgument!]);
    await rowsShown(page, [byArgument!], session.patience);
    await session.openLink(app, `purgewatch://track/${byLink}`);
    await rowsShown(page, [byLink!], session.patience);
    if (app.openWindows().length !== 1) throw new Error('A hand-over opened another window.');
  });

/**
 * A launch from the app menu shows the window (on stock GNOME there is no tray icon to click);
 * on macOS the menu bar shows the icon and the window waits for the user. Launching the running
 * app again shows it everywhere.
 */
export const launchShowsTheWindow: Journey = (options) =>
  inSession(options, async (session) => {
    await session.keychain.setPrivateKey(session.fake.privateKey, DEFAULT_ACCOUNT);
    const app = await session.launch();
    if (session.platform === 'darwin') {
      if (app.openWindows().length > 0) throw new Error('A macOS launch opened the window.');
      app.mock.app.emit('activate'); // opened again from Finder or Spotlight
    } else {
      await session.secondLaunch(app, []); // the menu entry again: no second window
    }
    await app.page();
  });

/**
 * "Pause checking" in the tray: the window says checking is paused, and a purge pasted into the
 * window meanwhile is not checked; "Resume checking": the banner goes and the purge is checked.
 */
export const pauseAndResumeFromTray: Journey = (options) =>
  inSession(options, async (session) => {
    await session.keychain.setPrivateKey(session.fake.privateKey, DEFAULT_ACCOUNT);
    const app = await session.launch();
    const page = await app.openWindow();
    await app.pickFromTray(/^Pause checking/);
    await banner(page, 'paused', 'visible', session.patience);
    const [held] = purgesAtTheFake(session, 1);
    await pasteIntoWindow(page, held!);
    await rowsShown(page, [held!], session.patience);
    await session.screenshot(page, 'paused');
    if (!app.trayItem(/paused/i)) throw new Error('The tray menu does not say checking is paused.');
    if (checksOf(session, held!) > 0) throw new Error('A purge was checked while paused.');
    await app.pickFromTray(/^Resume checking/);
    await banner(page, 'paused', 'detached', session.patience);
    await eventually(
      () => checksOf(session, held!) > 0,
      'a check after resuming',
      session.patience,
    );
  });

/** ImageKit answers 429: the tray's status line and the window's banner say so. */
export const rateLimitShows: Journey = (options) =>
  inSession(options, async (session) => {
    await session.keychain.setPrivateKey(session.fake.privateKey, DEFAULT_ACCOUNT);
    const app = await session.launch();
    const page = await app.openWindow();
    session.fake.inject('rate_limited', { resetMs: 60_000 });
    const [limited] = purgesAtTheFake(session, 1);
    await pasteIntoWindow(page, limited!);
    await banner(page, 'rate-limit', 'visible', session.patience);
    await eventually(
      () => app.trayItem(/rate limit/i) !== undefined,
      "the tray's rate-limit status line",
      session.patience,
    );
  });

/**
 * Quit from the tray and start again: every purge is back in the window, in the state it had
 * (a completed one stays completed, a pending one pending), and the pending one is checked on.
 */
export const quitAndStartAgain: Journey = (options) =>
  inSession(options, async (session) => {
    await session.keychain.setPrivateKey(session.fake.privateKey, DEFAULT_ACCOUNT);
    const first = await session.launch();
    const page = await first.openWindow();
    const [done, waiting] = purgesAtTheFake(session, 2);
    session.fake.completePurge(done!);
    await pasteIntoWindow(page, `${done}\n${waiting}`);
    await page
      .locator(`[data-id="${done}"][data-kind="completed"]`)
      .waitFor({ timeout: session.patience });
    await eventually(() => checksOf(session, waiting!) > 0, 'a first check', session.patience);
    await first.pickFromTray(/^Quit/);
    await eventually(() => first.tray.destroyed, 'the app to quit', session.patience);

    const again = await session.launch();
    const reopened = await again.openWindow();
    await reopened
      .locator(`[data-id="${done}"][data-kind="completed"]`)
      .waitFor({ timeout: session.patience });
    await reopened
      .locator(`[data-id="${waiting}"][data-kind="pending"]`)
      .waitFor({ timeout: session.patience });
    await session.screenshot(reopened, 'window');
    const before = checksOf(session, waiting!);
    await eventually(
      () => checksOf(session, waiting!) > before,
      'the pending purge to be checked again',
      session.patience,
    );
  });

/**
 * Two accounts, production and staging, in the keychain. An ID only staging knows, tracked from
 * the tray, is asked of production first ("not found" there), then of staging: its row shows in
 * the window, and the tray and the notification name staging. A URL purged with staging from the
 * tray's submenu is sent with staging's key.
 */
export const twoAccountsFromTheTray: Journey = (options) =>
  inSession(
    { ...options, fake: { accounts: ['production', 'staging'], ...options.fake } },
    async (session) => {
      const accounts = ['production', 'staging'];
      for (const account of accounts) {
        await session.keychain.setPrivateKey(session.fake.keyOf(account), account);
      }
      try {
        const app = await session.launch();
        const page = await app.openWindow();
        const id = session.fake.addPurge(objectIdAt(Date.now() - 6_000), {
          account: 'staging',
          completeAfterMs: 0,
        });
        app.mock.clipboardText = id;
        await app.pickFromTray(/^Track request ID from clipboard$/);
        await rowsShown(page, [id], session.patience);
        await eventually(
          () => app.mock.notifications.some((n) => n.body.startsWith(`${id} (staging)`)),
          'a completion notification naming staging',
          session.patience,
        );
        const asked = session.fake.requests.filter((r) => r.requestId === id);
        if (asked.map((r) => r.account).join(',') !== 'production,staging') {
          throw new Error(`The ID was asked of ${asked.map((r) => r.account).join(', ')}.`);
        }
        await eventually(
          () => app.trayItem(new RegExp(`^✓ staging: ${id} `)) !== undefined,
          'the purge in the tray, named with staging',
          session.patience,
        );
        app.mock.clipboardText = 'https://ik.imagekit.io/demo/staged.jpg';
        await app.pickFromTray(/^staging$/);
        await eventually(
          () =>
            session.fake.requests.some((r) => r.endpoint === 'submit' && r.account === 'staging'),
          'a purge submitted with staging',
          session.patience,
        );
      } finally {
        for (const account of accounts) {
          await session.keychain.deletePrivateKey(account).catch(() => false);
        }
      }
    },
  );

/**
 * An image URL copied and purged from the tray: a notification says its path transformations
 * keep their cache; once ImageKit says Completed, the app checks what the fake CDN's edge serves:
 * the notification says "Completed · fresh", and so does the window's row, whose details show the
 * headers that decided it. Nothing sent to the CDN carries the key.
 */
export const trayPurgeCheckedAtTheCdn: Journey = (options) =>
  inSession(options, async (session) => {
    await session.keychain.setPrivateKey(session.fake.privateKey, DEFAULT_ACCOUNT);
    const app = await session.launch();
    const page = await app.openWindow();
    const url = `${session.fake.cdn.baseUrl}/acme/site/hero.jpg`;
    app.mock.clipboardText = url;
    await app.pickFromTray(/^Purge URL from clipboard/);
    await eventually(
      () => app.mock.notifications.some((n) => /path transformations/i.test(n.body)),
      'a notification that path transformations keep their cache',
      session.patience,
    );
    await eventually(
      () =>
        app.mock.notifications.some(
          (n) => n.title === 'Completed · fresh' && n.body.startsWith(url),
        ),
      'a "Completed · fresh" notification naming the URL',
      session.patience,
    );
    const line = page.locator(`[aria-label="Completed · fresh: ${url}"]`);
    await line.waitFor({ timeout: session.patience });
    await page.keyboard.press('Tab'); // from the keyboard: a pointer's focus shows no details
    await line.focus();
    await page.locator('#row-detail').waitFor({ timeout: session.patience });
    const details = await page.locator('#row-detail').innerText();
    if (!/X-Cache: Miss from cloudfront/.test(details) || !/x-amz-cf-pop: FRA56-P1/.test(details)) {
      throw new Error(`The row's details do not show the CDN's headers: ${details}`);
    }
    const asked = session.fake.cdn.requests;
    if (asked.length < 2) throw new Error('The URL was not probed before and checked after.');
    if (asked.some((r) => 'authorization' in r.headers || 'cookie' in r.headers)) {
      throw new Error('A request to the CDN carried a credential.');
    }
  });

/**
 * A session of the app run as an AppImage, with a local update feed offering 9.9.9: the update,
 * once installed and started, writes `started`.
 */
async function withUpdateFeed(
  options: SessionOptions,
  run: (
    session: AppSession,
    update: { feed: UpdateFeed; appImage: string; started: string },
  ) => Promise<void>,
): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-app-update-'));
  const appImage = path.join(scratch, 'Purge-Watch.AppImage');
  const started = path.join(scratch, 'new-version-started');
  fs.writeFileSync(appImage, 'the installed version', { mode: 0o755 });
  const feed = await serveUpdateFeed({
    version: '9.9.9',
    file: 'purge-watch-9.9.9-linux-x86_64.AppImage',
    content: `#!/bin/sh\necho started > '${started}'\n`,
  });
  try {
    await inSession({ ...options, update: { feed, appImage } }, async (session) => {
      await session.keychain.setPrivateKey(session.fake.privateKey, DEFAULT_ACCOUNT);
      await run(session, { feed, appImage, started });
    });
  } finally {
    await feed.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Auto-update from the tray: the app, run as an AppImage, finds a newer version in a local update
 * feed and downloads it; the tray offers "Restart to update to 9.9.9" and nothing is installed
 * until the user picks it; then the AppImage is replaced, the new version starts and the app
 * quits.
 */
export const updateFromTheTray: Journey = (options) =>
  withUpdateFeed(options, async (session, { feed, appImage, started }) => {
    const app = await session.launch(['--hidden']);
    await eventually(
      () => app.trayItem(/^Restart to update to 9\.9\.9$/) !== undefined,
      'the tray to offer the downloaded update',
      session.patience,
    );
    if (feed.downloads() !== 1)
      throw new Error(`The update was fetched ${feed.downloads()} times.`);
    if (fs.readFileSync(appImage, 'utf8') !== 'the installed version') {
      throw new Error('The update was installed before the user asked.');
    }
    await app.pickFromTray(/^Restart to update to 9\.9\.9$/);
    await eventually(() => fs.existsSync(started), 'the new version to start', session.patience);
    await eventually(() => app.tray.destroyed, 'the app to quit', session.patience);
  });

/**
 * Auto-update from the window: its settings say the update the app downloaded is ready, and
 * "Restart to update" there installs it (through the preload and the main process's IPC).
 */
export const updateFromTheWindow: Journey = (options) =>
  withUpdateFeed(options, async (session, { appImage, started }) => {
    const app = await session.launch([]);
    const page = await app.page();
    await page.getByRole('button', { name: 'Settings' }).click();
    const updates = page.getByRole('group', { name: 'Updates' });
    await updates.getByText(/9\.9\.9 is downloaded/).waitFor({ timeout: session.patience });
    if (fs.readFileSync(appImage, 'utf8') !== 'the installed version') {
      throw new Error('The update was installed before the user asked.');
    }
    await updates.getByRole('button', { name: 'Restart to update' }).click();
    await eventually(() => fs.existsSync(started), 'the new version to start', session.patience);
    await eventually(() => app.tray.destroyed, 'the app to quit', session.patience);
  });

/**
 * An update feed that names a file the server does not serve (another file's bytes): the app
 * downloads it and refuses it (its SHA-512), offers nothing in the tray, installs nothing, and
 * says why in its log (a packaged app has no console).
 */
export const updateRefusedIsLogged: Journey = async (options) => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-app-update-'));
  const appImage = path.join(scratch, 'Purge-Watch.AppImage');
  fs.writeFileSync(appImage, 'the installed version', { mode: 0o755 });
  const feed = await serveUpdateFeed({
    version: '9.9.9',
    file: 'purge-watch-9.9.9-linux-x86_64.AppImage',
    content: '#!/bin/sh\necho the real update\n',
  });
  feed.tamperFile('#!/bin/sh\necho \u001b[2Jtampered\n');
  try {
    await inSession({ ...options, update: { feed, appImage } }, async (session) => {
      await session.keychain.setPrivateKey(session.fake.privateKey, DEFAULT_ACCOUNT);
      const app = await session.launch(['--hidden']);
      await app.pickFromTray(/^Open log folder$/);
      await eventually(() => app.mock.openedPaths.length > 0, 'the log folder', session.patience);
      const log = path.join(app.mock.openedPaths[0]!, 'purge-watch.log');
      const logged = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '');
      await eventually(
        () => /update: .*sha512 checksum mismatch/.test(logged()),
        'the log to say why the update was refused',
        session.patience,
      );
      if (feed.downloads() !== 1)
        throw new Error(`The update was fetched ${feed.downloads()} times.`);
      if (app.trayItem(/Restart to update/) !== undefined) {
        throw new Error('The tray offered an update that failed its SHA-512.');
      }
      if (fs.readFileSync(appImage, 'utf8') !== 'the installed version') {
        throw new Error('An update that failed its SHA-512 was installed.');
      }
      await app.pickFromTray(/^Quit/);
      await eventually(() => app.tray.destroyed, 'the app to quit', session.patience);
    });
  } finally {
    await feed.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
};

/**
 * What users of tray apps expect (Gitify's habits): the shortcut opens the window from any app;
 * in the settings a combination another app holds is refused, saying so, and a free one works at
 * once; on Linux, where the desktop decides notifications' sound, no sound toggle is offered;
 * the tray's Help opens the log folder, where the log is. Quitting lets the shortcut go.
 */
export const trayAppHabits: Journey = (options) =>
  inSession(options, async (session) => {
    await session.keychain.setPrivateKey(session.fake.privateKey, DEFAULT_ACCOUNT);
    const app = await session.launch(['--hidden']); // as the login item starts it
    const { globalShortcut } = app.mock;
    if (app.openWindows().length > 0) throw new Error('A hidden launch opened the window.');
    if (!globalShortcut.press('CommandOrControl+Alt+Shift+P')) {
      throw new Error('The default shortcut is not registered.');
    }
    const page = await app.page();

    await page.keyboard.press('Control+,');
    const dialog = page.getByRole('dialog', { name: /settings/i });
    await dialog.waitFor({ timeout: session.patience });
    const status = dialog.locator('#setting-shortcut-status');
    await status.getByText(/Ctrl\+Alt\+Shift\+P/).waitFor({ timeout: session.patience });
    const field = dialog.getByRole('textbox', { name: /shortcut/i });
    globalShortcut.takeElsewhere('Control+Alt+W');
    await field.focus();
    await page.keyboard.press('Control+Alt+KeyW');
    await status.getByText(/refused Ctrl\+Alt\+W/).waitFor({ timeout: session.patience });
    if ((await field.inputValue()) !== 'Ctrl+Alt+Shift+P') {
      throw new Error('A refused shortcut stayed in its field.');
    }
    await page.keyboard.press('Control+Alt+KeyK');
    await status.getByText(/Press Ctrl\+Alt\+K in any app/).waitFor({ timeout: session.patience });
    if (globalShortcut.press('CommandOrControl+Alt+Shift+P')) {
      throw new Error('The shortcut set before still works.');
    }

    // Linux: the desktop decides whether a notification makes a sound (Electron hands its
    // notification service no sound setting), so the window offers no toggle, and says so.
    await dialog
      .getByText(/desktop's notification settings decide/)
      .waitFor({ timeout: session.patience });
    if ((await dialog.getByRole('checkbox', { name: /sound/i }).count()) > 0) {
      throw new Error('The window offers a sound toggle that Linux ignores.');
    }
    await page.keyboard.press('Escape');
    app.openWindows()[0]!.close();
    if (!globalShortcut.press('Control+Alt+K')) throw new Error('The new shortcut does nothing.');
    const again = await app.page();
    const [done] = purgesAtTheFake(session, 1, true);
    await pasteIntoWindow(again, done!);
    await eventually(() => app.mock.notifications.length > 0, 'a notification', session.patience);

    // Help → Open log folder: the folder that holds the log.
    await app.pickFromTray(/^Open log folder$/);
    await eventually(() => app.mock.openedPaths.length > 0, 'the log folder', session.patience);
    const [folder] = app.mock.openedPaths;
    if (!fs.existsSync(path.join(folder!, 'purge-watch.log'))) {
      throw new Error(`No log file in the folder opened (${folder}).`);
    }
    await app.pickFromTray(/^Quit/);
    await eventually(() => app.tray.destroyed, 'the app to quit', session.patience);
    if (globalShortcut.registered.size > 0) throw new Error('The shortcut outlived the app.');
  });
