// A store write at the tracked-purge ceiling: the main process blocks while the purges file is
// serialised and atomically replaced, so each add or remove the user makes costs that much of its
// time. Measured as the tracker persists (`PurgeStore.writeNow` over `core/storage/purge-file.ts`, the
// snapshot included) on a real file of MAX_TRACKED_PURGES purges (URLs, errors and all) and of
// half as many, and, for comparison in the same run, the same write through conf as Purge Watch
// 0.1.0 made it. Wall and CPU time of each synchronous write; the goal is on CPU.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../src/core/clock';
import { openPurgeFile } from '../src/core/storage/purge-file';
import type { ConfLikeStore } from '../src/core/storage/purge-store';
import { PurgeStore } from '../src/core/storage/purge-store';
import type { PurgeRequest } from '../src/shared/purge';
import { MAX_TRACKED_PURGES } from '../src/shared/purge';
import { openAsVersion010 } from '../test/support/purge-file-0-1-0';

const WRITES = 30;
/** Writes before the measured ones: the first few compile the serialiser and warm the cache. */
const WARM_UP = 3;
/** The budget for one write at the ceiling, in milliseconds of CPU, met by the p90. */
const GOAL_CPU_MS = 50;

interface Spread {
  median: number;
  p90: number;
  max: number;
}

export interface WriteFigures {
  purges: number;
  fileKiB: number;
  writes: number;
  wallMs: Spread;
  cpuMs: Spread;
}

export interface StoreWriteFigures {
  /** The machine's 1, 5 and 15 minute load averages as the run started (2 cores here). */
  loadAverage: number[];
  atCeiling: WriteFigures;
  atHalf: WriteFigures;
  /** 0.1.0's write (conf re-reads and re-parses the file first), at the ceiling, same run. */
  throughConf010: WriteFigures;
  goal: { cpuMs: typeof GOAL_CPU_MS; measuredBy: string; met: boolean };
}

function purgeAt(i: number, now: number): PurgeRequest {
  const requestId = `6b0ac240${i.toString(16).padStart(16, '0')}`;
  return {
    requestId,
    url: `https://ik.imagekit.io/acme/site/assets/images/product-${i}.jpg`,
    state: i % 3 === 0 ? 'pending' : 'completed',
    status: i % 3 === 0 ? 'Pending' : 'Completed',
    submittedAt: now - 60_000,
    addedAt: now - 60_000,
    lastCheckedAt: now,
    ...(i % 3 === 0 ? {} : { completedAt: now }),
    checks: 4,
    ...(i % 7 === 0
      ? {
          lastError: {
            kind: 'transient' as const,
            message: 'ImageKit did not answer within 15 s.',
            at: now,
          },
        }
      : {}),
  };
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const round = (v: number) => Math.round(v * 10) / 10;
  return { median: round(at(0.5)), p90: round(at(0.9)), max: round(sorted.at(-1)!) };
}

/** Times `WRITES` writes of `count` purges, each after a change like a user's add or remove. */
function timeWrites(count: number, open: (directory: string) => ConfLikeStore): WriteFigures {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-bench-store-'));
  try {
    const backing = open(directory);
    const store = new PurgeStore(backing, { clock: systemClock });
    const now = Date.now();
    const records = Array.from({ length: count }, (_, i) => purgeAt(i, now));
    const purges = new Map(records.map((purge) => [purge.requestId, purge]));
    if (purges.size !== count) throw new Error('the benchmark made two purges with one ID');
    // The tracker's own snapshot: its map's values, as `Tracker.persistNow` hands them over.
    const snapshot = () => [...purges.values()];
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < WARM_UP + WRITES; i++) {
      records[i % count]!.checks += 1;
      const cpuBefore = process.cpuUsage();
      const start = performance.now();
      if (!store.writeNow(snapshot)) throw new Error(`the write failed: ${store.currentProblem}`);
      const elapsed = performance.now() - start;
      const used = process.cpuUsage(cpuBefore);
      if (i < WARM_UP) continue;
      wall.push(elapsed);
      cpu.push((used.user + used.system) / 1000);
    }
    store.close();
    return {
      purges: count,
      fileKiB: Math.round(fs.statSync(backing.path).size / 1024),
      writes: WRITES,
      wallMs: spread(wall),
      cpuMs: spread(cpu),
    };
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

export function runStoreWrite(): StoreWriteFigures {
  const loadAverage = os.loadavg().map((load) => Math.round(load * 100) / 100);
  const purgeFile = (directory: string) => openPurgeFile(directory, systemClock).store;
  const atCeiling = timeWrites(MAX_TRACKED_PURGES, purgeFile);
  const atHalf = timeWrites(MAX_TRACKED_PURGES / 2, purgeFile);
  const throughConf010 = timeWrites(MAX_TRACKED_PURGES, openAsVersion010);
  return {
    loadAverage,
    atCeiling,
    atHalf,
    throughConf010,
    goal: {
      cpuMs: GOAL_CPU_MS,
      measuredBy: `p90 CPU of a write at the ceiling (${MAX_TRACKED_PURGES.toLocaleString('en-US')} purges)`,
      met: atCeiling.cpuMs.p90 < GOAL_CPU_MS,
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(runStoreWrite())}\n`);
}
