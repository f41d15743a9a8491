// The main process as a whole (src/main/index.ts) on the recording electron mock, with real
// HTTP to the fake ImageKit, store files in a temporary profile and the environment key: it
// starts, wires tray, IPC, protocol and window, tracks what a launch and a second launch hand
// over, notifies a completion, and stops all its timers on quit.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { until } from '../support/until';
import type { FakeImageKit, FakeImageKitOptions } from '../fake-imagekit/server';
import { objectIdAt } from '../fake-imagekit/server';
import type { Mock } from '../support/main-process';
import { endMainProcess, launchMainProcess, UI } from '../support/main-process';
import { KeytarKeychain } from '../../src/core/accounts/keychain';
import { skipWithoutSecretService } from '../support/secret-service';
import { InvokeChannel } from '../../src/shared/ipc';
import { QUIT_SIGNALS } from '../../src/main/quit-guard';

let profile: string | undefined;
let fake: FakeImageKit | undefined;

afterEach(async () => {
  profile = undefined;
  fake = undefined;
  await endMainProcess();
});

async function launch(
  argv: string[],
  platform: NodeJS.Platform = 'linux',
  fakeOptions: FakeImageKitOptions = {},
): Promise<Mock> {
  const started = await launchMainProcess(argv, platform, fakeOptions);
  ({ profile, fake } = started);
  return started.mock;
}

