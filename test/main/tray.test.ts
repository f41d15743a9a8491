// The tray through Electron (mocked): icons, the menu set after every change, clicks, and
// what the menu's actions do to the engine.
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { mock, shownLabel } from '../mocks/electron';
import type { MockMenu } from '../mocks/electron';
import { LINUX_REFRESH_MS, LINUX_SYSTEM_ASK_MS, TrayController } from '../../src/main/tray/tray';
import { createTrayDispatcher, SNOOZE_MS } from '../../src/main/tray/tray-actions';
import type { Notice } from '../../src/main/notifications/notification-policy';
import type { TrayState } from '../../src/main/tray/tray-menu';
import { engine, SEEDED, seededPurges } from './fixtures';
import { VirtualClock } from '../support/virtual-clock';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';

const ID = '5f2b6c1e9a8d7c6b5a4f3e2d';
const ICONS = '/app/build/tray';

beforeEach(() => mock.reset({ ready: true }));

function labelsOf(menu: MockMenu | null): string[] {
  return (menu?.template ?? []).map((item) => String(item.label ?? '---'));
}

function controller(
  platform: NodeJS.Platform,
  base: Partial<Omit<TrayState, 'clipboard' | 'now' | 'platform'>> = {},
  clipboardInReach?: boolean,
  beforeOpen?: () => void,
) {
  mock.usePlatform(platform); // Electron's Tray emits that platform's events only
  const clock = new VirtualClock();
  const actions: unknown[] = [];
  let clicks = 0;
  const current = {
    purges: [],
    status: { pausedFor: [] },
    settings: { ...DEFAULT_SETTINGS, notifications: true, snoozedUntil: 0, launchAtLogin: false },
    keySource: 'keychain' as const,
    ...base,
  };
  const tray = new TrayController({
    state: () => current,
    dispatch: (action) => actions.push(action),
    onClick: () => clicks++,
    iconDirectories: [ICONS],
    clock,
    platform,
    ...(clipboardInReach === undefined ? {} : { clipboardInReach }),
    ...(beforeOpen ? { beforeOpen } : {}),
  });
  return { tray, clock, actions, current, clicks: () => clicks, electronTray: mock.trays[0]! };
}

