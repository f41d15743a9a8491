// Detection in virtual time: the real Tracker and PollScheduler, on the virtual clock, against the
// simulated status API, with purges completing when a workload says. The same machinery runs
// the baselines: fixed-interval polling is the tracker with a flat schedule (no age growth, no
// jitter), so budgeted baselines obey exactly the budget rules Purge Watch obeys.
import type { ScheduleOptions } from '../src/core/tracking/poll-schedule';
import { DEFAULT_SCHEDULE } from '../src/core/tracking/poll-schedule';
import type { RequestBudget } from '../src/core/tracking/request-budget';
import { DEFAULT_BUDGET } from '../src/core/tracking/request-budget';
import { Tracker } from '../src/core/tracking/tracker';
import { SimulatedImageKit, requestIdAt } from '../test/support/simulated-imagekit';
import { VirtualClock } from '../test/support/virtual-clock';
import { seededRandom } from '../test/support/seeded-random';
import type { RateLimitRule } from '../test/fake-imagekit/rate-limits';
import type { Workload } from './workload';
import { peakPerSecond } from '../test/support/request-rate';

const S = 1000;
/** The goal: detected within max(5 s, 10 % of the time the purge took). */
export const GOAL_FLOOR_MS = 5 * S;
export const GOAL_FRACTION = 0.1;
export const GOAL_SHARE = 0.95;
/** No budget to speak of: every check starts when it is due. */
export const UNCONSTRAINED: RequestBudget = { maxRequestsPerSecond: 1e6, maxConcurrent: 1e6 };

export interface Poller {
  /** e.g. 'purge-watch', 'fixed-5s'. */
  name: string;
  /** 'default': DEFAULT_BUDGET, learning from rate-limit headers when the account sends them;
   * 'fixed': today's 2 requests/s whatever the headers say; 'unconstrained': no budget. */
  budget: 'default' | 'fixed' | 'unconstrained';
  schedule: Partial<ScheduleOptions>;
  /** For fixed-interval pollers. */
  intervalSeconds?: number;
}

export function purgeWatchPoller(budget: Poller['budget'] = 'default'): Poller {
  return { name: 'purge-watch', budget, schedule: {} };
}

/**
 * Polling every `seconds`, first check `seconds` after submission, as the AWS CLI waiter does
 * (20 s); when the budget is short, checks wait their turn in the order they came due.
 */
export function fixedIntervalPoller(seconds: number, budget: Poller['budget']): Poller {
  const ms = seconds * S;
  return {
    name: `fixed-${seconds}s`,
    budget,
    intervalSeconds: seconds,
    schedule: {
      minIntervalMs: ms,
      maxIntervalMs: ms,
      ageFraction: 0,
      firstCheckAfterMs: ms,
      jitter: 0,
    },
  };
}

export interface DetectionFigures {
  poller: string;
  budget: Poller['budget'];
  /** 429s the simulated account answered (only when it has a limit). */
  rateLimitedAnswers: number;
  purges: number;
  detected: number;
  meanDelaySeconds: number;
  p95DelaySeconds: number;
  p99DelaySeconds: number;
  maxDelaySeconds: number;
  meanRequestsPerPurge: number;
  /** Most status requests started in any 1-second window. */
  peakRequestsPerSecond: number;
  /** Share of purges detected within max(5 s, 10 % of their time to complete). */
  withinGoalShare: number;
  /** Longest any pending purge waited between two of its checks (starvation shows here). */
  maxGapBetweenChecksSeconds: number;
  /** Share of consecutive requests spaced at the budget's minimum: near 0 unless saturated. */
  atBudgetShare: number;
  virtualHours: number;
  wallSeconds: number;
}

export interface DetectionRun {
  figures: DetectionFigures;
  /** Per purge, in workload order: detection delay (ms) and checks. */
  delaysMs: number[];
  checks: number[];
  /** Per purge, in workload order, ms from the start of the run: completion and detection (NaN: never). */
  completedAtMs: number[];
  detectedAtMs: number[];
  /** Every status request, ms from the start of the run, in order. */
  calls: Array<{ at: number; refused: boolean }>;
}

export function goalMs(completionMs: number): number {
  return Math.max(GOAL_FLOOR_MS, GOAL_FRACTION * completionMs);
}

const BUDGETS: Record<Poller['budget'], RequestBudget> = {
  default: DEFAULT_BUDGET,
  fixed: { ...DEFAULT_BUDGET, share: null },
  unconstrained: { ...UNCONSTRAINED, share: null },
};

/** The budget a poller runs with: a fixed-interval one queues a backlog first come, first served. */
function budgetOf(poller: Poller): RequestBudget {
  const budget = BUDGETS[poller.budget];
  return poller.intervalSeconds === undefined ? budget : { ...budget, backlog: 'due' };
}

/**
 * `account`: the simulated account's rate limit (advertised, 429 past it); none by default.
 * `answerMs`: how long each status answer takes, the server reading the purge's state halfway
 * (0, the default: at once).
 */
