// Drill: SIGKILL a process while it writes bursts of adds and status changes to a real store
// file, again and again on the same file. After each kill the file must open cleanly (not moved
// aside as corrupt), hold every purge whose add was acknowledged, and keep every completion it
// had already recorded. (test/integration/purge-store.test.ts kills during adds on a fresh, small
// file; this one kills a growing file mid-rewrite, with most writes coming from polling.)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPurgeFile } from '../../src/core/storage/purge-file';
import { PurgeStore } from '../../src/core/storage/purge-store';
import { VirtualClock } from '../support/virtual-clock';

const ROUNDS = 6;
const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) {
    fs.rmSync(directory, { recursive: true, force: true });
  }
});

interface KilledRun {
  acknowledged: string[];
  recovered: boolean;
}

/**
 * Runs the churn child and SIGKILLs it as soon as it reports `killAfterWrites` writes: counted,
 * not timed, so a loaded machine cannot make the kill come too early.
 */
function runAndKill(directory: string, round: number, killAfterWrites: number): Promise<KilledRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'test/drills/fixtures/store-churn.ts',
        directory,
        `c${round}`,
        `${round + 1}`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const writes = output.match(/^writes (\d+)$/gm)?.at(-1);
      if (!killed && writes && Number(writes.slice(7)) >= killAfterWrites) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    // 'close', not 'exit': lines written before the kill may still be in the pipe at its exit.
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') {
        reject(new Error(`the child exited without being killed (${signal}):\n${output}`));
        return;
      }
      // Only complete lines count: a line cut by the kill was never acknowledged.
      const lines = output.split('\n').slice(0, -1);
      resolve({
        acknowledged: lines.filter((l) => l.startsWith('ack ')).map((l) => l.slice(4)),
        recovered: lines.some((l) => l.startsWith('recovered ')),
      });
    });
  });
}

describe('SIGKILL during bursts of adds and status changes, repeated', () => {
  it('leaves a valid file holding every acknowledged purge and every recorded completion', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-kill-'));
    directories.push(directory);
    const acknowledged = new Set<string>();
    let completed = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const run = await runAndKill(directory, round, 60 + ((round * 37) % 100));
      expect(run.recovered, `round ${round}: the child found the file corrupt`).toBe(false);
      for (const id of run.acknowledged) acknowledged.add(id);

      const clock = new VirtualClock();
      const { store, recovered } = openPurgeFile(directory, clock);
      expect(recovered, `round ${round}: the file was moved aside`).toBeUndefined();
      // What the killed write left half-done beside the file is gone once the file is opened.
      expect(fs.readdirSync(directory)).toEqual(['purges.json']);
      const purges = new PurgeStore(store, { clock }).load();
      // Every record passed conf's schema; none was dropped as malformed either.
      expect((store.get('purges') as unknown[]).length).toBe(purges.length);
      const byId = new Map(purges.map((p) => [p.requestId, p]));
      expect([...acknowledged].filter((id) => !byId.has(id))).toEqual([]);
      // A completion once on disk is never lost by a later, interrupted write.
      expect([...completed].filter((id) => byId.get(id)?.state !== 'completed')).toEqual([]);
      completed = new Set(purges.filter((p) => p.state === 'completed').map((p) => p.requestId));
    }
    expect(acknowledged.size).toBeGreaterThan(ROUNDS * 40);
    expect(completed.size).toBeGreaterThan(0);
  }, 60_000);
});
