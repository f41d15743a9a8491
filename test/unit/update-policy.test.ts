// Auto-update's decisions as data (src/main/update/update-policy.ts): which installations update
// themselves, which are told where to download, which never look; when to look; what each of
// electron-updater's events leaves the user with; the release page a manual update opens; and
// the tray's item for each state (tray-menu-update.ts).
import { describe, expect, it } from 'vitest';
import type {
  InstallFacts,
  UpdateEvent,
  UpdateRoute,
  UpdateState,
} from '../../src/main/update/update-policy';
import {
  CHECK_INTERVAL_MS,
  FAILING_NOTICE_MS,
  feedOnLoopbackHttp,
  feedVersion,
  FIRST_CHECK_DELAY_MS,
  IDLE,
  MAX_VERSION_CHARS,
  nextCheckAt,
  nextUpdateState,
  releasePage,
  updateRoute,
} from '../../src/main/update/update-policy';
import { updateItems } from '../../src/main/tray/tray-menu-update';

const packaged = (facts: Partial<InstallFacts>): InstallFacts => ({
  platform: 'linux',
  packaged: true,
  devFeed: false,
  ...facts,
});

describe('which way an installation updates', () => {
  it.each<[string, Partial<InstallFacts>, UpdateRoute]>([
    ['the Windows installer', { platform: 'win32' }, { kind: 'self', updater: 'nsis' }],
    ['a signed macOS build', { platform: 'darwin' }, { kind: 'self', updater: 'mac' }],
    [
      'an unsigned macOS build (Squirrel.Mac installs only signed updates)',
      { platform: 'darwin', updatesMarked: 'manual' },
      { kind: 'manual', updater: 'mac', why: 'this build is not signed' },
    ],
    [
      'an AppImage',
      { appImage: '/home/u/Apps/pw.AppImage' },
      { kind: 'self', updater: 'appimage' },
    ],
    [
      'a deb (installing one needs root: apt, by the user)',
      { packageType: 'deb' },
      { kind: 'manual', updater: 'deb', why: 'installed from the .deb' },
    ],
    [
      'another Linux package',
      { packageType: 'rpm' },
      { kind: 'none', why: 'neither an AppImage nor a deb' },
    ],
    [
      'a run from sources',
      { packaged: false, platform: 'win32' },
      { kind: 'none', why: 'run from sources: update with git pull' },
    ],
  ])('%s', (_name, facts, route) => {
    expect(updateRoute(packaged(facts))).toEqual(route);
  });

  it('from sources, a development feed (dev-app-update.yml) makes it look as packaged', () => {
    expect(updateRoute(packaged({ packaged: false, devFeed: true, appImage: '/tmp/a' }))).toEqual({
      kind: 'self',
      updater: 'appimage',
    });
  });
});

describe('when to look for an update', () => {
  const self: UpdateRoute = { kind: 'self', updater: 'nsis' };
  const start = 1_000_000;

  it('a little after start, then every 6 hours after the last look', () => {
    expect(
      nextCheckAt({ route: self, checksOn: true, startedAt: start, lastCheckAt: undefined }),
    ).toBe(start + FIRST_CHECK_DELAY_MS);
    expect(CHECK_INTERVAL_MS).toBe(6 * 60 * 60_000);
    const last = start + 123_456;
    expect(nextCheckAt({ route: self, checksOn: true, startedAt: start, lastCheckAt: last })).toBe(
      last + CHECK_INTERVAL_MS,
    );
  });

  it('never when the setting is off, or where the installation does not update', () => {
    expect(
      nextCheckAt({ route: self, checksOn: false, startedAt: start, lastCheckAt: undefined }),
    ).toBeUndefined();
    expect(
      nextCheckAt({
        route: { kind: 'none', why: 'x' },
        checksOn: true,
        startedAt: start,
        lastCheckAt: undefined,
      }),
    ).toBeUndefined();
  });
});

