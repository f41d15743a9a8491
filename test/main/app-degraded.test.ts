// The main process where a user's system lets it down: a profile it cannot use (a folder under
// /proc, which no one, root included, can make, and where Node's recursive mkdir never returns),
// a tray that cannot be made or given its menu. The app starts, says what it cannot do, and
// does the rest.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { objectIdAt } from '../fake-imagekit/server';
import type { Mock } from '../support/main-process';
import {
  endMainProcess,
  launchMainProcess,
  openedWindow,
  windowInvoker,
} from '../support/main-process';
import type { SessionBus } from '../support/session-bus';
import { skipWithoutDbusDaemon, startSessionBus } from '../support/session-bus';
import type { WindowStatus } from '../../src/shared/ipc';
import { until } from '../support/until';
import { unreadableFile } from '../support/unreadable-file';

afterEach(async () => {
  vi.restoreAllMocks();
  await endMainProcess();
});

it('starts on a profile under /proc without spinning in a recursive mkdir, and tracks in memory', async () => {
  const { mock, fake } = await launchMainProcess([]);
  const userData = '/proc/self/purge-watch-profile';
  mock.app.setPath('userData', userData);
  // Node's mkdirSync(…, { recursive: true }) loops forever there (ENOENT from a parent that
  // exists): the app would never start. Refused here, so a call fails the test instead of hanging it.
  const spinning: string[] = [];
  const mkdirSync = fs.mkdirSync.bind(fs);
  vi.spyOn(fs, 'mkdirSync').mockImplementation(((folder: fs.PathLike, options?: unknown) => {
    const recursive = typeof options === 'object' && options !== null && 'recursive' in options;
    if (recursive && String(folder).startsWith('/proc/')) {
      spinning.push(String(folder));
      throw new Error(`mkdirSync(${String(folder)}, { recursive: true }) never returns here`);
    }
    return mkdirSync(folder, options as fs.MakeDirectoryOptions);
  }) as typeof fs.mkdirSync);
  const id = fake.addPurge(objectIdAt(Date.now() - 60_000), { completeAfterMs: Infinity });
  process.argv.push('--track', id);

  mock.app.becomeReady();
  await until(() => mock.trays.length === 1, 'the tray');
  const labels = () => (mock.trays[0]!.contextMenu?.template ?? []).map((i) => String(i.label));
  await until(() => labels().some((l) => l.includes(id)), 'the purge, tracked in memory');
  expect(spinning).toEqual([]);
  expect(mock.errorBoxes).toEqual([]);
  expect(labels().join('\n')).toContain(`⚠ Could not save tracked purges to ${userData}`);
  // The settings, which cannot be saved there either, apply all the same, and the window says so.
  mock.app.emit('second-instance', {}, ['/opt/pw'], '/', { argv: ['/opt/pw'] });
  await until(() => mock.windows.length === 1, 'the window');
  const invoke = windowInvoker(mock);
  expect(await invoke('setSettings', { notificationSound: false })).toMatchObject({
    notificationSound: false,
  });
  expect(await invoke('getSnapshot')).toMatchObject({
    settings: { notificationSound: false },
    status: {
      settingsProblem: `The settings could not be saved to ${userData}/settings.json (ENOENT).`,
    },
  });
  mock.app.emit('before-quit');
});

