// Drill: the store's directory cannot hold the file when Purge Watch starts (a file where the
// directory should be: unusable even for root). Opening must not crash; the tracker runs in
// memory, says why in plain words, and saves everything once the directory becomes usable,
// tracking too what the list there holds then (a drive mounted late), never writing over it.
// (Corrupt and schema-invalid files, and a file path that turns unwritable while running, are
// drilled in test/integration/purge-store.test.ts.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPurgeFile } from '../../src/core/storage/purge-file';
import type { SetAsideListener } from '../../src/core/storage/store-file';
import { Tracker } from '../../src/core/tracking/tracker';
import { SimulatedImageKit, requestIdAt } from '../support/simulated-imagekit';
import { VirtualClock } from '../support/virtual-clock';

const S = 1000;
const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

/** The tracker started on a directory that cannot hold its file (a drive not mounted yet). */
function startWithoutDirectory(onSetAside?: SetAsideListener) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-nodir-'));
  roots.push(root);
  const directory = path.join(root, 'config');
  fs.writeFileSync(directory, 'a file, not a directory');
  const clock = new VirtualClock();
  const api = new SimulatedImageKit(clock);
  const { store } = openPurgeFile(directory, clock, onSetAside);
  const tracker = new Tracker({ accounts: [{ name: 'default', api }], clock, store });
  tracker.start();
  /** The directory becomes usable, holding a purges file with this text. */
  const mount = (text: string) => {
    fs.rmSync(directory);
    fs.mkdirSync(directory);
    fs.writeFileSync(path.join(directory, 'purges.json'), text);
  };
  return { directory, clock, api, tracker, mount };
}

/** A list as an earlier run saved it: these purges, tracked a minute before `now`. */
function savedList(now: number, purges: Array<[string, 'pending' | 'completed']>): string {
  return JSON.stringify({
    purges: purges.map(([requestId, state]) => ({
      requestId,
      account: 'default',
      state,
      status: state === 'completed' ? 'Completed' : 'Pending',
      submittedAt: now - 60 * S,
      addedAt: now - 60 * S,
      checks: 1,
    })),
  });
}

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

  it('tracks the purges of a list found once the directory is usable (a drive mounted late), and writes over none', async () => {
    const { directory, clock, api, tracker, mount } = startWithoutDirectory();
    const here = requestIdAt(clock.now(), 1);
    api.addPurge(here, clock.now() + 20 * S);
    await tracker.add(here);
    await clock.advance(30 * S);

    // The drive is mounted: its list holds a purge tracked before, still pending, and one done.
    const before = requestIdAt(clock.now() - 60 * S, 2);
    const done = requestIdAt(clock.now() - 120 * S, 3);
    api.addPurge(before, clock.now() + 5 * S);
    mount(
      savedList(clock.now(), [
        [before, 'pending'],
        [done, 'completed'],
      ]),
    );

    await clock.advance(30 * S);
    expect(tracker.status().storageProblem).toBeUndefined();
    expect(tracker.list().map((p) => [p.requestId, p.state])).toEqual(
      expect.arrayContaining([
        [here, 'completed'],
        [before, 'completed'],
        [done, 'completed'],
      ]),
    );
    const saved = JSON.parse(fs.readFileSync(path.join(directory, 'purges.json'), 'utf8')) as {
      purges: Array<{ requestId: string }>;
    };
    expect(saved.purges.map((p) => p.requestId).sort()).toEqual([here, before, done].sort());
    tracker.close();
  });

  it('opens a list found there though nothing changes meanwhile: its purges are tracked and checked', async () => {
    const { clock, api, tracker, mount } = startWithoutDirectory();
    await clock.advance(60 * S);
    expect(tracker.status().storageProblem).toMatch(/ENOTDIR/);

    const before = requestIdAt(clock.now() - 60 * S, 2);
    api.addPurge(before, clock.now() + 5 * S);
    mount(savedList(clock.now(), [[before, 'pending']]));
    await clock.advance(30 * S);
    expect(tracker.status().storageProblem).toBeUndefined();
    expect(tracker.get(before)?.state).toBe('completed');
    tracker.close();
  });

  it('sets aside the records of a list found then that do not hold together, and says so as at start', async () => {
    const { directory, clock, api, tracker, mount } = startWithoutDirectory();
    const before = requestIdAt(clock.now() - 60 * S, 2);
    api.addPurge(before, clock.now() + 5 * S);
    const list = JSON.parse(savedList(clock.now(), [[before, 'pending']])) as {
      purges: unknown[];
    };
    list.purges.push({ requestId: 'not an ID', state: 'pending' });
    mount(JSON.stringify(list));
    await clock.advance(30 * S);
    expect(tracker.get(before)?.state).toBe('completed');
    const recovered = tracker.status().recoveredStore;
    expect(recovered).toEqual({
      movedTo: expect.stringMatching(/config\/purges\.json\.dropped-/),
      reason: '1 record that did not hold together; the other 1 were kept',
      kept: 1,
    });
    expect(fs.readFileSync(recovered!.movedTo, 'utf8')).toContain('not an ID');
    expect(fs.existsSync(directory)).toBe(true);
    tracker.close();
  });

  it("moves a list found not JSON then aside, says where (to the notifier, and in the window's status as at start), and saves", async () => {
    const told: string[] = [];
    const { clock, api, tracker, mount } = startWithoutDirectory(({ movedTo }) =>
      told.push(movedTo),
    );
    mount('{"purges": [');
    const id = requestIdAt(clock.now(), 1);
    api.addPurge(id, clock.now() + 20 * S);
    expect(await tracker.add(id)).toMatchObject({ persisted: true });
    expect(told).toEqual([expect.stringMatching(/config\/purges\.json\.corrupt-/)]);
    expect(fs.readFileSync(told[0]!, 'utf8')).toBe('{"purges": [');
    expect(tracker.status().storageProblem).toBeUndefined();
    // The window's banner, as for a list found so at start, but the purges tracked meanwhile
    // are kept: found late.
    expect(tracker.status().recoveredStore).toEqual({
      movedTo: told[0],
      reason: expect.stringMatching(/JSON/),
      foundLate: true,
    });
    expect(tracker.list().map((p) => p.requestId)).toEqual([id]);
    tracker.close();
  });
});
