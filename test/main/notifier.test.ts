// Native notifications through Electron (mocked): shown after the grouping wait, clicks open
// the window at the purge, unsupported or refused notifications reported to the tray.
import { beforeEach, describe, expect, it } from 'vitest';
import { MockNotification, mock } from '../mocks/electron';
import { GROUP_QUIET_MS } from '../../src/main/notifications/notification-policy';
import type { Notice } from '../../src/main/notifications/notification-policy';
import { KEPT_NOTIFICATIONS, Notifier } from '../../src/main/notifications/notifier';
import { ToastActivations } from '../../src/main/notifications/toast-activation';
import { readToastLaunch, toastLaunch } from '../../src/main/notifications/toast';
import type { Settings } from '../../src/shared/settings';
import type { AccountApiError, PurgeRequest } from '../../src/shared/purge';
import { VirtualClock } from '../support/virtual-clock';
import { summarizeDurations } from '../../src/shared/duration-estimate';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';

const ID = '5f2b6c1e9a8d7c6b5a4f3e2d';

beforeEach(() => mock.reset({ ready: true }));

function setup(
  settings: Settings = {
    ...DEFAULT_SETTINGS,
    notifications: true,
    snoozedUntil: 0,
    launchAtLogin: false,
  },
) {
  const clock = new VirtualClock();
  const clicks: Notice['target'][] = [];
  const problems: Array<string | undefined> = [];
  const logs: string[] = [];
  const notifier = new Notifier({
    clock,
    settings: () => settings,
    onClick: (target) => clicks.push(target),
    onUnavailable: (reason) => problems.push(reason),
    log: (message) => logs.push(message),
  });
  // As the app wires them (src/main/index.ts): Windows' activations reach the notifier.
  new ToastActivations().deliverTo((launch) => notifier.activated(launch));
  const done: PurgeRequest = {
    requestId: ID,
    url: 'https://cdn.example.com/hero.jpg',
    state: 'completed',
    status: 'Completed',
    submittedAt: clock.now() - 30_000,
    addedAt: clock.now() - 30_000,
    completedAt: clock.now(),
    checks: 2,
  };
  return { clock, notifier, clicks, problems, logs, done };
}