for (const refused of ['Tray', 'setContextMenu'] as const) {
  it(`without a tray (${refused} refused at a login launch): the window opens and says why; purges are notified`, async () => {
    const { mock, fake } = await launchMainProcess(['--hidden']);
    const { Tray } = await import('../mocks/electron');
    const refusal = new Error('no StatusNotifier host');
    if (refused === 'Tray') {
      vi.spyOn(Tray.prototype, 'setToolTip').mockImplementation(() => {
        throw refusal;
      });
    } else {
      vi.spyOn(Tray.prototype, 'setContextMenu').mockImplementation(() => {
        throw refusal;
      });
    }
    const failures: unknown[] = [];
    const onRejection = (reason: unknown) => failures.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      mock.app.becomeReady();
      await until(() => mock.windows.length === 1, 'the window');
      const invoke = windowInvoker(mock);
      const reason = 'The system shows no Purge Watch icon in its tray (no StatusNotifier host).';
      await until(
        () =>
          mock.windows[0]!.webContents.sent.some(
            (s) =>
              s.channel === 'purge-watch:status' &&
              (s.args[0] as { trayUnavailable?: string }).trayUnavailable === reason,
          ),
        'the window told',
      );
      expect(await invoke('getSnapshot')).toMatchObject({ status: { trayUnavailable: reason } });
      const id = fake.addPurge(objectIdAt(Date.now() - 60_000), { completeAfterMs: 0 });
      await invoke('addFromText', { text: id });
      await until(() => mock.notifications.length > 0, 'the completion notified');
      expect(mock.errorBoxes).toEqual([]);
      expect(failures).toEqual([]);
      expect(mock.trays.every((tray) => tray.destroyed)).toBe(true);
      mock.app.emit('before-quit');
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
}

/** The app started with its window open, purging without asking the CDN first. */
async function withWindowPurging() {
  const { mock, profile } = await launchMainProcess([]);
  const invoke = await openedWindow(mock);
  await invoke('setSettings', { verifyFreshness: false });
  return { mock, profile, invoke };
}

it("counts every purge in the month's ledger though a write finds another process's lock on it", async () => {
  const { mock, profile, invoke } = await withWindowPurging();
  const ledger = path.join(profile, 'purge-ledger.json');
  const counted = () => Object.values(JSON.parse(fs.readFileSync(ledger, 'utf8')).months);
  const lock = `${ledger}.lock`;
  // A purge-watch command that holds the lock past the app's wait (stopped with Ctrl-Z mid-write).
  const holdLock = () =>
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), token: 'cli' }));

  await invoke('purgeUrls', { text: 'https://ik.imagekit.io/acme/a.js' });
  holdLock();
  await invoke('purgeUrls', { text: 'https://ik.imagekit.io/acme/b.js' });
  fs.rmSync(lock);
  await invoke('purgeUrls', { text: 'https://ik.imagekit.io/acme/c.js' });
  expect(counted()).toEqual([{ environment: 3 }]);

  // Kept until quit, when nothing more is purged.
  holdLock();
  await invoke('purgeUrls', { text: 'https://ik.imagekit.io/acme/d.js' });
  fs.rmSync(lock);
  mock.app.emit('before-quit');
  expect(counted()).toEqual([{ environment: 4 }]);
});

describe('on stock GNOME, with no tray host on the session bus', () => {
  const skip = skipWithoutDbusDaemon('the app on a desktop without a tray host');
  let bus: SessionBus | undefined;
  afterEach(() => bus?.stop());

  it.skipIf(skip)(
    'the window says there is no icon and why; the icon is kept for a host that may come',
    async () => {
      const { mock } = await launchMainProcess([]);
      bus = await startSessionBus();
      process.env.DBUS_SESSION_BUS_ADDRESS = bus.address;
      process.env.XDG_CURRENT_DESKTOP = 'GNOME';
      mock.app.becomeReady();
      await until(() => mock.windows.length === 1, 'the window');
      const invoke = windowInvoker(mock);
      const said = async () =>
        ((await invoke('getSnapshot')) as { status: { trayUnavailable?: string } }).status
          .trayUnavailable;
      await until(async () => (await said()) !== undefined, 'the window told');
      expect(await said()).toBe(
        'The system shows no Purge Watch icon in its tray (GNOME shows tray icons only with the AppIndicator and KStatusNotifierItem Support extension).',
      );
      expect(mock.trays.map((tray) => tray.destroyed)).toEqual([false]);
      mock.app.emit('before-quit');
    },
  );
});

