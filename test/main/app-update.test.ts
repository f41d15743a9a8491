// Auto-update's wiring (src/main/update/app-update.ts) against a local update feed: the real
// electron-updater, on the electron stand-in (its app, session and net.request over real HTTP),
// reads latest-linux.yml from a server on 127.0.0.1 that dev-app-update.yml names, downloads the
// update and checks its SHA-512. Only what Electron's absence forces is stood in. Time is
// virtual: a look a little after start and every 6 hours.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mock } from '../mocks/electron';
import { AppUpdate } from '../../src/main/update/app-update';
import { updateItems } from '../../src/main/tray/tray-menu-update';
import {
  CHECK_INTERVAL_MS,
  FAILING_NOTICE_MS,
  FIRST_CHECK_DELAY_MS,
  MAX_VERSION_CHARS,
} from '../../src/main/update/update-policy';
import { UPDATER_LIMITS } from '../../src/main/update/updater-requests';
import type { UpdateFeed } from '../support/update-feed';
import { serveUpdateFeed } from '../support/update-feed';
import { until } from '../support/until';
import { VirtualClock } from '../support/virtual-clock';

const VERSION = '9.9.9';
const saved = { env: { ...process.env }, resourcesPath: resourcesPath() };
let dir: string;
let feed: UpdateFeed;
let clock: VirtualClock;
let update: AppUpdate | undefined;
let checksOn: boolean;
let changes: number;
let logged: string[];

function resourcesPath(): string | undefined {
  return (process as { resourcesPath?: string }).resourcesPath;
}
function setResourcesPath(value: string | undefined): void {
  Object.defineProperty(process, 'resourcesPath', { value, configurable: true, writable: true });
}

/** The installed AppImage, and the new one: a script that says it started. */
function installedAppImage(): { file: string; started: string } {
  const file = path.join(dir, 'Applications', 'Purge-Watch.AppImage');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'the installed version', { mode: 0o755 });
  return { file, started: path.join(dir, 'new-version-started') };
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-update-'));
  mock.reset({ ready: true, platform: 'linux' });
  // The app run from sources, with a development feed beside it; its profile and caches here.
  mock.app.appPath = path.join(dir, 'app');
  fs.mkdirSync(mock.app.appPath);
  mock.app.setPath('userData', path.join(dir, 'userData'));
  process.env.XDG_CACHE_HOME = path.join(dir, 'cache');
  delete process.env.APPIMAGE;
  const started = path.join(dir, 'new-version-started');
  feed = await serveUpdateFeed({
    version: VERSION,
    file: `purge-watch-${VERSION}-linux-x86_64.AppImage`,
    content: `#!/bin/sh\necho started > '${started}'\n`,
  });
  fs.writeFileSync(path.join(mock.app.appPath, 'dev-app-update.yml'), feed.devFeedConfig());
  clock = new VirtualClock();
  checksOn = true;
  changes = 0;
  logged = [];
});

