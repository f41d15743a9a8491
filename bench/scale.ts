// Scale over real HTTP: 5,000 tracked purges against the fake ImageKit (in its own process) on
// loopback, completing over a compressed timeline (every schedule time × SCALE). Measures this
// process's CPU seconds, peak RSS, store writes and requests against the budget the tracker
// actually spent by (learned from the fake's rate-limit headers, like ImageKit's, so the fake
// advertises an account limit compressed like the timeline); then, with nothing pending, that no
// timer is scheduled and how much CPU a few idle seconds cost.
// Run alone (`tsx bench/scale.ts`) so peak RSS is Purge Watch's, not other benchmarks'.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import packageJson from '../package.json';
import { systemClock } from '../src/core/clock';
import { openPurgeFile } from '../src/core/storage/purge-file';
import { ImageKitClient } from '../src/core/imagekit/imagekit-client';
import type { PurgeStatusApi } from '../src/core/imagekit/imagekit-client';
import { DEFAULT_SCHEDULE } from '../src/core/tracking/poll-schedule';
import type { ScheduleOptions } from '../src/core/tracking/poll-schedule';
import type { RequestBudget } from '../src/core/tracking/request-budget';
import { Tracker } from '../src/core/tracking/tracker';
import { startFakeServerChild } from './fake-server-child';
import { peakPerSecond } from '../test/support/request-rate';

export const SCALE_PURGES = 5_000;
/** Schedule times × 0.01: a 5 s gap becomes 50 ms, so 10 minutes of purges play in 6 seconds. */
export const SCALE = 0.01;
/** The default budget (2 requests/s, 2 at a time) with its rate compressed like the timeline. */
export const SCALE_BUDGET: RequestBudget = { maxRequestsPerSecond: 2 / SCALE, maxConcurrent: 2 };
/**
 * The account's limit the fake advertises and enforces: 4 requests/s compressed like the
 * timeline, so the default half share the tracker learns from it is the default 2/s, compressed.
 * (Left at the fake's unlimited default, the tracker learned half of a million a second and only
 * the 2 requests in flight bounded it, while the bench compared the peak with 200.)
 */
export const SCALE_ACCOUNT_PER_SECOND = 4 / SCALE;
/** Purges complete between 1 and 3 minutes of compressed time. */
const COMPLETE_FROM_MS = 60_000 * SCALE;
const COMPLETE_WITHIN_MS = 180_000 * SCALE;
const IDLE_MS = 5_000;

export interface ScaleFigures {
  purges: number;
  scale: number;
  budget: RequestBudget;
  /** The account limit the fake advertised (requests per second); older results lack it. */
  accountRequestsPerSecond?: number;
  completed: number;
  wallSeconds: number;
  cpuSeconds: { user: number; system: number; total: number };
  cpuShareOfOneCore: number;
  peakRssMiB: number;
  storeWrites: number;
  storeFileKiB: number;
  requests: number;
  requestsPerPurge: number;
  meanRequestsPerSecond: number;
  peakRequestsPerSecond: number;
  /** The most the tracker's budget allowed at any start (learned from the fake's headers). */
  budgetRequestsPerSecond: number;
  /** The peak in any 1 s stayed within that budget (older results lack it). */
  peakWithinBudget?: boolean;
  /** 429 answers: the account's limit was overspent (older results lack it). */
  rateLimitedAnswers?: number;
  idle: {
    isIdle: boolean;
    timersArmed: number;
    cpuMsOver5s: number;
  };
}

/** The default schedule with every time × `scale`. */
export function compressedSchedule(scale: number): Partial<ScheduleOptions> {
  return {
    minIntervalMs: DEFAULT_SCHEDULE.minIntervalMs * scale,
    maxIntervalMs: DEFAULT_SCHEDULE.maxIntervalMs * scale,
    firstCheckAfterMs: DEFAULT_SCHEDULE.firstCheckAfterMs * scale,
    errorBackoffMs: DEFAULT_SCHEDULE.errorBackoffMs * scale,
  };
}

/** Settles once `count` purges have completed. */
export function allCompleted(tracker: Tracker, count: number): Promise<void> {
  let completed = 0;
  return new Promise((resolve) => {
    tracker.on('completed', () => {
      if (++completed === count) resolve();
    });
  });
}