it("says in the window when the settings and the month's purge counts cannot be saved, keeps them, saves them once the profile is back, and loses no tracked purge", async () => {
  const { mock, profile, invoke } = await withWindowPurging();
  const statuses = () =>
    mock.windows[0]!.webContents.sent.filter((s) => s.channel === 'purge-watch:status');
  const settingsFile = path.join(profile, 'settings.json');
  const ledgerFile = path.join(profile, 'purge-ledger.json');
  const purge = async (url: string) => {
    const { results } = (await invoke('purgeUrls', { text: url })) as {
      results: { requestId: string }[];
    };
    return results[0]!.requestId;
  };

  // The profile's folder goes (its drive unmounted), and a file is where it was: nothing in it
  // can be written, not even by root.
  const away = `${profile}.away`;
  fs.renameSync(profile, away);
  fs.writeFileSync(profile, '');
  const requestIds: string[] = [];
  try {
    expect(await invoke('setSettings', { notifications: false })).toMatchObject({
      notifications: false,
    });
    requestIds.push(await purge('https://ik.imagekit.io/acme/a.js'));
    const { settings, status } = (await invoke('getSnapshot')) as {
      settings: { notifications: boolean };
      status: WindowStatus;
    };
    // Applied all the same, and said, naming each file.
    expect(settings.notifications).toBe(false);
    // toMatch with a string: the text contains it (the reason is the system's: ENOTDIR, EEXIST).
    expect(status.settingsProblem).toMatch(`The settings could not be saved to ${settingsFile} (E`);
    expect(status.ledgerProblem).toMatch(
      `This month's purge counts could not be saved to ${ledgerFile} (E`,
    );
    // Pushed as they happened: the window shows them without asking.
    expect(statuses().at(-1)?.args[0]).toMatchObject({
      settingsProblem: status.settingsProblem,
      ledgerProblem: status.ledgerProblem,
    });
  } finally {
    fs.rmSync(profile);
    fs.renameSync(away, profile);
  }

  // The next change saves what waited, and the window's status no longer says anything of it.
  await invoke('setSettings', { notificationSound: false });
  requestIds.push(await purge('https://ik.imagekit.io/acme/b.js'));
  expect(JSON.parse(fs.readFileSync(settingsFile, 'utf8'))).toMatchObject({
    notifications: false,
    notificationSound: false,
  });
  expect(Object.values(JSON.parse(fs.readFileSync(ledgerFile, 'utf8')).months)).toEqual([
    { environment: 2 },
  ]);
  const last = statuses().at(-1)?.args[0] as WindowStatus;
  expect(last.settingsProblem).toBeUndefined();
  expect(last.ledgerProblem).toBeUndefined();

  mock.app.emit('before-quit');
  const saved = JSON.parse(fs.readFileSync(path.join(profile, 'purges.json'), 'utf8'));
  expect(JSON.stringify(saved)).toContain(requestIds[0]);
  expect(JSON.stringify(saved)).toContain(requestIds[1]);
});

/**
 * The profile's folder goes (its drive unmounted), and a file is where it was: nothing in it can
 * be opened or written, not even by root. The function returned brings it back, holding `files`.
 */
function unmountProfile(profile: string): (files?: Record<string, string>) => void {
  const away = `${profile}.away`;
  fs.renameSync(profile, away);
  fs.writeFileSync(profile, '');
  return (files = {}) => {
    fs.rmSync(profile);
    fs.renameSync(away, profile);
    for (const [name, text] of Object.entries(files)) {
      fs.writeFileSync(path.join(profile, name), text);
    }
  };
}

/** The tray, its menu's labels, and a click on the first item that can be clicked whose label starts so. */
async function trayOf(mock: Mock) {
  await until(() => mock.trays.length === 1, 'the tray');
  const tray = mock.trays[0]!;
  const items = () => tray.contextMenu?.template ?? [];
  const menu = () => items().map((item) => String(item.label ?? ''));
  const pick = async (start: string) => {
    const find = () =>
      items().find((item) => item.enabled !== false && String(item.label).startsWith(start));
    await until(() => find() !== undefined, `"${start}" in the menu`);
    (find()!.click as () => void)();
  };
  return { tray, menu, pick };
}