describe("what electron-updater's events leave the user with", () => {
  const self: UpdateRoute = { kind: 'self', updater: 'appimage' };
  const manual: UpdateRoute = { kind: 'manual', updater: 'deb', why: 'installed from the .deb' };
  const play = (route: UpdateRoute, events: UpdateEvent[], from: UpdateState = IDLE) =>
    events.reduce((state, event) => nextUpdateState(state, event, route), from);

  it('self-updating: checking, downloading, then downloaded (installed only on the click)', () => {
    expect(play(self, [{ type: 'checking' }])).toEqual({ phase: 'checking' });
    expect(play(self, [{ type: 'checking' }, { type: 'available', version: '1.2.0' }])).toEqual({
      phase: 'downloading',
      version: '1.2.0',
    });
    expect(
      play(self, [
        { type: 'checking' },
        { type: 'available', version: '1.2.0' },
        { type: 'downloaded', version: '1.2.0' },
      ]),
    ).toEqual({ phase: 'downloaded', version: '1.2.0' });
    expect(play(self, [{ type: 'checking' }, { type: 'not-available' }])).toEqual(IDLE);
    expect(play(self, [{ type: 'checking' }, { type: 'error', message: 'offline' }])).toEqual({
      phase: 'failed',
      error: 'offline',
    });
  });

  it('manual: a newer version is announced, never downloaded', () => {
    expect(play(manual, [{ type: 'checking' }, { type: 'available', version: '1.2.0' }])).toEqual({
      phase: 'available',
      version: '1.2.0',
    });
  });

  it('a later look that fails or finds nothing newer keeps what the user can act on', () => {
    const downloaded: UpdateState = { phase: 'downloaded', version: '1.2.0' };
    for (const event of [
      { type: 'checking' },
      { type: 'not-available' },
      { type: 'error', message: 'offline' },
      { type: 'available', version: '1.2.0' },
    ] as UpdateEvent[]) {
      expect(nextUpdateState(downloaded, event, self), event.type).toEqual(downloaded);
    }
    const available: UpdateState = { phase: 'available', version: '1.2.0' };
    expect(
      play(manual, [{ type: 'checking' }, { type: 'error', message: 'x' }], available),
    ).toEqual(available);
    // A newer one replaces it.
    expect(play(manual, [{ type: 'available', version: '1.3.0' }], available)).toEqual({
      phase: 'available',
      version: '1.3.0',
    });
    expect(play(self, [{ type: 'downloaded', version: '1.3.0' }], downloaded)).toEqual({
      phase: 'downloaded',
      version: '1.3.0',
    });
  });
});

describe("the feed's version, as it is shown", () => {
  it.each<[string, unknown, string | undefined]>([
    ['a release', '1.2.0', '1.2.0'],
    [
      'a pre-release with build metadata',
      '2.0.0-beta.4+exp.sha.5114f85',
      '2.0.0-beta.4+exp.sha.5114f85',
    ],
    ['a leading v (semver accepts it)', 'v1.2.0', '1.2.0'],
    ['wrapped in line and paragraph separators', '\u2028\u20291.2.0\u2028', '1.2.0'],
    ['wrapped in tabs, newlines, a BOM and a zero-width space', '\t\ufeff1.2.0\u200b\r\n', '1.2.0'],
    ['with an escape sequence', '\u001b[2J1.2.0', undefined],
    ['with a bidi override inside', '1.2.0-\u202eevil', '1.2.0-evil'],
    ['with a space inside', '1.2.0 is out', undefined],
    ['not a version', 'nine', undefined],
    ['not a string', 9, undefined],
    [
      'at the longest',
      `1.2.0+${'x'.repeat(MAX_VERSION_CHARS - 6)}`,
      `1.2.0+${'x'.repeat(MAX_VERSION_CHARS - 6)}`,
    ],
    ['longer than a menu shows', `1.2.0+${'x'.repeat(MAX_VERSION_CHARS - 5)}`, undefined],
  ])('%s', (_what, raw, shown) => {
    expect(feedVersion(raw)).toBe(shown);
  });

  it('refused: nothing stays offered, not even a downloaded update (electron-updater now holds the refused one)', () => {
    const self: UpdateRoute = { kind: 'self', updater: 'appimage' };
    const refused: UpdateEvent = { type: 'refused', message: 'not a version' };
    for (const state of [
      IDLE,
      { phase: 'checking' },
      { phase: 'downloaded', version: '1.2.0' },
      { phase: 'available', version: '1.2.0' },
    ] as UpdateState[]) {
      expect(nextUpdateState(state, refused, self), state.phase).toEqual({
        phase: 'failed',
        error: 'not a version',
      });
    }
  });
});

