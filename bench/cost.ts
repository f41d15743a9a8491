// How the cost of polling grows with the number of purges pending: N purges (100, 1,000, 10,000)
// added at once with no budget, each taking minutes so that its checks repeat (about 20 each),
// against an in-process status API that answers in the next turn of the event loop, as a socket
// does. The timeline is compressed 100× (every schedule time and duration × 0.01) so that minutes
// play in seconds; purges are added with a URL, so their submission is the moment they are added.
// Per N: CPU per status request (this process's user + system time ÷ requests) and the event
// loop's delay (p99 and max, node:perf_hooks at 1 ms resolution) while the purges are polled.
// No store file: a store write at 10,000 purges is measured on its own (bench/store-write.ts).
// Then, where valgrind is installed, the same growth counted in instructions, which do not depend
// on the machine's load: bench/cost-virtual.ts under callgrind, on the virtual clock, with V8's
// compiler off and its threads serialised (--jitless --predictable), so the counts repeat; each
// N runs to two horizons, and the difference in instructions ÷ the difference in requests is what
// one more request costs (JavaScript interpreted: compare the rows, not with the CPU column).
// Run alone (`tsx bench/cost.ts`): it prints one JSON line.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { systemClock } from '../src/core/clock';
import type { PurgeStatusApi } from '../src/core/imagekit/imagekit-client';
import { Tracker } from '../src/core/tracking/tracker';
import { SimulatedImageKit, requestIdAt } from '../test/support/simulated-imagekit';
import { seededRandom } from '../test/support/seeded-random';
import { UNCONSTRAINED, round } from './detection';
import { allCompleted, compressedSchedule } from './scale';

export const COST_PENDING = [100, 1_000, 10_000] as const;
const SCALE = 0.01;
/** Purges take 2–10 minutes (compressed): about 20 checks each on the default schedule. */
const TAKES_FROM_MS = 120_000 * SCALE;
const TAKES_UP_TO_MS = 600_000 * SCALE;

export interface CostPoint {
  pending: number;
  /** Counted by callgrind, interpreted (absent where valgrind is not installed). */
  instructionsPerRequest?: number;
  requests: number;
  requestsPerPurge: number;
  cpuMicrosecondsPerRequest: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  wallSeconds: number;
}

export interface CostFigures {
  scale: number;
  /** The machine's 1-minute load average before and after. */
  loadAverage: [number, number];
  points: CostPoint[];
  goals: {
    /** CPU per request at 10,000 pending ÷ at 100: the goal is at most 2. */
    cpuGrowth: number;
    /** The same in instructions, where valgrind counted them. */
    instructionGrowth?: number;
    cpuWithinTwice: boolean;
    /** Event-loop delay p99 at 10,000 pending under 50 ms. */
    delayUnder50Ms: boolean;
  };
}

async function measure(pending: number): Promise<CostPoint> {
  const random = seededRandom(pending);
  const simulated = new SimulatedImageKit(systemClock);
  const api: PurgeStatusApi = {
    getPurgeStatus: async (requestId) => {
      await nextTurn(); // an answer arrives in a later turn, as from a socket
      return simulated.getPurgeStatus(requestId);
    },
    submitPurge: (url) => simulated.submitPurge(url),
  };
  const tracker = new Tracker({
    accounts: [{ name: 'default', api }],
    budget: { ...UNCONSTRAINED, share: null },
    schedule: compressedSchedule(SCALE),
  });
  tracker.start();
  const allDone = allCompleted(tracker, pending);
  const now = Date.now();
  const ids = Array.from({ length: pending }, (_, i) => requestIdAt(now, i + 1));
  for (const id of ids) {
    simulated.addPurge(id, now + TAKES_FROM_MS + random() * (TAKES_UP_TO_MS - TAKES_FROM_MS));
  }
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const cpuBefore = process.cpuUsage();
  const wallStart = performance.now();
  delay.enable();
  await tracker.add(ids, { url: 'https://ik.imagekit.io/bench/cost/*' });
  await allDone;
  delay.disable();
  const cpu = process.cpuUsage(cpuBefore);
  const wallSeconds = (performance.now() - wallStart) / 1000;
  tracker.close();
  const requests = simulated.calls.length;
  return {
    pending,
    requests,
    requestsPerPurge: round(requests / pending, 1),
    cpuMicrosecondsPerRequest: round((cpu.user + cpu.system) / requests, 1),
    eventLoopDelayP99Ms: round(delay.percentile(99) / 1e6, 1),
    eventLoopDelayMaxMs: round(delay.max / 1e6, 1),
    wallSeconds: round(wallSeconds, 2),
  };
}

/** Virtual seconds polled in the two runs whose difference is counted. */
const HORIZONS_MS = [5_000, 15_000] as const;

/** Instructions per request at `pending`, or undefined without valgrind. */
function instructionsPerRequest(bundle: string, pending: number): number | undefined {
  const runs = HORIZONS_MS.map((horizon) => {
    const run = spawnSync(
      'valgrind',
      [
        '--tool=callgrind',
        '--callgrind-out-file=/dev/null',
        process.execPath,
        '--jitless',
        '--predictable',
        bundle,
        String(pending),
        String(horizon),
      ],
      { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
    );
    const collected = /Collected : (\d+)/.exec(run.stderr ?? '')?.[1];
    if (run.status !== 0 || collected === undefined) return undefined;
    const { requests } = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { requests: number };
    return { instructions: Number(collected), requests };
  });
  const [short, long] = runs;
  if (!short || !long) return undefined;
  return Math.round((long.instructions - short.instructions) / (long.requests - short.requests));
}

async function countInstructions(points: CostPoint[]): Promise<void> {
  if (spawnSync('valgrind', ['--version']).status !== 0) return;
  const bundle = path.join(fileURLToPath(new URL('../.tmp/', import.meta.url)), 'cost-virtual.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./cost-virtual.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: bundle,
    logLevel: 'warning',
  });
  for (const point of points) {
    point.instructionsPerRequest = instructionsPerRequest(bundle, point.pending);
  }
}

export async function runCost(): Promise<CostFigures> {
  const loadBefore = os.loadavg()[0]!;
  await measure(100); // warm-up: the JIT, not the figures
  const points: CostPoint[] = [];
  for (const pending of COST_PENDING) points.push(await measure(pending));
  const loadAfter = os.loadavg()[0]!;
  await countInstructions(points);
  const first = points[0]!;
  const last = points.at(-1)!;
  const cpuGrowth = round(last.cpuMicrosecondsPerRequest / first.cpuMicrosecondsPerRequest, 2);
  const counted = first.instructionsPerRequest && last.instructionsPerRequest;
  return {
    scale: SCALE,
    loadAverage: [round(loadBefore, 2), round(loadAfter, 2)],
    points,
    goals: {
      cpuGrowth,
      ...(counted
        ? {
            instructionGrowth: round(
              last.instructionsPerRequest! / first.instructionsPerRequest!,
              2,
            ),
          }
        : {}),
      cpuWithinTwice: cpuGrowth <= 2,
      delayUnder50Ms: last.eventLoopDelayP99Ms < 50,
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await runCost())}\n`);
}