describe('the main process', () => {
  it('starts in its profile, tracks what it is handed, notifies, and stops cleanly', async () => {
    const old = Date.now() - 10 * 60_000;
    const mock = await launch([]);
    const first = fake!.addPurge(objectIdAt(old), { completeAfterMs: 0 });
    const second = fake!.addPurge(objectIdAt(old), { completeAfterMs: 0 });
    // The app's own launch arguments are read once it is ready.
    process.argv.push('--track', first);
    expect(mock.app.getPath('userData')).toBe(profile);
    expect(mock.privilegedSchemes.map((s) => s.scheme)).toEqual(['app']);
    expect(mock.app.listenerCount('ready')).toBeGreaterThan(0);

    mock.app.becomeReady();
    await until(() => mock.trays.length === 1, 'the tray');
    expect([...mock.ipcMain.handlers.keys()].sort()).toEqual(Object.values(InvokeChannel).sort());
    expect(mock.protocolHandlers.has('app')).toBe(true);
    expect(mock.defaultSession.permissionRequestHandler).toBeTypeOf('function');
    expect(mock.app.protocolClients.map((c) => c.protocol)).toEqual(['purgewatch']);
    expect(mock.windows).toHaveLength(0); // a tray app: no window until asked (the key is set)

    // A second launch hands over an ID; Electron passes the exact argv as additionalData.
    mock.app.emit('second-instance', {}, [], '/', { argv: ['/opt/pw', '--track', second] });
    await until(() => mock.notifications.length > 0, 'a notification');
    // Both completed at their first check, close together: one grouped notification.
    expect(mock.notifications.map((n) => n.title)).toEqual(['2 purges completed']);
    expect(mock.notifications[0]!.body.split('\n').sort()).toEqual([first, second].sort());
    expect(fake!.requests.every((r) => r.authValid)).toBe(true);
    expect(mock.fetches.length).toBeGreaterThan(0);

    const tray = mock.trays[0]!;
    await until(
      () => (tray.contextMenu?.template ?? []).some((i) => String(i.label).includes(second)),
      'the purge in the tray menu',
    );

    // The window is not the app: closing it leaves the app running.
    mock.app.emit('window-all-closed');
    expect(mock.app.quitCalls).toBe(0);

    // A plain second launch opens the window.
    mock.app.emit('second-instance', {}, ['/opt/pw'], '/', { argv: ['/opt/pw'] });
    expect(mock.windows).toHaveLength(1);
    expect(mock.windows[0]!.webContents.loaded).toEqual(['app://purge-watch/index.html']);

    const stored = JSON.parse(fs.readFileSync(path.join(profile!, 'purges.json'), 'utf8'));
    expect(stored.purges.map((p: { requestId: string }) => p.requestId)).toContain(second);
    expect(fs.statSync(path.join(profile!, 'purges.json')).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(profile!, 'purges.json'), 'utf8')).not.toContain(
      fake!.privateKey,
    );

    mock.app.emit('before-quit');
    expect(tray.destroyed).toBe(true);
  });

  it('starts and tracks in memory when its data folder cannot hold files, and says why', async () => {
    const mock = await launch([]);
    // A file where the folder should be: unusable even for root (like a read-only folder).
    fs.writeFileSync(path.join(profile!, 'not-a-folder'), '');
    const userData = path.join(profile!, 'not-a-folder', 'userData');
    mock.app.setPath('userData', userData);
    const id = fake!.addPurge(objectIdAt(Date.now() - 60_000), { completeAfterMs: Infinity });
    process.argv.push('--track', id);

    mock.app.becomeReady();
    await until(() => mock.trays.length === 1, 'the tray');
    expect(mock.errorBoxes).toEqual([]);
    const tray = mock.trays[0]!;
    const labels = () => (tray.contextMenu?.template ?? []).map((i) => String(i.label));
    await until(() => labels().some((l) => l.includes(id)), 'the purge, tracked in memory');
    expect(labels().join('\n')).toMatch(/⚠ Could not save tracked purges to \//);
    mock.app.emit('before-quit');
  });

  it('a second instance hands its argv over and quits without starting anything', async () => {
    vi.resetModules();
    const { mock: fresh } = await import('../mocks/electron');
    fresh.app.singleInstanceLock = false;
    // The module under test imports the same fresh mock: make the lock refuse before it runs.
    process.argv = ['/opt/pw', '--track', '5f2b6c1e9a8d7c6b5a4f3e2d'];
    await import('../../src/main/index');
    expect(fresh.app.lockRequests).toEqual([{ argv: process.argv }]);
    expect(fresh.app.quitCalls).toBe(1);
    expect(fresh.privilegedSchemes).toEqual([]);
    expect(fresh.app.listenerCount('second-instance')).toBe(0);
  });

  it('a start-up failure is shown and ends the app, without echoing the bad setting', async () => {
    const mock = await launch([]);
    process.env.IMAGE_KIT_BASE_URL = 'http://private_leakedKey@example.com';
    mock.app.becomeReady();
    await until(() => mock.errorBoxes.length > 0, 'the error box');
    expect(mock.errorBoxes[0]!.title).toBe('Purge Watch could not start');
    expect(mock.errorBoxes[0]!.content).not.toContain('leakedKey');
    expect(mock.app.exitCodes).toEqual([1]);
    expect(mock.trays).toHaveLength(0);
  });

  it('on Windows, sets the AppUserModelID to the app ID (or notifications are dropped)', async () => {
    const mock = await launch([], 'win32');
    const { APP_ID } = await import('../../src/main/desktop/app-identity');
    expect(mock.app.appUserModelId).toBe(APP_ID);
    expect(APP_ID).toBe('io.purgewatch.app');
  });

  it('on Windows, a toast clicked in the Action Center after the app quit starts it and opens the window at its purge', async () => {
    const { toastLaunch } = await import('../../src/main/notifications/toast');
    const id = objectIdAt(Date.now() - 60_000);
    // Windows starts the app through the toast activator (COM adds -Embedding).
    const mock = await launch(['-Embedding'], 'win32');
    const { MockNotification } = await import('../mocks/electron');
    MockNotification.clickFromEarlierRun(
      toastLaunch({ id: 'c0ffee00', target: { requestId: id } }),
    );
    mock.app.becomeReady();
    await until(() => mock.windows.length === 1, 'the window');
    const contents = mock.windows[0]!.webContents;
    contents.emit('did-finish-load');
    await until(
      () => contents.sent.some((s) => s.channel === 'purge-watch:focus-purge'),
      'the window to show the purge',
    );
    expect(contents.sent.filter((s) => s.channel === 'purge-watch:focus-purge')).toEqual([
      { channel: 'purge-watch:focus-purge', args: [id] },
    ]);
    mock.app.quit();
  });

  it('habits of a tray app: a shortcut opens the window, the log is in its folder (the tray opens it), sounds can be off', async () => {
    const mock = await launch(['--hidden']); // as the login item starts it: no window yet
    expect(mock.globalShortcut.registered.size).toBe(0); // not before ready: Electron throws
    mock.app.becomeReady();
    await until(() => mock.trays.length === 1, 'the tray');

    // The shortcut, pressed in any app, opens the window; the window can change it.
    expect(mock.windows).toHaveLength(0);
    expect(mock.globalShortcut.press('CommandOrControl+Alt+Shift+P')).toBe(true);
    expect(mock.windows).toHaveLength(1);
    const contents = mock.windows[0]!.webContents;
    const fromWindow = { sender: contents, senderFrame: { url: UI, parent: null } };
    const invoke = (name: keyof typeof InvokeChannel, payload?: unknown) =>
      mock.ipcMain.invoke(fromWindow, InvokeChannel[name], payload);
    expect(await invoke('getSnapshot')).toMatchObject({
      shortcut: { state: 'on', accelerator: 'CommandOrControl+Alt+Shift+P' },
    });
    mock.globalShortcut.takeElsewhere('Control+Alt+T');
    await expect(invoke('setSettings', { openWindowShortcut: 'Control+Alt+T' })).rejects.toThrow(
      'The system refused Ctrl+Alt+T: another app may be using it.',
    );
    await invoke('setSettings', { openWindowShortcut: 'Control+Alt+W' });
    expect(contents.sent.filter((s) => s.channel === 'purge-watch:shortcut').at(-1)?.args).toEqual([
      { state: 'on', accelerator: 'Control+Alt+W' },
    ]);
    expect(mock.globalShortcut.press('CommandOrControl+Alt+Shift+P')).toBe(false);

    // Notifications without their sound.
    await invoke('setSettings', { notificationSound: false });
    const id = fake!.addPurge(objectIdAt(Date.now() - 60_000), { completeAfterMs: 0 });
    await invoke('addFromText', { text: id });
    await until(() => mock.notifications.length > 0, 'a notification');
    expect(mock.notifications.map((n) => n.options.silent)).toEqual([true]);

    // The log: in the profile's log folder (a throwaway profile keeps its own), opened from
    // the tray's Help.
    const logs = path.join(profile!, 'logs');
    expect(mock.app.getPath('logs')).toBe(logs);
    const logText = fs.readFileSync(path.join(logs, 'purge-watch.log'), 'utf8');
    expect(logText).toMatch(/^\S+Z info {2}Purge Watch dev started \(linux, Electron /);
    type Item = { label?: string; click?: () => void; submenu?: Item[] };
    const help = (mock.trays[0]!.contextMenu?.template as Item[]).find((i) => i.label === 'Help');
    help!.submenu!.find((i) => i.label === 'Open log folder')!.click!();
    await until(() => mock.openedPaths.length > 0, 'the log folder opened');
    expect(mock.openedPaths).toEqual([logs]);

    // Quitting lets the shortcut go.
    mock.app.emit('before-quit');
    expect(mock.globalShortcut.registered.size).toBe(0);
  });

  /** Start, wait for the tray, open the window (a plain second launch) and invoke from it. */
  async function startWithWindow(platform: NodeJS.Platform = 'linux') {
    const mock = await launch([], platform);
    mock.app.becomeReady();
    await until(() => mock.trays.length === 1, 'the tray');
    mock.app.emit('second-instance', {}, ['/opt/pw'], '/', { argv: ['/opt/pw'] });
    const contents = mock.windows[0]!.webContents;
    const fromWindow = { sender: contents, senderFrame: { url: UI, parent: null } };
    const invoke = (name: keyof typeof InvokeChannel, payload?: unknown) =>
      mock.ipcMain.invoke(fromWindow, InvokeChannel[name], payload);
    return { mock, invoke };
  }

  it("tells the window what the system says of launch at login: on set, and again when the window is focused after a change in the system's settings", async () => {
    const { mock, invoke } = await startWithWindow('win32');
    const window = mock.windows[0]!;
    window.webContents.emit('did-finish-load');
    const told = () =>
      window.webContents.sent
        .filter((s) => s.channel === 'purge-watch:login-item')
        .map((s) => s.args[0]);
    expect(await invoke('getSnapshot')).toMatchObject({ loginItem: { on: false } });
    await invoke('setSettings', { launchAtLogin: true });
    expect(told()).toEqual([{ on: true }]);
    // Turned off in Task Manager while the app runs; the user comes back to the window.
    mock.app.disableInTaskManager();
    window.blur();
    window.focus();
    expect(told()).toEqual([{ on: true }, { on: true, held: 'task-manager' }]);
    expect(await invoke('getSnapshot')).toMatchObject({
      loginItem: { on: true, held: 'task-manager' },
    });
    // Nothing changed since: nothing more is said.
    window.blur();
    window.focus();
    expect(told()).toHaveLength(2);
    // Setting it again turns Task Manager's switch back on (Electron's `enabled`).
    await invoke('setSettings', { launchAtLogin: false });
    await invoke('setSettings', { launchAtLogin: true });
    expect(told().slice(2)).toEqual([{ on: false }, { on: true }]);
    mock.app.emit('before-quit');
  });

  it('asks the system of launch at login when the answer can have changed, not at each rebuild of the tray menu; the menu says a held login item once it is about to open', async () => {
    const { mock, invoke } = await startWithWindow('win32');
    const { TRAY_LOGIN_ITEM_WORDS, TRAY_WORDS } = await import('../../src/main/tray/tray-words');
    const tray = mock.trays[0]!;
    const labels = () => (tray.contextMenu?.template ?? []).map((i) => String(i.label));
    await invoke('setSettings', { launchAtLogin: true });
    const reads = mock.app.loginItemReads;
    // Each pause and resume changes the status, and the menu is built again.
    for (const paused of [true, false, true, false]) {
      const sets = tray.contextMenuSets;
      await invoke('setPollingPaused', { paused });
      await until(() => tray.contextMenuSets > sets, 'the menu built again');
      expect(labels()).toContain(paused ? TRAY_WORDS.resume : TRAY_WORDS.pause);
    }
    expect(mock.app.loginItemReads).toBe(reads);
    // Turned off in Task Manager while the app runs: the pointer on the icon asks again.
    mock.app.disableInTaskManager();
    tray.emit('mouse-enter');
    await until(
      () => labels().includes(TRAY_LOGIN_ITEM_WORDS['task-manager']),
      "the menu's note that Windows will not start it",
    );
    expect(mock.app.loginItemReads).toBe(reads + 1);
    mock.app.emit('before-quit');
  });

  it('macOS 13+: a login item waiting for approval is told to the window as such', async () => {
    const { mock, invoke } = await startWithWindow('darwin');
    mock.app.loginItemRegistration = 'requires-approval';
    await invoke('setSettings', { launchAtLogin: true });
    expect(
      mock.windows[0]!.webContents.sent.filter((s) => s.channel === 'purge-watch:login-item'),
    ).toEqual([{ channel: 'purge-watch:login-item', args: [{ on: true, held: 'approval' }] }]);
    mock.app.emit('before-quit');
  });

  for (const platform of ['linux', 'darwin', 'win32'] as const) {
    it(`starts whole on ${platform}, with that platform's integration`, async () => {
      const mock = await launch([], platform);
      mock.app.becomeReady();
      await until(() => mock.trays.length === 1, 'the tray');
      const { MockNotification } = await import('../mocks/electron');
      const tray = mock.trays[0]!;
      expect([...mock.ipcMain.handlers.keys()].sort()).toEqual(Object.values(InvokeChannel).sort());
      expect(mock.protocolHandlers.has('app')).toBe(true);
      // A launch from the app menu shows the window (GNOME shows no tray icon), except on macOS,
      // whose menu bar always shows the icon and whose login items cannot pass --hidden.
      expect(mock.windows).toHaveLength(platform === 'darwin' ? 0 : 1);
      // The real electron-store ran its Electron setup (its IPC listener, app.getVersion()).
      expect(mock.ipcMain.listenerCount('electron-store-get-data')).toBe(1);
      // A left click opens the window where trays report one; on macOS it opens the menu.
      expect(tray.listenerCount('click')).toBe(platform === 'darwin' ? 0 : 1);
      // Windows attributes notifications to the app ID, and hears Action Center clicks.
      expect(mock.app.appUserModelId).toBe(platform === 'win32' ? 'io.purgewatch.app' : undefined);
      expect(MockNotification.activationHandler !== undefined).toBe(platform === 'win32');
      // Linux polls the clipboard for the menu; the others refresh when the pointer comes.
      expect(tray.listenerCount('mouse-enter')).toBe(1);
      // Every platform's quit signals and (Linux, macOS) the shutdown event flush the store.
      for (const signal of QUIT_SIGNALS) expect(process.listenerCount(signal)).toBeGreaterThan(0);
      expect(mock.powerMonitor.listenerCount('shutdown')).toBe(1);

      if (platform === 'darwin') {
        // From sources there is no LSUIElement: the Dock icon is hidden at start.
        expect(mock.app.dock!.isVisible()).toBe(false);
        // Launching the app again (Finder, Spotlight, open -a) opens the window, in the Dock.
        expect(mock.app.activate()).toBe(true);
        expect(mock.windows).toHaveLength(1);
        expect(mock.app.dock!.isVisible()).toBe(true);
      } else {
        expect(mock.app.dock).toBeUndefined();
        expect(mock.app.activate()).toBe(false);
      }
      mock.app.emit('before-quit');
      expect(tray.destroyed).toBe(true);
    });
  }

  for (const platform of ['linux', 'win32'] as const) {
    it(`on ${platform}, the login item's launch (--hidden) shows no window; launching again does`, async () => {
      const mock = await launch(['--hidden'], platform);
      mock.app.becomeReady();
      await until(() => mock.trays.length === 1, 'the tray');
      expect(mock.windows).toHaveLength(0);
      // The user launches it from the app menu while it runs.
      mock.app.emit('second-instance', {}, ['/opt/pw'], '/', { argv: ['/opt/pw'] });
      expect(mock.windows).toHaveLength(1);
      mock.app.emit('before-quit');
    });
  }

  it('tells the window how it updates: run from sources, that it does not update itself, and a window\'s "Check now" says why', async () => {
    const { mock, invoke } = await startWithWindow();
    const why = 'run from sources: update with git pull';
    expect(await invoke('getSnapshot')).toMatchObject({ update: { route: 'none', why } });
    await expect(invoke('checkForUpdates')).rejects.toThrow(
      `Purge Watch does not update itself here (${why}).`,
    );
    // Nothing downloaded: nothing installs, and nothing quits.
    await invoke('installUpdate');
    expect(mock.app.quitCalls).toBe(0);
    // A change of "Look for new versions" tells the window the updater's state again.
    const window = mock.windows[0]!;
    await invoke('setSettings', { checkForUpdates: false });
    expect(
      window.webContents.sent
        .filter((s) => s.channel === 'purge-watch:update')
        .map((s) => s.args[0]),
    ).toEqual([{ route: 'none', why }]);
    mock.app.emit('before-quit');
  });

  it('tells the window when the system shows no notification, so a completion is not awaited there in vain', async () => {
    const { mock, invoke } = await startWithWindow();
    const { MockNotification } = await import('../mocks/electron');
    MockNotification.supported = false; // a Linux desktop without a notification daemon
    const window = mock.windows[0]!;
    window.webContents.emit('did-finish-load');
    const id = fake!.addPurge(objectIdAt(Date.now() - 10 * 60_000), { completeAfterMs: 0 });
    await invoke('addFromText', { text: id });
    const told = () =>
      window.webContents.sent
        .filter((s) => s.channel === 'purge-watch:status')
        .map((s) => (s.args[0] as { notificationsUnavailable?: string }).notificationsUnavailable);
    await until(() => told().some((reason) => reason !== undefined), 'the window told');
    expect(
      told()
        .filter((reason) => reason !== undefined)
        .at(-1),
    ).toBe('This system does not support notifications.');
    expect(await invoke('getSnapshot')).toMatchObject({
      status: { notificationsUnavailable: 'This system does not support notifications.' },
    });
    mock.app.emit('before-quit');
  });

  it('says "copied" only once the clipboard holds the text, and reports a failed write', async () => {
    const { mock, invoke } = await startWithWindow();
    const id = '5f2b6c1e9a8d7c6b5a4f3e2d';
    await invoke('copyText', { text: id });
    expect(mock.clipboardText).toBe(id);
    mock.clipboardWriteError = new Error('the clipboard is owned by another app');
    await expect(invoke('copyText', { text: 'other' })).rejects.toThrow(
      'The clipboard could not be written: the clipboard is owned by another app',
    );
    expect(mock.clipboardText).toBe(id);
  });

  it("tells where a purge count that was not JSON went, as it tells the purges file's", async () => {
    const { mock, invoke } = await startWithWindow();
    await invoke('setSettings', { verifyFreshness: false });
    const ledger = path.join(profile!, 'purge-ledger.json');
    fs.writeFileSync(ledger, '{"months": {');
    await invoke('purgeUrls', { text: 'https://ik.imagekit.io/acme/site/app.js' });
    const told = () => mock.notifications.filter((n) => n.title.endsWith('could not be read'));
    await until(() => told().length > 0, 'the notification');
    const [aside] = fs.readdirSync(profile!).filter((name) => name.includes('.corrupt-'));
    expect(aside).toMatch(/^purge-ledger\.json\.corrupt-/);
    expect(fs.readFileSync(path.join(profile!, aside!), 'utf8')).toBe('{"months": {');
    expect(told().map((n) => [n.title, n.body])).toEqual([
      [
        "This month's purge counts could not be read",
        `Purge Watch counts this month's purges again from 0. The unreadable file was kept as ${path.join(profile!, aside!)}.`,
      ],
    ]);
    // The purge is counted in a new ledger.
    expect(Object.values(JSON.parse(fs.readFileSync(ledger, 'utf8')).months)).toEqual([
      { environment: 1 },
    ]);
    mock.app.emit('before-quit');
  });

  async function completedButNotWritten(platform: NodeJS.Platform) {
    const mock = await launch([], platform);
    mock.app.becomeReady();
    await until(() => mock.trays.length === 1, 'the tray');
    const id = fake!.addPurge(objectIdAt(Date.now() - 10 * 60_000), { completeAfterMs: 0 });
    mock.app.emit('second-instance', {}, [], '/', { argv: ['/opt/pw', '--track', id] });
    await until(() => mock.notifications.length > 0, 'the completion');
    const stored = () =>
      JSON.parse(fs.readFileSync(path.join(profile!, 'purges.json'), 'utf8')).purges.find(
        (p: { requestId: string }) => p.requestId === id,
      )?.state;
    return { mock, stored };
  }

  it('a quit signal writes the completion still waiting to be stored, then quits', async () => {
    const { mock, stored } = await completedButNotWritten('linux');
    expect(stored()).toBe('pending'); // polling results are coalesced into a later write
    // The app's own listener (never conf's when-exit hook, which would re-raise the signal here).
    const ours = process.listeners('SIGTERM').find((listener) => listener.name === 'onQuitSignal');
    expect(ours).toBeTypeOf('function');
    // Windows' Ctrl-Break in the console of `npm start` quits the same way.
    expect(process.listeners('SIGBREAK')).toContain(ours);
    (ours as () => void)();
    expect(stored()).toBe('completed');
    expect(mock.app.quitCalls).toBe(1);
  });

  it('macOS and Linux: a system shutdown writes it too', async () => {
    for (const platform of ['darwin', 'linux'] as const) {
      const { mock, stored } = await completedButNotWritten(platform);
      expect(stored()).toBe('pending');
      expect(mock.powerMonitor.shutdown()).toBe(true);
      expect(stored()).toBe('completed');
      await fake!.close();
      fs.rmSync(profile!, { recursive: true, force: true });
    }
  });

  it('Windows (no warning before a shutdown): the completion is on disk before it is notified', async () => {
    const { mock, stored } = await completedButNotWritten('win32');
    expect(mock.powerMonitor.shutdown()).toBe(false); // Electron has no such event there
    expect(stored()).toBe('completed');
  });
});

// Two accounts as a user sets them up: production's key in IMAGEKIT_PRIVATE_KEY (the app's
// "environment" account), staging's in the keychain (a real Secret Service, under a service of
// this test's own).
const KEYCHAIN_SERVICE = `purge-watch-test-app-${process.pid}`;
const noSecretService = await skipWithoutSecretService(
  'the two-account start of the main process',
  KEYCHAIN_SERVICE,
);

describe.skipIf(noSecretService)('the main process with two accounts', () => {
  const keychain = new KeytarKeychain({ service: KEYCHAIN_SERVICE });
  afterEach(async () => {
    await keychain.deletePrivateKey('staging');
  });

  async function launchTwoAccounts(argv: string[]): Promise<Mock> {
    const mock = await launch(argv, 'linux', { accounts: ['production', 'staging'] });
    // `launch` gave the environment the first account's key: production's.
    await keychain.setPrivateKey(fake!.keyOf('staging'), 'staging');
    process.env.PURGE_WATCH_KEYCHAIN_SERVICE = KEYCHAIN_SERVICE;
    mock.app.becomeReady();
    await until(() => mock.trays.length === 1, 'the tray');
    return mock;
  }

  const trayLabels = (mock: Mock) =>
    (mock.trays[0]!.contextMenu?.template ?? []).map((item) => String(item.label));

  it('an ID only the second account knows is tracked and completes under it, after one "not found" on the first', async () => {
    const old = Date.now() - 10 * 60_000;
    const mock = await launch([], 'linux', { accounts: ['production', 'staging'] });
    const id = fake!.addPurge(objectIdAt(old), { account: 'staging', completeAfterMs: 0 });
    await keychain.setPrivateKey(fake!.keyOf('staging'), 'staging');
    process.env.PURGE_WATCH_KEYCHAIN_SERVICE = KEYCHAIN_SERVICE;
    process.argv.push('--track', id);
    mock.app.becomeReady();

    await until(() => mock.notifications.length > 0, 'the completion');
    expect(mock.notifications.map((n) => [n.title, n.body])).toEqual([
      ['Purge completed', expect.stringMatching(new RegExp(`^${id} \\(staging\\)\nTook `))],
    ]);
    const asked = fake!.requests.filter((r) => r.requestId === id);
    expect(asked.map((r) => [r.account, r.responseStatus])).toEqual([
      ['production', 400],
      ['staging', 200],
    ]);
    // The tray names the accounts too, and the window was not opened (both have keys).
    await until(
      () => trayLabels(mock).some((l) => l.startsWith(`✓ staging: ${id} · completed in`)),
      'the purge, with its account, in the tray',
    );
    expect(mock.windows).toHaveLength(0);
    mock.app.emit('before-quit');
  });

  it("a refused key holds only its account's purges, and the tray and notification name it", async () => {
    const old = Date.now() - 10 * 60_000;
    const mock = await launchTwoAccounts([]);
    fake!.refuseKey('staging');
    const held = fake!.addPurge(objectIdAt(old), { account: 'staging', completeAfterMs: 0 });
    const done = fake!.addPurge(objectIdAt(old), { account: 'production', completeAfterMs: 0 });
    mock.app.emit('second-instance', {}, [], '/', {
      argv: ['/opt/pw', '--track', held, '--account', 'staging'],
    });
    mock.app.emit('second-instance', {}, [], '/', {
      argv: ['/opt/pw', '--track', done, '--account', 'environment'],
    });
    await until(() => mock.notifications.length >= 2, 'two notifications');
    expect(mock.notifications.map((n) => n.title).sort()).toEqual([
      'Purge completed',
      'staging: ImageKit refused the key',
    ]);
    expect(mock.notifications.find((n) => n.title === 'Purge completed')!.body).toContain(
      `${done} (environment)`,
    );
    await until(
      () =>
        trayLabels(mock)[0] ===
        '⚠ staging: private key refused: Your account cannot be authenticated.',
      'the refused key in the tray, named',
    );
    await until(
      () => trayLabels(mock).some((l) => l === `⏸ staging: ${held} · on hold`),
      'the held purge, with its account, in the tray',
    );
    // Nothing of staging's was asked with another account's key.
    expect(
      fake!.requests.filter((r) => r.requestId === held).every((r) => r.account === 'staging'),
    ).toBe(true);
    mock.app.emit('before-quit');
  });

  it('a launch naming an account there is not tracks nothing and says so', async () => {
    const mock = await launchTwoAccounts([]);
    const id = fake!.addPurge(objectIdAt(Date.now()), { account: 'staging' });
    mock.app.emit('second-instance', {}, [], '/', {
      argv: ['/opt/pw', `purgewatch://track/${id}?account=client-a`],
    });
    await until(() => mock.notifications.length > 0, 'the refusal');
    expect(mock.notifications.map((n) => [n.title, n.body])).toEqual([
      ['Not tracked', 'Not tracked: 1 request ID (no account is named "client-a")'],
    ]);
    expect(fake!.requests.filter((r) => r.requestId === id)).toEqual([]);
    mock.app.emit('before-quit');
  });

  it("setting another account's key from the window leaves the tray's key item on the default account", async () => {
    const mock = await launchTwoAccounts([]);
    await until(
      () => trayLabels(mock).includes('Private key… (from IMAGEKIT_PRIVATE_KEY)'),
      "the default account's key source",
    );
    mock.app.emit('second-instance', {}, ['/opt/pw'], '/', { argv: ['/opt/pw'] });
    const contents = mock.windows[0]!.webContents;
    const fromWindow = { sender: contents, senderFrame: { url: UI, parent: null } };
    const status = await mock.ipcMain.invoke(fromWindow, InvokeChannel.setPrivateKey, {
      key: fake!.keyOf('staging'),
      account: 'staging',
    });
    expect(status).toMatchObject({ account: 'staging', source: 'keychain' });
    // A menu rendered after the key changed (an ID copied changes it for sure, seen by the Linux
    // tray's clipboard poll: Linux sends no 'mouse-enter') still names the default account's
    // key: the environment's.
    mock.clipboardText = objectIdAt(Date.now());
    await until(
      () => trayLabels(mock).includes('Track request ID from clipboard'),
      'the tray rendered again',
    );
    expect(trayLabels(mock)).toContain('Private key… (from IMAGEKIT_PRIVATE_KEY)');
    mock.app.emit('before-quit');
  });
});
