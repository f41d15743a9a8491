// Drill: the wall clock jumps. Forward when a laptop sleeps (timers armed before the sleep fire
// late, and every due time has passed on waking); backward when the clock is corrected. Polling
// must neither stall nor burst past the budget, and purges must end in the right state.
import { describe, expect, it } from 'vitest';
import { DEFAULT_BUDGET } from '../../src/core/tracking/request-budget';
import { Tracker } from '../../src/core/tracking/tracker';
import { SimulatedImageKit, requestIdAt } from '../support/simulated-imagekit';
import { VirtualClock } from '../support/virtual-clock';
import { peakPerSecond } from '../support/request-rate';

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;

function setup() {
  const clock = new VirtualClock();
  const api = new SimulatedImageKit(clock);
  let seed = 11;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const tracker = new Tracker({ accounts: [{ name: 'default', api }], clock, random });
  tracker.start();
  return { clock, api, tracker };
}

let serial = 0;

async function addPurges(
  { clock, api, tracker }: ReturnType<typeof setup>,
  count: number,
  completesAfterMs: number,
) {
  const ids = Array.from({ length: count }, () => requestIdAt(clock.now(), (serial += 1)));
  for (const id of ids) api.addPurge(id, clock.now() + completesAfterMs);
  await tracker.add(ids, { url: 'https://ik.imagekit.io/demo/*' });
  return ids;
}

describe('the clock jumping forward (sleep)', () => {
  it('detects purges that completed during a 3-hour sleep soon after waking, within the budget', async () => {
    const context = setup();
    const { clock, api, tracker } = context;
    const ids = await addPurges(context, 40, 20 * MIN);
    await clock.advance(2 * MIN);
    const before = api.calls.length;

    clock.jump(3 * HOUR);
    // 40 overdue purges at 2 requests a second: 20 s, plus the timer armed before the sleep.
    await clock.advance(45 * S);
    expect(ids.map((id) => tracker.get(id)?.state)).toEqual(ids.map(() => 'completed'));
    const after = api.calls.slice(before).map((call) => call.at);
    expect(after.length).toBe(40); // one check each: all were done
    expect(peakPerSecond(after)).toBeLessThanOrEqual(DEFAULT_BUDGET.maxRequestsPerSecond);
    expect(tracker.isIdle).toBe(true);
  });

  it('after a sleep past the give-up deadline, reports completed purges as completed and gives up only the rest', async () => {
    const context = setup();
    const { clock, tracker } = context;
    const done = await addPurges(context, 3, 2 * MIN);
    const never = await addPurges(context, 2, Number.POSITIVE_INFINITY);
    await clock.advance(30 * S);

    clock.jump(25 * HOUR);
    await clock.advance(MIN);
    expect(done.map((id) => tracker.get(id)?.state)).toEqual([
      'completed',
      'completed',
      'completed',
    ]);
    expect(never.map((id) => tracker.get(id)?.state)).toEqual(['given_up', 'given_up']);
    expect(tracker.isIdle).toBe(true);
  });
});

describe('the clock jumping backward (correction)', () => {
  // Timers and due times run on the monotonic clock, and a purge's times move back with the wall
  // clock, so a correction changes nothing users would notice: the cadence goes on, the age (and
  // with it the gap and the give-up deadline) stays true, and durations stay right.
  it.each([
    ['an hour back, gaps about 2 minutes', HOUR, 20 * MIN],
    ['two hours back, gaps about 9 minutes', 2 * HOUR, 90 * MIN],
  ])('%s: polling keeps its cadence and detects within the goal', async (_what, back, age) => {
    const context = setup();
    const { clock, api, tracker } = context;
    const [id] = await addPurges(context, 1, Number.POSITIVE_INFINITY);
    await clock.advance(age);
    const lastGap = api.calls.at(-1)!.at - api.calls.at(-2)!.at;
    const before = api.calls.length;

    clock.jump(-back);
    const jumpedAt = clock.now();
    await clock.advance(3 * lastGap);
    const times = [api.calls[before - 1]!.at - back, ...api.calls.slice(before).map((c) => c.at)];
    const gaps = times.slice(1).map((at, i) => at - times[i]!);
    expect(gaps.length).toBeGreaterThanOrEqual(2);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThan(lastGap * 0.9);
      expect(gap).toBeLessThanOrEqual(lastGap * 1.3); // the gap grows with the age
    }
    expect(times.at(-1)! - jumpedAt).toBeLessThanOrEqual(3 * lastGap);

    const completesAt = clock.now() + 30 * S;
    api.addPurge(id!, completesAt);
    await clock.advance(lastGap * 1.3 + 30 * S);
    const purge = tracker.get(id!)!;
    expect(purge.state).toBe('completed');
    const took = purge.completedAt! - purge.submittedAt;
    expect(purge.completedAt! - completesAt).toBeLessThanOrEqual(Math.max(5 * S, 0.1 * took));
    // The duration counts the real time the purge took, not the correction.
    expect(took).toBeGreaterThan(age);
    expect(took).toBeLessThan(age + 4 * lastGap + 60 * S);
  });
});