it("says in the tray too when the settings and the month's purge counts cannot be saved, with no window open, until they are", async () => {
  const { mock, profile } = await launchMainProcess(['--hidden']);
  // Purged without asking the CDN first.
  fs.writeFileSync(path.join(profile, 'settings.json'), JSON.stringify({ verifyFreshness: false }));
  mock.app.becomeReady();
  const { tray, menu, pick } = await trayOf(mock);
  const purgeFromClipboard = async (path: string) => {
    mock.clipboardText = `https://ik.imagekit.io/acme/${path}`;
    await pick('Purge URL from clipboard');
    await until(() => menu().some((label) => label.includes(path)), 'the purge tracked');
  };
  const settingsFile = path.join(profile, 'settings.json');
  const ledgerFile = path.join(profile, 'purge-ledger.json');
  // Each line as the tray bounds it: a long path is cut in its middle, the file name and the
  // error code kept.
  const unsaved = [
    ['⚠ The settings could not be saved to ', `${path.basename(settingsFile)} (E`],
    ["⚠ This month's purge counts could not be saved to ", `${path.basename(ledgerFile)} (E`],
  ];
  const said = () =>
    unsaved.filter(([start, file]) =>
      menu().some((label) => label.startsWith(start!) && label.includes(file!)),
    );

  const mount = unmountProfile(profile);
  try {
    await pick('Notifications');
    await until(() => said().length === 1, 'the tray says the settings are not saved');
    expect(tray.toolTip).toBe('Purge Watch — no purges pending · cannot save settings');
    await purgeFromClipboard('a.js');
    await until(() => said().length === 2, 'the tray says the purge counts are not saved');
    // Nothing else said it: no window opened.
    expect(mock.windows).toEqual([]);
  } finally {
    mount();
  }

  // The next change and the next purge save what waited; the tray says nothing of it any more.
  await pick('Notifications');
  await purgeFromClipboard('b.js');
  await until(() => said().length === 0, 'the tray no longer says it');
  expect(tray.toolTip).not.toContain('cannot save');
  expect(Object.values(JSON.parse(fs.readFileSync(ledgerFile, 'utf8')).months)).toEqual([
    { environment: 2 },
  ]);
  mock.app.emit('before-quit');
});

/**
 * The app started at a login launch with the profile's folder away (its drive not mounted yet):
 * nothing in it can be opened. `mount` brings it back holding `files`.
 */
async function startWithoutProfile() {
  const started = await launchMainProcess(['--hidden']);
  const { mock, profile } = started;
  const mount = unmountProfile(profile);
  mock.app.becomeReady();
  const { menu, pick } = await trayOf(mock);
  /** Tracks a request ID from the tray: the write opens the list. */
  const trackFromTray = async (requestId: string) => {
    mock.clipboardText = requestId;
    await pick('Track request ID from clipboard');
    await until(() => menu().some((label) => label.includes(requestId)), 'the purge tracked');
  };
  return { ...started, menu, mount, pick, trackFromTray };
}

/** A purges.json an earlier run saved: one purge of the environment's account, still pending. */
function listHolding(requestId: string, submittedAt: number): string {
  const purge = { requestId, account: 'environment', state: 'pending', status: 'Pending' };
  return JSON.stringify({ purges: [{ ...purge, submittedAt, addedAt: submittedAt, checks: 1 }] });
}

