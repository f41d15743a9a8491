// Drill: the store's directory cannot hold the file when Purge Watch starts (a file where the
// directory should be: unusable even for root). Opening must not crash; the tracker runs in
// memory, says why in plain words, and saves everything once the directory becomes usable.
// (Corrupt and schema-invalid files, and a file path that turns unwritable while running, are
// drilled in test/integration/purge-store.test.ts.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPurgeFile } from '../../src/core/storage/purge-file';
import { Tracker } from '../../src/core/tracking/tracker';
import { SimulatedImageKit, requestIdAt } from '../support/simulated-imagekit';
import { VirtualClock } from '../support/virtual-clock';

const S = 1000;
const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

describe('a store directory that cannot be used at start', () => {
  it('runs in memory, says why, and saves once the directory is usable', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-nodir-'));
    roots.push(root);
    const directory = path.join(root, 'config');
    fs.writeFileSync(directory, 'a file, not a directory');

    const clock = new VirtualClock();
    const { store, recovered } = openPurgeFile(directory, clock);
    expect(recovered).toBeUndefined();
    const api = new SimulatedImageKit(clock);
    const tracker = new Tracker({ accounts: [{ name: 'default', api }], clock, store });
    tracker.start();
    const id = requestIdAt(clock.now(), 1);
    api.addPurge(id, clock.now() + 20 * S);

    const result = await tracker.add(id);
    expect(result).toMatchObject({ added: [id], persisted: false });
    expect(tracker.status().storageProblem).toMatch(
      /^Could not save tracked purges to .*config\/purges\.json: ENOTDIR\. They are kept in memory/,
    );
    await clock.advance(30 * S);
    expect(tracker.get(id)?.state).toBe('completed');

    fs.rmSync(directory);
    fs.mkdirSync(directory);
    await clock.advance(10 * S); // the retry after the coalescing window
    expect(tracker.status().storageProblem).toBeUndefined();
    const saved = JSON.parse(fs.readFileSync(path.join(directory, 'purges.json'), 'utf8')) as {
      purges: Array<{ requestId: string; state: string }>;
    };
    expect(saved.purges).toEqual([expect.objectContaining({ requestId: id, state: 'completed' })]);
    tracker.close();
  });
});