afterEach(async () => {
  update?.dispose();
  update = undefined;
  await feed.close();
  process.env = { ...saved.env };
  setResourcesPath(saved.resourcesPath);
  // A look still writing into the cache (under load) makes a removal meet a folder refilled.
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

function start(limits = UPDATER_LIMITS): AppUpdate {
  update = new AppUpdate({
    clock,
    checksOn: () => checksOn,
    onChange: () => changes++,
    log: (message) => logged.push(message),
    limits,
  });
  return update;
}

/** The app installed from the .deb (resources/package-type says so). */
function installedAsDeb(): void {
  const resources = path.join(dir, 'resources');
  fs.mkdirSync(resources);
  fs.writeFileSync(path.join(resources, 'package-type'), 'deb');
  setResourcesPath(resources);
}

/**
 * The installed AppImage (and the file the new version writes when it starts), the app started,
 * and its first look under way.
 */
async function firstLook(limits = UPDATER_LIMITS) {
  const { file: appImage, started } = installedAppImage();
  process.env.APPIMAGE = appImage;
  const app = start(limits);
  await clock.advance(FIRST_CHECK_DELAY_MS);
  return { app, appImage, started };
}

/** As `firstLook`, once the app has downloaded the update. */
async function downloaded() {
  const look = await firstLook();
  await until(() => look.app.view?.state.phase === 'downloaded', 'the update to download');
  return look;
}

describe('an AppImage (updates itself)', () => {
  it('looks after start, downloads, and offers "Restart to update"; installs only on the click', async () => {
    const appImage = installedAppImage();
    process.env.APPIMAGE = appImage.file;
    const app = start();
    expect(app.route).toEqual({ kind: 'self', updater: 'appimage' });
    expect(app.view).toEqual({ state: { phase: 'idle' } });

    await clock.advance(FIRST_CHECK_DELAY_MS - 1);
    expect(feed.checks()).toBe(0);
    await clock.advance(1);
    await until(() => app.view?.state.phase === 'downloaded', 'the update to download');
    expect(app.view).toEqual({ state: { phase: 'downloaded', version: VERSION } });
    expect(feed.downloads()).toBe(1);
    expect(changes).toBeGreaterThan(0);
    // Through Electron's net (its own session), not Node's fetch.
    expect(mock.netRequests.map((r) => r.url)).toContain(`${feed.url}${feed.file}`);

    // Quitting without the click installs nothing.
    mock.app.emit('quit', {}, 0);
    expect(fs.readFileSync(appImage.file, 'utf8')).toBe('the installed version');

    app.install();
    expect(fs.readFileSync(appImage.file, 'utf8')).toContain('#!/bin/sh');
    await until(() => fs.existsSync(appImage.started), 'the new version to start');
    await until(() => mock.app.quitCalls === 1, 'the app to quit');
  });

  it('an update that cannot be installed (the AppImage moved away meanwhile): the click says why, and nothing quits', async () => {
    const { app, appImage, started } = await downloaded();
    fs.rmSync(appImage);
    // The tray tells a thrown error in a notification (tray-actions.ts).
    expect(() => app.install()).toThrow(
      new RegExp(`^Purge Watch ${VERSION} could not be installed: ENOENT`),
    );
    expect(logged).toContainEqual(expect.stringMatching(/could not be installed: ENOENT/));
    expect(mock.app.quitCalls).toBe(0);
    // Still offered: once the AppImage is back, the click installs it.
    expect(app.view?.state).toEqual({ phase: 'downloaded', version: VERSION });
    fs.writeFileSync(appImage, 'the installed version', { mode: 0o755 });
    app.install();
    await until(() => fs.existsSync(started), 'the new version to start');
    await until(() => mock.app.quitCalls === 1, 'the app to quit');
  });

  it('a download removed before the click (its cache cleaned): the installed AppImage is kept, and the update downloaded again', async () => {
    const { app, appImage, started } = await downloaded();
    const pending = path.join(dir, 'cache', 'purge-watch-updater', 'pending');
    fs.rmSync(path.join(pending, feed.file));
    expect(() => app.install()).toThrow(
      new RegExp(`^Purge Watch ${VERSION} could not be installed: the downloaded file is gone`),
    );
    expect(fs.readFileSync(appImage, 'utf8')).toBe('the installed version');
    expect(mock.app.quitCalls).toBe(0);
    await until(() => feed.downloads() === 2, 'the update to be downloaded again');
    await until(() => app.view?.state.phase === 'downloaded', 'the update offered again');
    app.install();
    await until(() => fs.existsSync(started), 'the new version to start');
  });

  it('a feed naming its file with a line break and a bidi override: the notice that its download is gone shows neither', async () => {
    // electron-updater names the download after the feed's URL, percent-decoded.
    await feed.close();
    feed = await serveUpdateFeed({
      version: VERSION,
      file: `purge-watch-${VERSION}%0AInstalled%20fine%E2%80%AEgpj.AppImage`,
      content: '#!/bin/sh\n',
    });
    fs.writeFileSync(path.join(mock.app.appPath, 'dev-app-update.yml'), feed.devFeedConfig());
    const { app } = await downloaded();
    const pending = path.join(dir, 'cache', 'purge-watch-updater', 'pending');
    fs.rmSync(path.join(pending, decodeURIComponent(feed.file)));
    // The tray tells a thrown error in a notification (tray-actions.ts).
    expect(() => app.install()).toThrow(
      /^Purge Watch 9\.9\.9 could not be installed: the downloaded file is gone \(.*9\.9\.9 Installed fine gpj\.AppImage\); downloading it again$/,
    );
  });

  it('looks again every 6 hours', async () => {
    process.env.APPIMAGE = installedAppImage().file;
    start();
    await clock.advance(FIRST_CHECK_DELAY_MS);
    await until(() => feed.downloads() === 1, 'the first look and download');
    const checks = feed.checks();
    await clock.advance(CHECK_INTERVAL_MS);
    await until(() => feed.checks() > checks, 'a look 6 hours later');
  });

  it('never looks while "Look for new versions" is off; looks once it is turned on', async () => {
    process.env.APPIMAGE = installedAppImage().file;
    checksOn = false;
    const app = start();
    await clock.advance(24 * 60 * 60_000);
    expect(clock.pendingTimers).toBe(0);
    expect(feed.requests).toEqual([]);
    checksOn = true;
    app.settingsChanged();
    await clock.advance(FIRST_CHECK_DELAY_MS);
    await until(() => feed.checks() > 0, 'a look once turned on');
    // The look goes on to download into this test's folder: done before the folder is removed.
    await until(() => app.view?.state.phase === 'downloaded', 'the download that follows');
  });

  it('says nothing and keeps looking when the feed cannot be reached', async () => {
    process.env.APPIMAGE = installedAppImage().file;
    const app = start();
    await feed.close();
    await clock.advance(FIRST_CHECK_DELAY_MS);
    await until(() => app.view?.state.phase === 'failed', 'the failed look');
    expect(clock.pendingTimers).toBe(1); // the next look, 6 hours on
  });
});

describe('looks that keep failing (an AppImage)', () => {
  it('for a day: the tray says so and opens the log, until a look works', async () => {
    process.env.APPIMAGE = installedAppImage().file;
    feed.answerChannel({ kind: 'text', text: 'version: [9.9.9\nfiles: {' });
    const app = start();
    const failedLook = async (look: number) => {
      await clock.advance(look === 1 ? FIRST_CHECK_DELAY_MS : CHECK_INTERVAL_MS);
      // 'checking' comes before the request: failed again once the feed has it is this look's.
      await until(
        () => feed.checks() === look && app.view?.state.phase === 'failed',
        `look ${look} to fail`,
      );
    };
    await failedLook(1);
    const firstFailedAt = clock.now();
    expect(app.view?.failingSince).toBe(firstFailedAt);
    for (const look of [2, 3, 4]) {
      await failedLook(look);
      expect(updateItems(app.view, clock.now()), `after look ${look}`).toEqual([]);
    }
    await failedLook(5);
    expect(clock.now() - firstFailedAt).toBe(FAILING_NOTICE_MS);
    expect(updateItems(app.view, clock.now())).toMatchObject([
      {
        label: 'Updates have failed for 1 day: open the log…',
        action: { type: 'open-log-folder' },
      },
    ]);
    // "Look for new versions" turned off: nothing said.
    checksOn = false;
    expect(updateItems(app.view, clock.now())).toEqual([]);
    checksOn = true;
    app.settingsChanged();
    // The next look works: the notice goes.
    feed.answerChannel({ kind: 'channel' });
    await clock.advance(CHECK_INTERVAL_MS);
    await until(() => app.view?.state.phase === 'downloaded', 'the next look to find the update');
    expect(app.view?.failingSince).toBeUndefined();
  });
});

describe('a feed that stalls or lies (an AppImage)', () => {
  it('a feed that takes the request and never answers: the look fails after a minute, and the next one asks again', async () => {
    feed.answerChannel({ kind: 'silent' });
    const { app } = await firstLook();
    await until(() => feed.checks() === 1, 'the look to reach the feed');
    await clock.advance(UPDATER_LIMITS.idleMs);
    await until(() => app.view?.state.phase === 'failed', 'the look to give up');
    await until(() => feed.open === 0, 'the request to be ended');
    feed.answerChannel({ kind: 'channel' });
    // To the next look, 6 hours after the first began (and not a minute past it).
    await clock.advance(CHECK_INTERVAL_MS - UPDATER_LIMITS.idleMs);
    await until(() => app.view?.state.phase === 'downloaded', 'the next look to find the update');
  });

  it('a feed of 64 MB: read no further than 1 MB, the look fails, and nothing is downloaded', async () => {
    feed.answerChannel({ kind: 'huge' });
    const { app } = await firstLook();
    await until(() => app.view?.state.phase === 'failed', 'the look to give up');
    expect(app.view?.state).toEqual({
      phase: 'failed',
      error: `the update feed is over ${UPDATER_LIMITS.feedBytes} bytes`,
    });
    await until(() => feed.open === 0, 'the request to be ended');
    expect(feed.downloads()).toBe(0);
    expect(clock.pendingTimers).toBe(1); // the next look, 6 hours on
  });

  it('an update file larger than any update: the download stops there, nothing is installed', async () => {
    feed.tamperFile('x'.repeat(4 * 1024 * 1024));
    const { app, appImage } = await firstLook({ ...UPDATER_LIMITS, downloadBytes: 1024 * 1024 });
    await until(() => app.view?.state.phase === 'failed', 'the download to be cut');
    expect(app.view?.state).toEqual({
      phase: 'failed',
      error: `the update file is over ${1024 * 1024} bytes`,
    });
    app.install();
    expect(fs.readFileSync(appImage, 'utf8')).toBe('the installed version');
  });

  it.each([
    ['malformed YAML', 'version: [9.9.9\nfiles: {', 'failed'],
    [
      'a version that is not semver',
      (c: string) => c.replace(/^version: .*$/m, 'version: nine'),
      'failed',
    ],
    ['an older version', (c: string) => c.replace(/^version: .*$/m, 'version: 0.0.1'), 'idle'],
    ['no SHA-512', (c: string) => c.replace(/^ *sha512: .*\n/gm, ''), 'failed'],
  ])('%s: nothing is downloaded or installed', async (_what, text, phase) => {
    feed.answerChannel({
      kind: 'text',
      text: typeof text === 'string' ? text : text(feed.channel),
    });
    const { app, appImage } = await firstLook();
    await until(() => app.view?.state.phase === phase, `the look to end ${phase}`);
    expect(feed.downloads()).toBe(0);
    app.install();
    expect(fs.readFileSync(appImage, 'utf8')).toBe('the installed version');
    expect(clock.pendingTimers).toBe(1);
  });

  it('an update file that is not the one the feed names (its SHA-512): downloaded, never offered or installed', async () => {
    feed.tamperFile('#!/bin/sh\necho tampered\n');
    const { app, appImage } = await firstLook();
    await until(() => app.view?.state.phase === 'failed', 'the download to be refused');
    expect(app.view?.state).toMatchObject({
      error: expect.stringMatching(/sha512 checksum mismatch/),
    });
    expect(feed.downloads()).toBe(1);
    app.install();
    expect(fs.readFileSync(appImage, 'utf8')).toBe('the installed version');
    expect(mock.app.quitCalls).toBe(0);
  });
});

describe('a version the feed sends as it likes (an AppImage)', () => {
  const withVersion = (version: string) =>
    feed.channel.replace(/^version: .*$/m, `version: ${JSON.stringify(version)}`);

  it('wrapped in line separators (semver trims them): offered as the bare version', async () => {
    feed.answerChannel({ kind: 'text', text: withVersion(`\u2028\u2029${VERSION}\u2028`) });
    const { app } = await downloaded();
    expect(app.view?.state).toEqual({ phase: 'downloaded', version: VERSION });
    expect(updateItems(app.view, clock.now())).toMatchObject([
      { label: `Restart to update to ${VERSION}` },
    ]);
  });

  it('longer than a menu shows (semver allows 256 characters): refused, never offered or installed', async () => {
    feed.answerChannel({ kind: 'text', text: withVersion(`${VERSION}+${'x'.repeat(200)}`) });
    const { app, appImage } = await firstLook();
    await until(() => app.view?.state.phase === 'failed', 'the version to be refused');
    // electron-updater downloads it regardless: that too is refused, and nothing is offered.
    await until(() => feed.downloads() === 1, 'the download electron-updater makes');
    await until(
      () => logged.filter((line) => line.startsWith('refused the update')).length === 2,
      'both refusals to be logged',
    );
    expect(app.view?.state).toEqual({
      phase: 'failed',
      error: `the update feed's version is not a version of at most ${MAX_VERSION_CHARS} characters`,
    });
    expect(updateItems(app.view, clock.now())).toEqual([]);
    app.install();
    expect(fs.readFileSync(appImage, 'utf8')).toBe('the installed version');
  });
});

describe('where the update comes from (an AppImage)', () => {
  const requested = (host: string) =>
    mock.netRequests.filter((request) => new URL(request.url).hostname === host);

  it('a feed naming its file on plain http elsewhere: refused before any request, nothing installed', async () => {
    const elsewhere = `http://updates.example/${feed.file}`;
    feed.answerChannel({
      kind: 'text',
      text: feed.channel.replaceAll(`url: ${feed.file}`, `url: ${elsewhere}`),
    });
    const { app, appImage } = await firstLook();
    await until(() => app.view?.state.phase === 'failed', 'the file to be refused');
    expect(app.view?.state).toEqual({
      phase: 'failed',
      error: 'refused the update file at http://updates.example: not https',
    });
    expect(requested('updates.example')).toEqual([]);
    expect(logged).toContainEqual(
      expect.stringContaining('refused the update file at http://updates.example: not https'),
    );
    app.install();
    expect(fs.readFileSync(appImage, 'utf8')).toBe('the installed version');
  });

  it('the file redirected to plain http elsewhere: the redirect is not followed', async () => {
    feed.redirectFile(`http://mirror.example/${feed.file}`);
    const { app } = await firstLook();
    await until(() => app.view?.state.phase === 'failed', 'the redirect to be refused');
    expect(app.view?.state).toEqual({
      phase: 'failed',
      error: "refused the update file's redirect to http://mirror.example: not https",
    });
    expect(feed.downloads()).toBe(1);
    expect(requested('mirror.example')).toEqual([]);
  });

  it('the feed redirected to plain http elsewhere: the redirect is not followed', async () => {
    feed.answerChannel({ kind: 'redirect', location: 'http://mirror.example/latest-linux.yml' });
    const { app } = await firstLook();
    await until(() => app.view?.state.phase === 'failed', 'the redirect to be refused');
    expect(app.view?.state).toEqual({
      phase: 'failed',
      error: "refused the update feed's redirect to http://mirror.example: not https",
    });
    expect(requested('mirror.example')).toEqual([]);
    expect(feed.downloads()).toBe(0);
  });

  it('the file redirected to https on another host (as GitHub does): followed', async () => {
    const assets = `https://release-assets.example/${feed.file}`;
    feed.redirectFile(assets);
    const { app } = await firstLook();
    await until(() => app.view?.state.phase === 'failed', 'the download to end');
    // Asked for; the stand-in resolves no name off this machine.
    expect(requested('release-assets.example').map((request) => request.url)).toEqual([assets]);
    expect(app.view?.state).toMatchObject({ error: expect.stringMatching(/NAME_NOT_RESOLVED/) });
  });
});

describe('a deb (updated by the user, with apt)', () => {
  it('announces the new version with its release page, and downloads nothing', async () => {
    installedAsDeb();
    const app = start();
    expect(app.route).toMatchObject({ kind: 'manual', updater: 'deb' });
    await clock.advance(FIRST_CHECK_DELAY_MS);
    await until(() => app.view?.state.phase === 'available', 'the new version');
    expect(app.view).toEqual({
      state: { phase: 'available', version: VERSION },
      releasePage: feed.url,
    });
    expect(feed.downloads()).toBe(0);
    app.install(); // nothing downloaded: nothing to install
    expect(mock.app.quitCalls).toBe(0);
  });
});

describe('from sources without a development feed', () => {
  it('never looks', async () => {
    fs.rmSync(path.join(mock.app.appPath, 'dev-app-update.yml'));
    const app = start();
    expect(app.route.kind).toBe('none');
    expect(app.view).toBeUndefined();
    await clock.advance(CHECK_INTERVAL_MS);
    expect(feed.requests).toEqual([]);
  });
});

describe("the window's update line (AppUpdate.status, checkNow)", () => {
  const olderOnly = () =>
    feed.answerChannel({
      kind: 'text',
      text: feed.channel.replace(/^version: .*$/m, 'version: 0.0.1'),
    });

  it('"Check now" looks at once, even with looks off; the window hears each change; up to date when nothing is newer', async () => {
    process.env.APPIMAGE = installedAppImage().file;
    olderOnly();
    checksOn = false;
    const app = start();
    expect(app.status).toEqual({ route: 'self', phase: 'idle' });
    app.checkNow();
    await until(() => app.status.route === 'self' && app.status.upToDate === true, 'up to date');
    expect(app.status).toEqual({ route: 'self', phase: 'idle', upToDate: true });
    expect(feed.checks()).toBe(1);
    const told = changes;
    expect(told).toBeGreaterThan(0);
    // A newer version is out: the next "Check now" downloads it, and offers it once downloaded.
    feed.answerChannel({ kind: 'channel' });
    app.checkNow();
    await until(() => app.status.route === 'self' && app.status.phase === 'downloaded', 'it');
    expect(app.status).toEqual({ route: 'self', phase: 'downloaded', version: VERSION });
    expect(changes).toBeGreaterThan(told);
    // Waiting for "Restart to update": another click looks no more.
    app.checkNow();
    await clock.advance(0);
    expect(feed.checks()).toBe(2);
    expect(feed.downloads()).toBe(1);
  });

  it("a day of failed looks: when they began, never the feed's words", async () => {
    process.env.APPIMAGE = installedAppImage().file;
    feed.tamperFile('#!/bin/sh\necho tampered\n');
    const app = start();
    await clock.advance(FIRST_CHECK_DELAY_MS);
    await until(() => app.status.route === 'self' && app.status.phase === 'failed', 'refused');
    expect(app.status).toEqual({ route: 'self', phase: 'failed', failingSince: clock.now() });
    expect(JSON.stringify(app.status)).not.toMatch(/sha512|checksum|tampered/);
    // "Look for new versions" off: a day of failed looks is not said.
    checksOn = false;
    expect(app.status).toEqual({ route: 'self', phase: 'failed' });
  });

  it('a deb: the version out, its release page and why the user installs it', async () => {
    installedAsDeb();
    const app = start();
    await clock.advance(FIRST_CHECK_DELAY_MS);
    await until(() => app.view?.state.phase === 'available', 'the new version');
    expect(app.status).toEqual({
      route: 'manual',
      why: 'installed from the .deb',
      phase: 'available',
      version: VERSION,
      releasePage: feed.url,
    });
  });

  it('from sources without a development feed: says why it never looks, and "Check now" says so too', () => {
    fs.rmSync(path.join(mock.app.appPath, 'dev-app-update.yml'));
    const app = start();
    expect(app.status).toEqual({ route: 'none', why: 'run from sources: update with git pull' });
    expect(() => app.checkNow()).toThrow(
      'Purge Watch does not update itself here (run from sources: update with git pull).',
    );
    expect(feed.requests).toEqual([]);
  });
});