describe('a settings file that is not JSON is moved aside, and the notification says where', () => {
  const toldOf = (mock: Mock) =>
    mock.notifications.filter((n) => n.title === 'Settings could not be read').map((n) => n.body);
  const setAside = (profile: string) =>
    fs.readdirSync(profile).filter((name) => name.startsWith('settings.json.corrupt-'));
  const saidWhere = (profile: string, aside: string) =>
    `Purge Watch went back to its default settings. The unreadable file was kept as ${path.join(profile, aside)}.`;

  it('found so at start', async () => {
    const { mock, profile } = await launchMainProcess(['--hidden']);
    fs.writeFileSync(path.join(profile, 'settings.json'), '{"notifications": fal');
    mock.app.becomeReady();
    await until(() => toldOf(mock).length > 0, 'the notification');
    const [aside] = setAside(profile);
    expect(fs.readFileSync(path.join(profile, aside!), 'utf8')).toBe('{"notifications": fal');
    expect(toldOf(mock)).toEqual([saidWhere(profile, aside!)]);
    mock.app.emit('before-quit');
  });

  it('found so when a file that could not be opened at start opens, at a change from the tray', async () => {
    const { mock, profile, mount, pick } = await startWithoutProfile();
    mount({ 'settings.json': '{"notifications": fal' });
    await pick('Notifications');
    await until(() => toldOf(mock).length > 0, 'the notification');
    const [aside] = setAside(profile);
    expect(fs.readFileSync(path.join(profile, aside!), 'utf8')).toBe('{"notifications": fal');
    expect(toldOf(mock)).toEqual([saidWhere(profile, aside!)]);
    // The change is saved in the new file.
    expect(JSON.parse(fs.readFileSync(path.join(profile, 'settings.json'), 'utf8'))).toMatchObject({
      notifications: false,
    });
    mock.app.emit('before-quit');
  });
});

describe('a profile whose drive is mounted after the app started (the list could not be opened then)', () => {
  it('tracks the purges the list holds then beside those tracked meanwhile, and writes over none', async () => {
    const { mock, fake, profile, menu, mount, trackFromTray } = await startWithoutProfile();
    const earlier = fake.addPurge(objectIdAt(Date.now() - 10 * 60_000), {
      completeAfterMs: Infinity,
    });
    mount({ 'purges.json': listHolding(earlier, Date.now() - 10 * 60_000) });
    const now = fake.addPurge(objectIdAt(Date.now() - 60_000), { completeAfterMs: Infinity });
    await trackFromTray(now);
    await until(() => menu().some((l) => l.includes(earlier)), 'the earlier purge listed too');
    mock.app.emit('before-quit');
    const saved = fs.readFileSync(path.join(profile, 'purges.json'), 'utf8');
    expect(saved).toContain(earlier);
    expect(saved).toContain(now);
  });

  it('moves a list that is not JSON aside, and the notification and the window say where', async () => {
    const { mock, fake, profile, mount, trackFromTray } = await startWithoutProfile();
    mount({ 'purges.json': '{"purges": [' });
    await trackFromTray(fake.addPurge(objectIdAt(Date.now() - 60_000)));
    const told = () =>
      mock.notifications.filter((n) => n.title === 'Tracked purges could not be read');
    await until(() => told().length > 0, 'the notification');
    const [aside] = fs
      .readdirSync(profile)
      .filter((name) => name.startsWith('purges.json.corrupt-'));
    expect(fs.readFileSync(path.join(profile, aside!), 'utf8')).toBe('{"purges": [');
    // Not "started a new list": the purge tracked meanwhile is kept, and saved in the new one.
    expect(told()[0]!.body).toBe(
      `Purge Watch saves the purges it tracks in a new list. The unreadable file was kept as ${path.join(profile, aside!)}.`,
    );
    // The window, opened later, has the banner a list found so at start has (found late).
    mock.app.emit('second-instance', {}, ['/opt/pw'], '/', { argv: ['/opt/pw'] });
    await until(() => mock.windows.length === 1, 'the window');
    const { status } = (await windowInvoker(mock)('getSnapshot')) as { status: WindowStatus };
    expect(status.recoveredStore).toEqual({
      movedTo: path.join(profile, aside!),
      reason: expect.any(String),
      foundLate: true,
    });
    mock.app.emit('before-quit');
  });
});