export async function simulateDetection(
  workload: Workload,
  poller: Poller,
  seed = 7,
  account?: RateLimitRule,
  answerMs = 0,
): Promise<DetectionRun> {
  const wallStart = performance.now();
  const clock = new VirtualClock();
  const start = clock.now();
  const api = new SimulatedImageKit(clock, account);
  api.latencyMs = answerMs;
  api.looksAt = 0.5;
  const budget = budgetOf(poller);
  const tracker = new Tracker({
    accounts: [{ name: 'default', api }],
    clock,
    random: seededRandom(seed),
    schedule: poller.schedule,
    budget,
  });
  tracker.start();

  const count = workload.completionSeconds.length;
  const submittedAt = workload.submittedAtSeconds ?? new Array<number>(count).fill(0);
  const indexOf = new Map<string, number>();
  const completesAt: number[] = new Array<number>(count);
  const detectedAt: number[] = new Array<number>(count).fill(Number.NaN);
  const checks: number[] = new Array<number>(count).fill(0);
  let detected = 0;
  tracker.on('completed', (purge) => {
    const index = indexOf.get(purge.requestId);
    if (index === undefined) return;
    detectedAt[index] = purge.completedAt ?? clock.now();
    checks[index] = purge.checks;
    detected += 1;
  });

  const order = [...submittedAt.keys()].sort((a, b) => submittedAt[a]! - submittedAt[b]!);
  for (let i = 0; i < order.length;) {
    const at = start + Math.round(submittedAt[order[i]!]! * S);
    if (at > clock.now()) await clock.advance(at - clock.now());
    const ids: string[] = [];
    for (; i < order.length && start + Math.round(submittedAt[order[i]!]! * S) <= at; i++) {
      const index = order[i]!;
      const id = requestIdAt(clock.now(), index + 1);
      indexOf.set(id, index);
      completesAt[index] = clock.now() + Math.round(workload.completionSeconds[index]! * S);
      api.addPurge(id, completesAt[index]!);
      ids.push(id);
    }
    await tracker.add(ids, { url: `https://ik.imagekit.io/demo/${workload.name}/*` });
  }
  const limit = clock.now() + 30 * 3_600 * S;
  while (detected < count && clock.now() < limit) await clock.advance(60 * S);
  tracker.close();

  const delaysMs = completesAt.map((at, index) => detectedAt[index]! - at);
  const found = delaysMs.filter((delay) => Number.isFinite(delay));
  const within = delaysMs.filter(
    (delay, index) => delay <= goalMs(workload.completionSeconds[index]! * S),
  ).length;
  const callTimes = api.calls.map((call) => call.at);
  const spacingMs = 1000 / budget.maxRequestsPerSecond;
  let atBudget = 0;
  for (let i = 1; i < callTimes.length; i++) {
    if (callTimes[i]! - callTimes[i - 1]! <= spacingMs * 1.01) atBudget += 1;
  }
  const figures: DetectionFigures = {
    poller: poller.name,
    budget: poller.budget,
    rateLimitedAnswers: api.rateLimited,
    purges: count,
    detected,
    meanDelaySeconds: seconds(mean(found)),
    p95DelaySeconds: seconds(quantile(found, 0.95)),
    p99DelaySeconds: seconds(quantile(found, 0.99)),
    maxDelaySeconds: seconds(Math.max(...found)),
    meanRequestsPerPurge: round(api.calls.length / count, 2),
    peakRequestsPerSecond: peakPerSecond(callTimes),
    withinGoalShare: round(within / count, 4),
    maxGapBetweenChecksSeconds: seconds(maxGap(api.calls)),
    atBudgetShare: round(callTimes.length > 1 ? atBudget / (callTimes.length - 1) : 0, 4),
    virtualHours: round((clock.now() - start) / 3_600_000, 2),
    wallSeconds: round((performance.now() - wallStart) / 1000, 2),
  };
  return {
    figures,
    delaysMs,
    checks,
    completedAtMs: completesAt.map((at) => at - start),
    detectedAtMs: detectedAt.map((at) => at - start),
    calls: api.calls.map((call) => ({ at: call.at - start, refused: call.refused === true })),
  };
}

export interface FixedIntervalModel {
  intervalSeconds: number;
  meanRequestsPerPurge: number;
  withinGoalShare: number;
}

/**
 * Fixed-interval polling with no budget, computed exactly: checks at k × interval after
 * submission, detection at the first check at or after completion. Used to find the cheapest
 * interval (on a 0.5 s grid) that meets the goal for a workload, an oracle no real poller has,
 * since it is tuned to the workload after the fact.
 */
export function fixedIntervalModel(
  workload: Workload,
  intervalSeconds: number,
): FixedIntervalModel {
  const interval = intervalSeconds * S;
  let requests = 0;
  let within = 0;
  for (const completion of workload.completionSeconds) {
    const completionMs = Math.round(completion * S);
    const checks = Math.max(1, Math.ceil(completionMs / interval));
    requests += checks;
    if (checks * interval - completionMs <= goalMs(completionMs)) within += 1;
  }
  const count = workload.completionSeconds.length;
  return {
    intervalSeconds,
    meanRequestsPerPurge: round(requests / count, 2),
    withinGoalShare: round(within / count, 4),
  };
}

/** The interval (0.5 s grid, 1–120 s) with the fewest requests that meets the goal share. */
export function cheapestFixedInterval(workload: Workload): FixedIntervalModel | undefined {
  let best: FixedIntervalModel | undefined;
  for (let half = 2; half <= 240; half++) {
    const model = fixedIntervalModel(workload, half / 2);
    if (model.withinGoalShare < GOAL_SHARE) continue;
    if (!best || model.meanRequestsPerPurge < best.meanRequestsPerPurge) best = model;
  }
  return best;
}

function maxGap(calls: ReadonlyArray<{ requestId: string; at: number }>): number {
  const last = new Map<string, number>();
  let gap = 0;
  for (const { requestId, at } of calls) {
    const previous = last.get(requestId);
    if (previous !== undefined) gap = Math.max(gap, at - previous);
    last.set(requestId, at);
  }
  return gap;
}

export function mean(values: number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function seconds(ms: number): number {
  return round(ms / 1000, 2);
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The schedule Purge Watch ships, for reports. */
export const SHIPPED_SCHEDULE = DEFAULT_SCHEDULE;