describe('Notifier', () => {
  it('shows a purge far past usual at once, once; a click opens the window at it', () => {
    const { clock, notifier, clicks } = setup();
    const durations = summarizeDurations([60_000, 90_000, 120_000, 150_000, 180_000]);
    const stuck: PurgeRequest = {
      requestId: ID,
      state: 'pending',
      status: 'Pending',
      submittedAt: clock.now() - 25 * 60_000,
      addedAt: clock.now() - 25 * 60_000,
      lastCheckedAt: clock.now(),
      checks: 30,
    };
    notifier.stillPending([stuck], durations);
    notifier.stillPending([stuck], durations);
    expect(mock.notifications.map((n) => [n.title, n.shown])).toEqual([
      ['Purge taking far longer than usual', true],
    ]);
    mock.notifications[0]!.click();
    expect(clicks).toEqual([{ requestId: ID }]);
  });

  it('shows a completion once the grouping wait is over; a click opens the window at it', async () => {
    const { clock, notifier, clicks, done } = setup();
    notifier.settled(done);
    expect(mock.notifications).toHaveLength(0);
    await clock.advance(GROUP_QUIET_MS);
    expect(mock.notifications.map((n) => [n.title, n.body, n.shown])).toEqual([
      ['Purge completed', 'https://cdn.example.com/hero.jpg\nTook 30s', true],
    ]);
    mock.notifications[0]!.click();
    expect(clicks).toEqual([{ requestId: ID }]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('plays the system sound unless the user turned it off (silent)', async () => {
    const loud = setup();
    loud.notifier.settled(loud.done);
    await loud.clock.advance(GROUP_QUIET_MS);
    const quiet = setup({ ...DEFAULT_SETTINGS, notificationSound: false });
    quiet.notifier.tell({
      kind: 'action-failed',
      title: 'That did not work',
      body: 'x',
      target: {},
    });
    expect(mock.notifications.map((n) => [n.title, n.options.silent])).toEqual([
      ['Purge completed', false],
      ['That did not work', true],
    ]);
  });

  it('shows nothing while snoozed', async () => {
    const { clock, notifier, done } = setup({
      ...DEFAULT_SETTINGS,
      notifications: true,
      snoozedUntil: Date.UTC(2030, 0, 1),
      launchAtLogin: false,
    });
    notifier.settled(done);
    await clock.advance(GROUP_QUIET_MS);
    expect(mock.notifications).toHaveLength(0);
  });

  it('reports notifications the system refuses (unsigned macOS builds), and when they work again', async () => {
    mock.reset({ ready: true, platform: 'darwin' });
    const { clock, notifier, problems, logs, done } = setup();
    expect(notifier.problem).toBeUndefined();
    notifier.settled(done);
    await clock.advance(GROUP_QUIET_MS);
    mock.notifications[0]!.fail('Notifications are not allowed for this application');
    expect(notifier.problem).toContain('Notifications are not allowed');
    expect(problems).toHaveLength(1);
    expect(logs[0]).toContain('could not be shown');
    notifier.tell({ kind: 'action-failed', title: 't', body: 'b', target: {} });
    mock.notifications[1]!.emit('show');
    expect(notifier.problem).toBeUndefined();
    expect(problems).toEqual([expect.any(String), undefined]);
  });

  it('says a refusal on Linux, where Electron gives no reason, without empty brackets', async () => {
    // No notification service on the session bus: libnotify's error goes to Electron's log only.
    mock.reset({ ready: true, platform: 'linux' });
    const { clock, notifier, problems, logs, done } = setup();
    notifier.settled(done);
    await clock.advance(GROUP_QUIET_MS);
    mock.notifications[0]!.fail('org.freedesktop.Notifications was not provided');
    expect(problems).toEqual([
      'The system refused to show notifications. Is a notification service running?',
    ]);
    expect(logs).toEqual(['A notification could not be shown (the system gave no reason).']);
  });

  it('reports a system without notification support, without constructing any', async () => {
    MockNotification.supported = false;
    const { clock, notifier, problems, done } = setup();
    notifier.settled(done);
    await clock.advance(GROUP_QUIET_MS);
    expect(mock.notifications).toHaveLength(0);
    expect(problems).toEqual(['This system does not support notifications.']);
  });

  it('tells a key problem at once, once per episode; a click opens the key settings', () => {
    const { notifier, clicks } = setup();
    const missing: AccountApiError = {
      account: 'default',
      kind: 'auth',
      auth: 'key_missing',
      message: 'No private API key is set.',
    };
    notifier.keyProblem(missing);
    notifier.keyProblem(missing);
    expect(mock.notifications.map((n) => n.title)).toEqual(['Private key needed']);
    mock.notifications[0]!.click();
    expect(clicks).toEqual([{ section: 'key' }]);
  });

  it('tells a recovered store even when notifications are off', () => {
    const { notifier } = setup({
      ...DEFAULT_SETTINGS,
      notifications: false,
      snoozedUntil: 0,
      launchAtLogin: false,
    });
    notifier.storeRecovered('settings', { movedTo: '/u/settings.json.corrupt-1', reason: 'x' });
    expect(mock.notifications.map((n) => n.title)).toEqual(['Settings could not be read']);
  });

  describe('clicks that arrive late', () => {
    const notice = (n: number): Notice => ({
      kind: 'action-failed',
      title: `notice ${n}`,
      body: 'b',
      target: { requestId: `${n}`.padStart(24, '0') },
    });

    it('Windows: a toast that timed out into the Action Center still opens its purge when clicked', async () => {
      mock.reset({ ready: true, platform: 'win32' });
      const { notifier, clicks } = setup();
      notifier.tell(notice(1));
      // close with reason 'timedOut': the toast moved to the Action Center
      mock.notifications[0]!.timeOut();
      expect(notifier.kept).toBe(1);
      expect(await mock.collectGarbage()).toBe(0);
      mock.notifications[0]!.click();
      expect(clicks).toEqual([{ requestId: '1'.padStart(24, '0') }]);
      expect(notifier.kept).toBe(0);
    });

    it('Windows: a toast long let go still opens its purge (its launch arguments say which), once', async () => {
      mock.reset({ ready: true, platform: 'win32' });
      const { notifier, clicks } = setup();
      for (let n = 1; n <= KEPT_NOTIFICATIONS + 5; n++) notifier.tell(notice(n));
      expect(await mock.collectGarbage()).toBeGreaterThanOrEqual(5);
      const [first] = mock.notifications;
      expect(first!.collected).toBe(true);
      first!.click(); // only Notification.handleActivation hears it now
      mock.notifications.at(-1)!.click();
      // Windows' activator may hand over a click the object heard too: still one.
      notifier.activated(toastLaunch({ id: mock.notifications.at(-1)!.id, target: {} }));
      expect(clicks).toEqual([
        { requestId: '1'.padStart(24, '0') },
        { requestId: `${KEPT_NOTIFICATIONS + 5}`.padStart(24, '0') },
      ]);
    });

    it('Windows: each toast is written with its text, its sound setting and where a click leads', () => {
      mock.reset({ ready: true, platform: 'win32' });
      const { notifier } = setup({ ...DEFAULT_SETTINGS, notificationSound: false });
      notifier.tell({ ...notice(7), title: 'Tom & Jerry <3', body: 'a "quoted"\nline' });
      const [toast] = mock.notifications;
      // What Windows shows is the toast XML (it supersedes title and body).
      expect([toast!.title, toast!.body, toast!.silent]).toEqual([
        'Tom & Jerry <3',
        'a "quoted"\nline',
        true,
      ]);
      const launch = /launch="([^"]*)"/.exec(toast!.options.toastXml ?? '')![1]!;
      expect(readToastLaunch(launch.replace(/&amp;/g, '&'))).toEqual({
        id: toast!.id,
        target: { requestId: '7'.padStart(24, '0') },
      });
    });

    it('Windows: a toast clicked after the app quit opens its purge in the app it starts', async () => {
      mock.reset({ platform: 'win32' });
      const launch = toastLaunch({ id: 'a1b2c3d4-0000', target: { requestId: ID } });
      // Windows starts the app; Electron is not ready, nothing listens yet.
      MockNotification.clickFromEarlierRun(launch);
      const early = new ToastActivations();
      mock.app.becomeReady();
      early.ready(); // the presenter, and with it the toast activator: Windows delivers now
      await new Promise((resolve) => setImmediate(resolve));
      const { clicks, notifier } = setup();
      early.deliverTo((args) => notifier.activated(args));
      expect(clicks).toEqual([{ requestId: ID }]);
    });

    it('Windows: launch arguments that are not a Purge Watch toast open nothing', () => {
      mock.reset({ ready: true, platform: 'win32' });
      const { notifier, clicks } = setup();
      for (const launch of [
        '', // Electron's own toasts have none
        'type=click&tag=&purge=598821f949c0a938d57563bd',
        'type=action&action=0&tag=ab12cd34',
        'type=click&tag=<script>&purge=598821f949c0a938d57563bd',
      ]) {
        notifier.activated(launch);
      }
      notifier.activated('type=click&tag=ab12cd34&purge=NOT-AN-ID&section=elsewhere');
      expect(clicks).toEqual([{}]); // ours, but nothing in it to trust: the window, nowhere in it
    });

    it('macOS and Linux (no close on time-out): what is kept stays bounded, the newest stay clickable', async () => {
      for (const platform of ['darwin', 'linux'] as const) {
        mock.reset({ ready: true, platform });
        const { notifier, clicks } = setup();
        for (let n = 1; n <= 3 * KEPT_NOTIFICATIONS; n++) notifier.tell(notice(n));
        expect(notifier.kept).toBe(KEPT_NOTIFICATIONS);
        expect(await mock.collectGarbage()).toBeGreaterThanOrEqual(2 * KEPT_NOTIFICATIONS);
        mock.notifications.at(-1)!.click();
        expect(clicks).toEqual([{ requestId: `${3 * KEPT_NOTIFICATIONS}`.padStart(24, '0') }]);
      }
    });

    it('a notification the user dismissed is let go', () => {
      const { notifier } = setup();
      notifier.tell(notice(1));
      mock.notifications[0]!.dismiss();
      expect(notifier.kept).toBe(0);
    });
  });
});