export async function runScale(): Promise<ScaleFigures> {
  const fake = await startFakeServerChild([
    '--purges',
    String(SCALE_PURGES),
    '--complete-from',
    String(COMPLETE_FROM_MS),
    '--complete-within',
    String(COMPLETE_WITHIN_MS),
    '--seed',
    '5',
    '--rate-limit',
    String(SCALE_ACCOUNT_PER_SECOND),
  ]);
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-scale-'));
  try {
    const client = new ImageKitClient({
      fetch: (input, init) => fetch(input, init),
      privateKey: () => fake.privateKey,
      baseUrl: fake.baseUrl,
      userAgent: `purge-watch/${packageJson.version} (bench)`,
    });
    // Monotonic, like the scheduler's own spacing: a wall-clock step cannot fake a burst.
    const startTimes: number[] = [];
    let budgetPerSecond = 0;
    let rateLimitedAnswers = 0;
    const api: PurgeStatusApi = {
      getPurgeStatus: async (requestId) => {
        startTimes.push(performance.now());
        // What the budget allowed for this start (the learned one, once an answer advertised);
        // only called once the tracker below exists.
        budgetPerSecond = Math.max(budgetPerSecond, tracker.requestsPerSecond);
        const outcome = await client.getPurgeStatus(requestId);
        if (!outcome.ok && outcome.error.kind === 'rate_limited') rateLimitedAnswers += 1;
        return outcome;
      },
      submitPurge: (url) => client.submitPurge(url),
    };
    const { store } = openPurgeFile(directory, systemClock);
    const tracker = new Tracker({
      accounts: [{ name: 'default', api }],
      store,
      coalesceWritesMs: 1_000, // the app's 5 s, compressed less than polling so writes stay realistic
      budget: SCALE_BUDGET,
      schedule: compressedSchedule(SCALE),
    });
    tracker.start();
    let completed = 0;
    tracker.on('completed', () => void completed++);
    const allDone = allCompleted(tracker, SCALE_PURGES);

    const cpuBefore = process.cpuUsage();
    const wallStart = performance.now();
    // Tracked the way a user pastes them: one add of every ID.
    await tracker.add(fake.requestIds);
    let limit: NodeJS.Timeout | undefined;
    await Promise.race([
      allDone,
      new Promise((resolve) => (limit = setTimeout(resolve, 10 * 60_000))),
    ]);
    clearTimeout(limit);
    // Let the last coalesced write land, then measure idling.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const cpu = process.cpuUsage(cpuBefore);
    const wallSeconds = (performance.now() - wallStart) / 1000;

    const isIdle = tracker.isIdle;
    const idleBefore = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const idleCpu = process.cpuUsage(idleBefore);
    // Only the idle wait's own timer was armed while measuring; count what remains now.
    const timersArmed = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    tracker.close();
    const peak = peakPerSecond(startTimes);

    return {
      purges: SCALE_PURGES,
      scale: SCALE,
      budget: SCALE_BUDGET,
      accountRequestsPerSecond: SCALE_ACCOUNT_PER_SECOND,
      completed,
      wallSeconds: round(wallSeconds, 2),
      cpuSeconds: {
        user: round(cpu.user / 1e6, 2),
        system: round(cpu.system / 1e6, 2),
        total: round((cpu.user + cpu.system) / 1e6, 2),
      },
      cpuShareOfOneCore: round((cpu.user + cpu.system) / 1e6 / wallSeconds, 3),
      peakRssMiB: round(process.resourceUsage().maxRSS / 1024, 1),
      storeWrites: tracker.storeWrites,
      storeFileKiB: round(fs.statSync(store.path).size / 1024, 1),
      requests: startTimes.length,
      requestsPerPurge: round(startTimes.length / SCALE_PURGES, 2),
      meanRequestsPerSecond: round(
        startTimes.length / ((startTimes.at(-1)! - startTimes[0]!) / 1000),
        1,
      ),
      peakRequestsPerSecond: peak,
      budgetRequestsPerSecond: budgetPerSecond,
      peakWithinBudget: peak <= budgetPerSecond,
      rateLimitedAnswers,
      idle: { isIdle, timersArmed, cpuMsOver5s: round((idleCpu.user + idleCpu.system) / 1000, 1) },
    };
  } finally {
    await fake.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await runScale();
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