describe('TrayController', () => {
  it('starts without icon files (an empty image), and never with an empty macOS menu bar item', async () => {
    const { electronTray, tray } = controller('darwin');
    await tray.refresh();
    expect(electronTray.image.isEmpty()).toBe(true);
    expect(electronTray.title).toBe('PW');
    expect(electronTray.contextMenu).not.toBeNull();
  });

  it('uses the state’s icon from build/tray: template images on macOS', async () => {
    mock.existingImages.add(path.join(ICONS, 'idleTemplate.png'));
    mock.existingImages.add(path.join(ICONS, 'pendingTemplate.png'));
    const { electronTray, tray, current } = controller('darwin');
    await tray.refresh();
    expect(electronTray.image.path).toBe(path.join(ICONS, 'idleTemplate.png'));
    expect(electronTray.image.template).toBe(true);
    expect(electronTray.title).toBe('');
    Object.assign(current, { purges: seededPurges().slice(0, 1) });
    await tray.refresh();
    expect(electronTray.image.path).toBe(path.join(ICONS, 'pendingTemplate.png'));
    expect(electronTray.title).toBe('1');
    expect(electronTray.toolTip).toBe('Purge Watch — 1 purge pending');
  });

  it('uses plain PNGs (with @2x) on Linux, and the attention icon when something needs the user', async () => {
    mock.existingImages.add(path.join(ICONS, 'attention.png'));
    mock.existingImages.add(path.join(ICONS, 'attention@2x.png'));
    const { electronTray, tray, current } = controller('linux');
    Object.assign(current, { keySource: 'none', purges: seededPurges() });
    await tray.refresh();
    expect(electronTray.image.path).toBe(path.join(ICONS, 'attention.png'));
    expect(electronTray.image.getScaleFactors()).toEqual([1, 2]);
    tray.destroy();
  });

  it('uses the .ico on Windows: an image drawn for each display scaling', async () => {
    mock.reset({ ready: true, platform: 'win32' });
    mock.existingImages.add(path.join(ICONS, 'idle.ico'));
    const { electronTray, tray } = controller('win32');
    await tray.refresh();
    expect(electronTray.image.path).toBe(path.join(ICONS, 'idle.ico'));
  });

  it('sets the menu again after every change, and not when nothing changed', async () => {
    const { electronTray, tray, current } = controller('linux');
    await tray.refresh();
    const sets = electronTray.contextMenuSets;
    await tray.refresh();
    expect(electronTray.contextMenuSets).toBe(sets);
    Object.assign(current, { purges: seededPurges() });
    await tray.refresh();
    expect(electronTray.contextMenuSets).toBe(sets + 1);
    expect(labelsOf(electronTray.contextMenu)).toContain('Check all now');
    await tray.refresh(true);
    expect(electronTray.contextMenuSets).toBe(sets + 2);
    tray.destroy();
  });

  it('on Linux, picks up a new clipboard without any event', async () => {
    const { electronTray, clock, tray } = controller('linux');
    await clock.advance(0);
    expect(labelsOf(electronTray.contextMenu)[0]).toContain('no request ID in the clipboard');
    mock.clipboardText = ID;
    await clock.advance(LINUX_REFRESH_MS);
    expect(labelsOf(electronTray.contextMenu)[0]).toBe('Track request ID from clipboard');
    tray.destroy();
    expect(clock.pendingTimers).toBe(0);
  });

  it('on Linux, a launch at login turned off in the desktop’s settings shows in the menu within 30 s, the window never opened', async () => {
    let asked = 0;
    const systemSays = { on: true };
    const settings = { ...DEFAULT_SETTINGS, launchAtLogin: true };
    const { electronTray, clock, tray, current } = controller('linux', { settings }, true, () => {
      asked++;
      current.settings = { ...current.settings, launchAtLogin: systemSays.on };
    });
    const loginItem = () =>
      electronTray.contextMenu!.template.find((item) => String(item.label) === 'Launch at login');
    await clock.advance(0);
    expect(loginItem()?.checked).toBe(true);
    systemSays.on = false; // GNOME Tweaks, KDE's Autostart
    await clock.advance(LINUX_SYSTEM_ASK_MS - LINUX_REFRESH_MS);
    expect(asked).toBe(0); // not at every 2 s poll
    await clock.advance(LINUX_REFRESH_MS);
    expect(asked).toBe(1);
    expect(loginItem()?.checked).toBe(false);
    tray.destroy();
  });

  it('on Wayland, the tray reads no (stale) clipboard: it offers the paste box, and copies in the window', async () => {
    mock.reset({ ready: true, platform: 'linux' });
    mock.waylandSession = true;
    const purge = { ...seededPurges()[0]!, requestId: ID };
    const { electronTray, clock, tray, actions } = controller('linux', { purges: [purge] }, false);
    mock.clipboardText = ID; // copied in another app: Electron would read what it saw last
    await clock.advance(LINUX_REFRESH_MS);
    expect(mock.clipboardReads).toBe(0);
    const menu = electronTray.contextMenu!.template;
    expect(String(menu[0]!.label)).toBe('Paste request IDs or URLs in the window…');
    (menu[0]!.click as () => void)();
    const submenu = (menu.find((item) => String(item.label).includes(ID))!.submenu ?? []) as Array<{
      label?: string;
      click?: () => void;
    }>;
    const copy = submenu.find((item) => item.label?.startsWith('Copy request ID'))!;
    expect(copy.label).toBe('Copy request ID in the window…');
    copy.click!();
    expect(actions).toEqual([{ type: 'open-paste-box' }, { type: 'open-window', requestId: ID }]);
    tray.destroy();
  });

  it('on Linux, the 2 s poll sets the menu at most once a minute while only time passes', async () => {
    const { electronTray, clock, tray, current } = controller('linux');
    const now = clock.now();
    const pending = seededPurges()[0]!;
    Object.assign(current, {
      // Ages, a snooze and a rate-limit wait that all carry seconds, out of phase.
      purges: [
        { ...pending, submittedAt: now - 72_500, lastCheckedAt: now - 13_300 },
        { ...pending, requestId: ID, submittedAt: now - 8_100 },
      ],
      status: {
        pausedFor: [],
        rateLimits: [{ account: 'default', until: now + 19 * 60_000 + 17_000 }],
      },
      settings: {
        notifications: true,
        snoozedUntil: now + 59 * 60_000 + 41_000,
        launchAtLogin: false,
      },
    });
    await clock.advance(0);
    const sets = electronTray.contextMenuSets;
    await clock.advance(10 * 60_000);
    // One label change per minute boundary at most (an AppIndicator re-lays out the menu on each).
    expect(electronTray.contextMenuSets - sets).toBeLessThanOrEqual(10);
    expect(electronTray.contextMenuSets - sets).toBeGreaterThanOrEqual(9); // ages do move on
    expect(labelsOf(electronTray.contextMenu)).toContain('Snoozed for 50m — end snooze');
    tray.destroy();
  });

  it('shows an & in a label as an & (not as a mnemonic marker)', async () => {
    const url = 'https://cdn.example.com/a.jpg?w=1&h=2';
    const { electronTray, tray, current } = controller('win32');
    Object.assign(current, { purges: [{ ...seededPurges()[1]!, url }] });
    await tray.refresh();
    const shown = (electronTray.contextMenu?.template ?? []).map((item) => shownLabel(item.label));
    expect(shown.some((label) => label.includes('cdn.example.com/a.jpg?w=1&h=2'))).toBe(true);
  });

  it('on macOS and Windows, refreshes when the pointer reaches the icon, with no polling', async () => {
    const { electronTray, clock, tray } = controller('win32');
    await clock.advance(0);
    expect(clock.pendingTimers).toBe(0);
    mock.clipboardText = ID;
    electronTray.emit('mouse-enter');
    await tray.refresh(); // let the refresh started by the event finish
    expect(labelsOf(electronTray.contextMenu)[0]).toBe('Track request ID from clipboard');
  });

  it('opens the window on a left click, except on macOS where a click opens the menu', () => {
    const windows = controller('win32');
    windows.electronTray.emit('click');
    expect(windows.clicks()).toBe(1);
    mock.reset({ ready: true });
    const mac = controller('darwin');
    mac.electronTray.emit('click');
    expect(mac.clicks()).toBe(0);
  });

  it('runs the chosen item’s action', async () => {
    const { electronTray, tray, actions } = controller('linux');
    await tray.refresh();
    const quit = electronTray.contextMenu!.template.find(
      (item) => item.label === 'Quit Purge Watch',
    )!;
    (quit.click as () => void)();
    expect(actions).toEqual([{ type: 'quit' }]);
  });
});

