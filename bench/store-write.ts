// A store write at the tracked-purge ceiling: the main process blocks while conf serialises and
// atomically writes the whole list, so each add or remove the user makes costs that much of its
// time. Measured on a real conf store file holding MAX_TRACKED_PURGES purges (URLs, errors and
// all), as the wall and CPU time of the synchronous write.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../src/core/clock';
import { openPurgeFile } from '../src/core/purge-file';
import type { PurgeRequest } from '../src/shared/purge';
import { MAX_TRACKED_PURGES } from '../src/shared/purge';

const WRITES = 30;

export interface StoreWriteFigures {
  purges: number;
  fileKiB: number;
  writes: number;
  wallMs: { median: number; p90: number; max: number };
  cpuMs: { median: number; p90: number; max: number };
  /** The budget the issue sets for one write at the ceiling. */
  goalMs: 50;
}

function purgeAt(i: number, now: number): PurgeRequest {
  const requestId = (0x6b0ac240 * 2 ** 32 + i).toString(16).padStart(24, '0').slice(-24);
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

function spread(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const round = (v: number) => Math.round(v * 10) / 10;
  return { median: round(at(0.5)), p90: round(at(0.9)), max: round(sorted.at(-1)!) };
}

export function runStoreWrite(): StoreWriteFigures {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-bench-store-'));
  try {
    const { store } = openPurgeFile(directory, systemClock);
    const now = Date.now();
    const purges = Array.from({ length: MAX_TRACKED_PURGES }, (_, i) => purgeAt(i, now));
    store.set('purges', purges); // the file at the ceiling
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < WRITES; i++) {
      purges[i % purges.length]!.checks += 1; // a change, as a user's add or remove makes
      const cpuBefore = process.cpuUsage();
      const start = performance.now();
      store.set('purges', purges);
      wall.push(performance.now() - start);
      const used = process.cpuUsage(cpuBefore);
      cpu.push((used.user + used.system) / 1000);
    }
    return {
      purges: purges.length,
      fileKiB: Math.round(fs.statSync(store.path).size / 1024),
      writes: WRITES,
      wallMs: spread(wall),
      cpuMs: spread(cpu),
      goalMs: 50,
    };
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(runStoreWrite())}\n`);
}
