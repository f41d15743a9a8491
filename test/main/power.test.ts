// Sleep and network pause the real scheduler (virtual time, simulated ImageKit); on the way
// back every pending purge is checked promptly.
import { beforeEach, describe, expect, it } from 'vitest';
import { mock } from '../mocks/electron';
import { ONLINE_POLL_MS, PowerWatch } from '../../src/main/desktop/power';
import { requestIdAt } from '../support/simulated-imagekit';
import { engine, START } from './fixtures';

const MIN = 60_000;

beforeEach(() => mock.reset({ ready: true }));

async function setup(pendingCount = 3) {
  const e = engine();
  const ids = Array.from({ length: pendingCount }, (_, i) => requestIdAt(START - 30 * MIN, i + 1));
  for (const id of ids) e.api.addPurge(id, Infinity);
  if (ids.length > 0) await e.tracker.add(ids);
  const power = new PowerWatch({
    tracker: e.tracker,
    hasPending: () => e.tracker.list().some((p) => p.state === 'pending'),
    clock: e.clock,
  });
  await e.clock.advance(5_000); // first checks done; the next are minutes away (30-min-old purges)
  return { ...e, ids, power };
}

describe('sleep', () => {
  it('suspend pauses polling: no request while the computer sleeps', async () => {
    const { api, clock, tracker } = await setup();
    mock.powerMonitor.emit('suspend');
    expect(tracker.status().pausedFor).toEqual(['sleep']);
    const calls = api.calls.length;
    await clock.advance(60 * MIN);
    expect(api.calls.length).toBe(calls);
  });

  it('resume restarts polling and checks everything pending promptly, within the budget', async () => {
    const { api, clock, tracker, ids } = await setup(6);
    mock.powerMonitor.emit('suspend');
    await clock.advance(60 * MIN);
    const woke = clock.now();
    mock.powerMonitor.emit('resume');
    expect(tracker.status().pausedFor).toEqual([]);
    await clock.advance(5_000);
    for (const id of ids) {
      const after = api.callsFor(id).filter((call) => call.at >= woke);
      expect(after.length, id).toBeGreaterThanOrEqual(1);
    }
    // The global budget (2 per second) still holds: 6 checks take about 3 seconds.
    const firstSecond = api.calls.filter((call) => call.at >= woke && call.at < woke + 1_000);
    expect(firstSecond.length).toBeLessThanOrEqual(2);
  });
});

describe('network', () => {
  it('offline pauses polling; back online resumes it and checks promptly', async () => {
    const { api, clock, tracker, ids } = await setup(2);
    mock.online = false;
    await clock.advance(ONLINE_POLL_MS);
    expect(tracker.status().pausedFor).toEqual(['offline']);
    const calls = api.calls.length;
    await clock.advance(30 * MIN);
    expect(api.calls.length).toBe(calls);

    mock.online = true;
    const back = clock.now();
    await clock.advance(ONLINE_POLL_MS);
    expect(tracker.status().pausedFor).toEqual([]);
    await clock.advance(2_000);
    for (const id of ids) {
      expect(api.callsFor(id).some((call) => call.at >= back)).toBe(true);
    }
  });

  it('asks about the network only while purges are pending', async () => {
    const { clock, tracker, ids, power } = await setup(1);
    expect(mock.onlineChecks).toBeGreaterThan(0);
    tracker.remove(ids);
    power.update();
    const checks = mock.onlineChecks;
    await clock.advance(10 * ONLINE_POLL_MS);
    expect(mock.onlineChecks).toBe(checks);
    expect(tracker.isIdle).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it('nothing pending: no polling at all, and no stale "offline" hold', async () => {
    const { clock, tracker, power } = await setup(0);
    expect(mock.onlineChecks).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    mock.online = false;
    power.update();
    expect(tracker.status().pausedFor).toEqual([]);
  });

  it('stops listening when disposed', async () => {
    const { tracker, power } = await setup(1);
    power.dispose();
    mock.powerMonitor.emit('suspend');
    expect(tracker.status().pausedFor).toEqual([]);
  });
});
