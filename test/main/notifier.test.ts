// Native notifications through Electron (mocked): shown after the grouping wait, clicks open
// the window at the purge, unsupported or refused notifications reported to the tray.
import { beforeEach, describe, expect, it } from 'vitest';
import { MockNotification, mock } from '../mocks/electron';
import { GROUP_QUIET_MS } from '../../src/main/notifications/notification-policy';
import type { Notice } from '../../src/main/notifications/notification-policy';
import { KEPT_NOTIFICATIONS, Notifier } from '../../src/main/notifications/notifier';
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

    it('Windows: clicks on notifications long let go are still mapped to their purge, once', async () => {
      mock.reset({ ready: true, platform: 'win32' });
      const { notifier, clicks } = setup();
      for (let n = 1; n <= KEPT_NOTIFICATIONS + 5; n++) notifier.tell(notice(n));
      expect(await mock.collectGarbage()).toBeGreaterThanOrEqual(5);
      expect(mock.notifications[0]!.collected).toBe(true);
      mock.notifications[0]!.click(); // only Notification.handleActivation hears it now
      // The object and handleActivation both hear this one: still one click.
      mock.notifications.at(-1)!.click();
      expect(clicks).toEqual([
        { requestId: '1'.padStart(24, '0') },
        { requestId: `${KEPT_NOTIFICATIONS + 5}`.padStart(24, '0') },
      ]);
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