describe('the release page a manual update opens', () => {
  it("is the version's GitHub release, from app-update.yml", () => {
    const config =
      'owner: acme\nrepo: purge-watch\nprovider: github\nupdaterCacheDirName: purge-watch-updater\n';
    expect(releasePage(config, '1.2.0')).toBe(
      'https://github.com/acme/purge-watch/releases/tag/v1.2.0',
    );
  });

  it("is a generic feed's URL, and nothing for what is neither", () => {
    expect(releasePage('provider: generic\nurl: https://updates.example.com/pw/\n', '1.2.0')).toBe(
      'https://updates.example.com/pw/',
    );
    expect(releasePage('provider: generic\nurl: file:///etc/passwd\n', '1.2.0')).toBeUndefined();
    expect(releasePage('provider: github\nowner: a/../b\nrepo: x\n', '1.2.0')).toBeUndefined();
    expect(releasePage('', '1.2.0')).toBeUndefined();
  });
});

describe('a development feed on this machine (the only one that may use plain http)', () => {
  it.each<[string, boolean]>([
    ['provider: generic\nurl: http://127.0.0.1:8080/\n', true],
    ["provider: generic\nurl: 'http://localhost:8080/'\n", true],
    ['provider: generic\nurl: https://updates.example.com/\n', false],
    ['provider: generic\nurl: http://updates.example.com/\n', false],
    ['provider: github\nowner: acme\nrepo: pw\nurl: http://127.0.0.1/\n', false],
    ['', false],
  ])('%j', (config, loopback) => {
    expect(feedOnLoopbackHttp(config)).toBe(loopback);
  });
});

describe("the tray's update item", () => {
  const now = 1_000_000_000;

  it('"Restart to update to X.Y.Z" once downloaded; it installs', () => {
    expect(updateItems({ state: { phase: 'downloaded', version: '1.2.0' } }, now)).toEqual([
      {
        type: 'normal',
        label: 'Restart to update to 1.2.0',
        enabled: true,
        action: { type: 'install-update' },
      },
    ]);
  });

  it('where the app cannot update itself, says a version is out and opens its release page', () => {
    const page = 'https://github.com/acme/purge-watch/releases/tag/v1.2.0';
    expect(
      updateItems({ state: { phase: 'available', version: '1.2.0' }, releasePage: page }, now),
    ).toEqual([
      {
        type: 'normal',
        label: 'Purge Watch 1.2.0 is out: download it…',
        enabled: true,
        action: { type: 'open-url', url: page },
      },
    ]);
  });

  it('nothing while looking, downloading, after failures for less than a day, or where updates are off', () => {
    for (const state of [
      IDLE,
      { phase: 'checking' },
      { phase: 'downloading', version: '1.2.0' },
      { phase: 'failed', error: 'offline' },
      { phase: 'available', version: '1.2.0' }, // no page known: nothing to offer
    ] as UpdateState[]) {
      expect(updateItems({ state, failingSince: now - FAILING_NOTICE_MS + 1 }, now)).toEqual([]);
    }
    expect(updateItems(undefined, now)).toEqual([]);
  });

  it('every look failed for a day or more: says so, and opens the log that says why', () => {
    const failed: UpdateState = { phase: 'failed', error: 'net::ERR_NAME_NOT_RESOLVED' };
    const item = (days: string) => [
      {
        type: 'normal',
        label: `Updates have failed for ${days}: open the log…`,
        enabled: true,
        action: { type: 'open-log-folder' },
      },
    ];
    expect(updateItems({ state: failed, failingSince: now - FAILING_NOTICE_MS }, now)).toEqual(
      item('1 day'),
    );
    expect(
      updateItems({ state: failed, failingSince: now - 3.5 * FAILING_NOTICE_MS }, now),
    ).toEqual(item('3 days'));
    // Checks off (no failingSince): nothing, however old the failure.
    expect(updateItems({ state: failed }, now)).toEqual([]);
  });
});