describe('a file of the profile that is there but cannot be read at start (EACCES)', () => {
  it('the list of purges: the window and the tray say so; once it can be read, a save reads it, its purges are tracked, and a notification says so', async () => {
    const { mock, fake, profile } = await launchMainProcess([]);
    const file = path.join(profile, 'purges.json');
    const earlier = fake.addPurge(objectIdAt(Date.now() - 10 * 60_000), {
      completeAfterMs: Infinity,
    });
    const saved = listHolding(earlier, Date.now() - 10 * 60_000);
    fs.writeFileSync(file, saved, { mode: 0o600 });
    const refusal = unreadableFile(file);
    const invoke = await openedWindow(mock);
    const { tray, menu, pick } = await trayOf(mock);
    const status = async () => ((await invoke('getSnapshot')) as { status: WindowStatus }).status;
    const problem = `Could not save tracked purges to ${file}: it could not be read (EACCES) and is left as it is until it can be read.`;
    expect((await status()).storageProblem).toMatch(problem);
    await until(
      () => menu().some((l) => l.startsWith('⚠ Could not save tracked purges')),
      'the tray says so',
    );
    expect(tray.toolTip).toContain('cannot save the list');

    // Tracked meanwhile, in memory: the file is not written over.
    const now = fake.addPurge(objectIdAt(Date.now() - 60_000), { completeAfterMs: Infinity });
    mock.clipboardText = now;
    await pick('Track request ID from clipboard');
    await until(() => menu().some((label) => label.includes(now)), 'the purge tracked');
    expect(refusal.content()).toBe(saved);
    expect(menu().some((label) => label.includes(earlier))).toBe(false);

    // Its mode put right, the next save reads it.
    refusal.readable();
    await invoke('addFromText', { text: fake.addPurge(objectIdAt(Date.now() - 30_000)) });
    await until(() => menu().some((l) => l.includes(earlier)), 'the earlier purge listed too');
    const told = () =>
      mock.notifications.filter((n) => n.title === 'Tracked purges can be read again');
    await until(() => told().length > 0, 'the notification');
    expect(told().map((n) => n.body)).toEqual([
      `Purge Watch read ${file}: the purges saved in it are tracked again, beside those tracked meanwhile.`,
    ]);
    expect((await status()).storageProblem).toBeUndefined();
    expect(menu().some((l) => l.startsWith('⚠ Could not save'))).toBe(false);
    const written = fs.readFileSync(file, 'utf8');
    expect(written).toContain(earlier);
    expect(written).toContain(now);
    mock.app.emit('before-quit');
  });

  it('the purge durations: the window says so, and they are read again on their own, without waiting for a completion', async () => {
    const { mock, profile } = await launchMainProcess([]);
    const file = path.join(profile, 'durations.json');
    const took = [60, 70, 80, 90, 100].map((seconds, n) => ({
      submittedAt: Date.now() - (n + 1) * 3_600_000,
      durationMs: seconds * 1_000,
      submittedHere: true,
    }));
    fs.writeFileSync(file, JSON.stringify({ accounts: { environment: took } }), { mode: 0o600 });
    const refusal = unreadableFile(file);
    const invoke = await openedWindow(mock);
    const snapshot = async () =>
      (await invoke('getSnapshot')) as { status: WindowStatus; durations?: { medianMs: number } };
    expect((await snapshot()).status).toMatchObject({
      historyProblem: `The purge durations could not be read from ${file} (EACCES). They are read again once they can be.`,
      historyUnread: true,
    });
    expect((await snapshot()).durations).toBeUndefined();

    refusal.readable();
    await until(async () => (await snapshot()).status.historyProblem === undefined, 'read again');
    expect((await snapshot()).durations?.medianMs).toBe(80_000);
    mock.app.emit('before-quit');
  });
});