describe('tray actions', () => {
  async function dispatcher(accountKeys?: Record<string, string>) {
    const e = engine({ purges: seededPurges(), key: 'private_k', accountKeys });
    e.api.addPurge(SEEDED.pending, Infinity);
    const told: Notice[] = [];
    const shown: unknown[] = [];
    let quits = 0;
    let installs = 0;
    let done = 0;
    const logFolders: string[] = [];
    const dispatch = createTrayDispatcher({
      openLogFolder: async () => {
        if (logFolders.length > 0) throw new Error('The log folder could not be opened: gone');
        logFolders.push('opened');
      },
      handlers: e.service.handlers,
      showWindow: (focus) => shown.push(focus),
      readClipboard: async () => mock.clipboardText,
      clock: e.clock,
      quit: () => quits++,
      installUpdate: () => installs++,
      tell: (notice) => told.push(notice),
      done: () => done++,
    });
    const run = async (action: Parameters<typeof dispatch>[0]) => {
      const before = done;
      dispatch(action);
      while (done === before) await new Promise((resolve) => setTimeout(resolve, 1));
    };
    return { e, run, told, shown, quits: () => quits, installs: () => installs, logFolders };
  }

  it('tracks the IDs in the clipboard, and says so when there are none', async () => {
    const { e, run, told } = await dispatcher();
    mock.clipboardText = `deploy done: ${ID}`;
    await run({ type: 'track-clipboard' });
    expect(e.tracker.get(ID)?.state).toBe('pending');
    mock.clipboardText = 'nothing here';
    await run({ type: 'track-clipboard' });
    expect(told.map((n) => n.body)).toEqual(['The clipboard holds no request ID.']);
  });

  it('purges the clipboard’s URLs and tracks them; refuses a clipboard that changed to prose', async () => {
    const { e, run, told } = await dispatcher();
    mock.clipboardText = 'https://cdn.example.com/hero.jpg';
    await run({ type: 'purge-clipboard' });
    expect(e.tracker.list().find((p) => p.url === 'https://cdn.example.com/hero.jpg')?.state).toBe(
      'pending',
    );
    mock.clipboardText = 'see https://cdn.example.com/hero.jpg';
    await run({ type: 'purge-clipboard' });
    expect(told.at(-1)?.body).toBe('The clipboard no longer holds only http(s) URLs.');
  });

  it('purges the clipboard with the account chosen in the menu, else the default one', async () => {
    const { e, run } = await dispatcher({ staging: 'private_s' });
    await e.service.ready;
    mock.clipboardText = 'https://cdn.example.com/staged.jpg';
    await run({ type: 'purge-clipboard', account: 'staging' });
    mock.clipboardText = 'https://cdn.example.com/live.jpg';
    await run({ type: 'purge-clipboard' });
    const accountOf = (url: string) => e.tracker.list().find((p) => p.url === url)?.account;
    expect(accountOf('https://cdn.example.com/staged.jpg')).toBe('staging');
    expect(accountOf('https://cdn.example.com/live.jpg')).toBe('default');
  });

  it('snoozes for one hour, ends the snooze, turns notifications off', async () => {
    const { e, run } = await dispatcher();
    await run({ type: 'snooze' });
    expect(e.settings.get().snoozedUntil).toBe(e.clock.now() + SNOOZE_MS);
    await run({ type: 'unsnooze' });
    expect(e.settings.get().snoozedUntil).toBe(0);
    await run({ type: 'set-notifications', enabled: false });
    expect(e.settings.get().notifications).toBe(false);
  });

  it('switches launch at login, and tells when the system refuses', async () => {
    const { e, run, told } = await dispatcher();
    await run({ type: 'set-launch-at-login', enabled: true });
    expect(e.loginItem.enabled).toBe(true);
    e.loginItem.failing = true;
    await run({ type: 'set-launch-at-login', enabled: false });
    expect(e.settings.get().launchAtLogin).toBe(true);
    expect(told.at(-1)?.body).toBe('Could not change launch at login: EACCES: permission denied');
  });

  it('opens the log folder, and tells when the system cannot', async () => {
    const { run, told, logFolders } = await dispatcher();
    await run({ type: 'open-log-folder' });
    expect(logFolders).toEqual(['opened']);
    expect(told).toEqual([]);
    await run({ type: 'open-log-folder' });
    expect(told.at(-1)?.body).toBe('The log folder could not be opened: gone');
  });

  it('copies, removes, resumes, pauses, opens the window and quits', async () => {
    const { e, run, shown, quits, installs } = await dispatcher();
    await run({ type: 'copy-id', requestId: SEEDED.completed });
    expect(e.copied).toEqual([SEEDED.completed]);
    await run({ type: 'resume-purge', requestId: SEEDED.givenUp });
    expect(e.tracker.get(SEEDED.givenUp)?.state).toBe('pending');
    await run({ type: 'remove', requestId: SEEDED.completed });
    expect(e.tracker.get(SEEDED.completed)).toBeUndefined();
    await run({ type: 'pause-polling' });
    expect(e.tracker.status().pausedFor).toEqual(['user']);
    await run({ type: 'resume-polling' });
    expect(e.tracker.status().pausedFor).toEqual([]);
    await run({ type: 'open-url', url: 'https://cdn.example.com/a.jpg' });
    expect(e.opened).toEqual(['https://cdn.example.com/a.jpg']);
    await run({ type: 'open-window', requestId: SEEDED.pending });
    await run({ type: 'open-key-settings' });
    await run({ type: 'open-paste-box' });
    expect(shown).toEqual([
      { requestId: SEEDED.pending },
      { section: 'key' },
      { section: 'paste' },
    ]);
    await run({ type: 'install-update' });
    expect(installs()).toBe(1);
    await run({ type: 'quit' });
    expect(quits()).toBe(1);
  });
});
