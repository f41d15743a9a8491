import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openPurgeFile } from '../../src/core/storage/purge-file';
import { Tracker } from '../../src/core/tracking/tracker';
import { SimulatedImageKit, requestIdAt } from '../support/simulated-imagekit';
import { openAsVersion010 } from '../support/purge-file-0-1-0';
import { VirtualClock } from '../support/virtual-clock';
import { unreadableFile } from '../support/unreadable-file';
import type { PurgeRequest } from '../../src/shared/purge';
import { FORMER_STATE_SPELLINGS } from '../../src/shared/purge';

const WRITTEN_BY_0_1_0 = new URL('../fixtures/purges-written-by-0.1.0.json', import.meta.url);

const directories: string[] = [];
function tempDirectory(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-store-'));
  directories.push(directory);
  return directory;
}
afterEach(() => {
  vi.restoreAllMocks();
  for (const directory of directories.splice(0))
    fs.rmSync(directory, { recursive: true, force: true });
});

function trackerOn(directory: string, onReadable?: (filePath: string) => void) {
  const clock = new VirtualClock();
  const { store, recovered } = openPurgeFile(directory, clock, undefined, onReadable);
  const api = new SimulatedImageKit(clock);
  const tracker = new Tracker({
    accounts: [{ name: 'default', api }],
    clock,
    store,
    recoveredStore: recovered,
  });
  tracker.start();
  return { clock, tracker, api };
}

describe('the store file', () => {
  it('survives a restart, readable only by the user', async () => {
    const directory = tempDirectory();
    const first = trackerOn(directory);
    const id = requestIdAt(first.clock.now(), 1);
    await first.tracker.add(id);
    first.tracker.close();
    const file = path.join(directory, 'purges.json');
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = trackerOn(directory);
    expect(second.tracker.list().map((p) => p.requestId)).toEqual([id]);
  });

  it.each([
    ['corrupt JSON', '{"purges": [{"requestId": "abc", '],
    ['a schema violation', JSON.stringify({ purges: 'every purge I ever made' })],
  ])('moves a file holding %s aside, never deleting it, and reports it', (_what, content) => {
    const directory = tempDirectory();
    fs.writeFileSync(path.join(directory, 'purges.json'), content);
    const { tracker } = trackerOn(directory);
    const recovered = tracker.status().recoveredStore;
    expect(recovered?.movedTo).toMatch(/purges\.json\.corrupt-/);
    expect(fs.readFileSync(recovered!.movedTo, 'utf8')).toBe(content);
    expect(tracker.list()).toEqual([]);
  });

  it('drops bad records one by one, sets them aside and keeps the rest', () => {
    const directory = tempDirectory();
    const now = new VirtualClock().now();
    const good = (n: number) => ({
      requestId: requestIdAt(now, n),
      state: 'pending',
      status: '',
      submittedAt: now,
      addedAt: now,
      checks: 0,
    });
    const bad = { ...good(3), state: 'weird' };
    fs.writeFileSync(
      path.join(directory, 'purges.json'),
      JSON.stringify({ purges: [good(1), bad, good(2), 'not a record'] }),
    );
    const { tracker } = trackerOn(directory);
    expect(
      tracker
        .list()
        .map((p) => p.requestId)
        .sort(),
    ).toEqual([good(1).requestId, good(2).requestId].sort());
    const setAside = tracker.status().recoveredStore;
    expect(setAside).toMatchObject({ kept: 2, reason: expect.stringMatching(/^2 records/) });
    const kept = JSON.parse(fs.readFileSync(setAside!.movedTo, 'utf8')) as { purges: unknown[] };
    expect(kept.purges).toEqual([bad, 'not a record']);
    expect(fs.readdirSync(directory).some((name) => name.includes('.corrupt-'))).toBe(false);
  });

  it('reads a file that starts with a UTF-8 byte order mark', () => {
    const directory = tempDirectory();
    const now = new VirtualClock().now();
    const record = {
      requestId: requestIdAt(now, 4),
      state: 'completed',
      status: 'Completed',
      submittedAt: now,
      addedAt: now,
      checks: 1,
    };
    fs.writeFileSync(
      path.join(directory, 'purges.json'),
      `\uFEFF${JSON.stringify({ purges: [record] })}`,
    );
    const { tracker } = trackerOn(directory);
    expect(tracker.list().map((p) => p.requestId)).toEqual([record.requestId]);
    expect(tracker.status().recoveredStore).toBeUndefined();
  });

  it("reads the states an earlier version spelled 'not-found' and 'given-up', and writes today's spelling", async () => {
    const directory = tempDirectory();
    const now = new VirtualClock().now();
    const written = (n: number, state: string) => ({
      requestId: requestIdAt(now - 60_000, n),
      state,
      status: state === 'given-up' ? 'Pending' : '',
      submittedAt: now - 60_000,
      addedAt: now - 60_000,
      checks: 3,
      ...(state === 'not-found'
        ? { lastError: { kind: 'not_found', message: 'No request found.', at: now - 1_000 } }
        : {}),
    });
    const file = path.join(directory, 'purges.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ purges: [written(6, 'not-found'), written(7, 'given-up')] }),
    );
    const { clock, tracker } = trackerOn(directory);
    expect(tracker.status().recoveredStore).toBeUndefined();
    expect(tracker.get(written(6, 'not-found').requestId)).toMatchObject({
      state: 'not_found',
      lastError: { kind: 'not_found' },
    });
    expect(tracker.get(written(7, 'given-up').requestId)?.state).toBe('given_up');
    await tracker.add(requestIdAt(clock.now(), 8));
    tracker.close();
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { purges: { state: string }[] };
    expect(stored.purges.map((p) => p.state).sort()).toEqual(['given_up', 'not_found', 'pending']);
  });

  it('keeps a file it cannot read in place, tracks in memory and says why', async () => {
    const directory = tempDirectory();
    // Unreadable even for root: a directory where the file should be (EISDIR, like EACCES).
    const file = path.join(directory, 'purges.json');
    fs.mkdirSync(file);
    fs.writeFileSync(path.join(file, 'inside'), 'kept');
    const { clock, tracker } = trackerOn(directory);
    expect(tracker.status().recoveredStore).toBeUndefined();
    expect(tracker.status().storageProblem).toMatch(
      /purges\.json: it could not be read \(EISDIR\) and is left as it is/,
    );
    const id = requestIdAt(clock.now(), 5);
    expect((await tracker.add(id)).persisted).toBe(false);
    expect(tracker.get(id)?.state).toBe('pending');
    expect(fs.readFileSync(path.join(file, 'inside'), 'utf8')).toBe('kept');
    expect(fs.readdirSync(directory)).toEqual(['purges.json']);
    tracker.close();
  });

  it('tracks the purges of a file it could not read at start (EACCES) once it can be read, and never writes over it', async () => {
    const directory = tempDirectory();
    const file = path.join(directory, 'purges.json');
    const start = new VirtualClock().now();
    const earlier = requestIdAt(start - 60_000, 11);
    const saved = JSON.stringify({
      purges: [
        {
          requestId: earlier,
          account: 'default',
          state: 'pending',
          status: 'Pending',
          submittedAt: start - 60_000,
          addedAt: start - 60_000,
          checks: 1,
        },
      ],
    });
    fs.writeFileSync(file, saved, { mode: 0o600 });
    const refusal = unreadableFile(file);
    const readable: string[] = [];
    const { clock, tracker, api } = trackerOn(directory, (filePath) => readable.push(filePath));
    api.addPurge(earlier, start + 5 * 60_000);
    expect(tracker.status().storageProblem).toMatch(
      /purges\.json: it could not be read \(EACCES\) and is left as it is until it can be read\./,
    );
    expect(tracker.list()).toEqual([]);

    // Tracked meanwhile in memory; the file, tried again at each save, is not written over.
    const here = requestIdAt(clock.now(), 12);
    expect((await tracker.add(here)).persisted).toBe(false);
    await clock.advance(60_000);
    expect(refusal.content()).toBe(saved);
    expect(tracker.get(earlier)).toBeUndefined();
    expect(readable).toEqual([]);

    // Its mode put right: at the next retry its purges are tracked (and checked) beside the one
    // tracked meanwhile, and both are saved in it.
    refusal.readable();
    await clock.advance(10_000);
    expect(tracker.status().storageProblem).toBeUndefined();
    expect(readable).toEqual([file]);
    expect(tracker.get(earlier)?.state).toBe('pending');
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { purges: PurgeRequest[] };
    expect(stored.purges.map((p) => p.requestId).sort()).toEqual([earlier, here].sort());
    await clock.advance(5 * 60_000);
    expect(tracker.get(earlier)?.state).toBe('completed');
    tracker.close();
  });

  it('says nothing was read when a file it could not read at start is gone by the time it saves (deleted by hand): a new list is made', async () => {
    const directory = tempDirectory();
    const file = path.join(directory, 'purges.json');
    fs.writeFileSync(file, JSON.stringify({ purges: [] }), { mode: 0o600 });
    const refusal = unreadableFile(file);
    const readable: string[] = [];
    const { clock, tracker } = trackerOn(directory, (filePath) => readable.push(filePath));
    expect(tracker.status().storageProblem).toMatch(/could not be read \(EACCES\)/);
    const here = requestIdAt(clock.now(), 12);
    await tracker.add(here);

    refusal.readable();
    fs.rmSync(file);
    await clock.advance(10_000);
    expect(tracker.status().storageProblem).toBeUndefined();
    expect(readable).toEqual([]);
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { purges: PurgeRequest[] };
    expect(stored.purges.map((p) => p.requestId)).toEqual([here]);
    tracker.close();
  });

  it('keeps running in memory when the directory is not writable, and says so', async () => {
    const directory = tempDirectory();
    const { clock, tracker } = trackerOn(directory);
    // A directory where the file should be: unwritable even for root, who ignores permissions.
    fs.rmSync(path.join(directory, 'purges.json'), { force: true });
    fs.mkdirSync(path.join(directory, 'purges.json'));
    const id = requestIdAt(clock.now(), 2);
    const result = await tracker.add(id);
    expect(result.persisted).toBe(false);
    expect(tracker.get(id)?.state).toBe('pending');
    expect(tracker.status().storageProblem).toMatch(
      /Could not save tracked purges to .*purges\.json/,
    );
    // The failed write left nothing behind: no half-written temporary file beside it.
    expect(fs.readdirSync(directory)).toEqual(['purges.json']);
  });

  it('reads the file Purge Watch 0.1.0 wrote (through conf), and 0.1.0 can read it back', async () => {
    const directory = tempDirectory();
    const file = path.join(directory, 'purges.json');
    // Written by 0.1.0's own code (Tracker + conf), byte for byte: compact JSON, all five states.
    const written = fs.readFileSync(WRITTEN_BY_0_1_0, 'utf8');
    fs.writeFileSync(file, written, { mode: 0o600 });
    const stored = (JSON.parse(written) as { purges: PurgeRequest[] }).purges;
    // Read back in today's spelling of the states (0.1.0 wrote not-found and given-up), each
    // purge the default account's (0.1.0 had one key, and no accounts).
    const readBack = stored.map((p) => ({
      ...p,
      account: 'default',
      state: FORMER_STATE_SPELLINGS[p.state] ?? p.state,
    }));
    const byId = (purges: PurgeRequest[]) =>
      [...purges].sort((a, b) => a.requestId.localeCompare(b.requestId));

    const { clock, tracker } = trackerOn(directory);
    expect(tracker.status().recoveredStore).toBeUndefined();
    expect(byId(tracker.list())).toEqual(byId(readBack));
    const added = requestIdAt(clock.now(), 9);
    expect((await tracker.add(added)).persisted).toBe(true);
    tracker.close();

    // A user going back to 0.1.0 keeps every purge: conf with 0.1.0's options opens the file.
    const downgraded = openAsVersion010(directory);
    expect(downgraded.get('purges').map((p) => p.requestId)).toEqual(
      expect.arrayContaining([...stored.map((p) => p.requestId), added]),
    );
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^\{"purges":\[\{"requestId":/);
  });

  it('rewrites a file mangled while it runs from the list it holds, at the next add', async () => {
    const directory = tempDirectory();
    const { clock, tracker } = trackerOn(directory);
    const first = requestIdAt(clock.now(), 6);
    await tracker.add(first);
    // Something else (a sync tool, an editor) cuts the file short while the app runs.
    const file = path.join(directory, 'purges.json');
    fs.writeFileSync(file, '{"purges": [{"requestId": ');
    const second = requestIdAt(clock.now(), 7);
    expect((await tracker.add(second)).persisted).toBe(true);
    expect(tracker.status().storageProblem).toBeUndefined();
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { purges: PurgeRequest[] };
    expect(saved.purges.map((p) => p.requestId).sort()).toEqual([first, second].sort());
    tracker.close();
  });

  it('removes at start what a write killed mid-way left beside the file, and keeps the file', async () => {
    const directory = tempDirectory();
    const first = trackerOn(directory);
    await first.tracker.add(requestIdAt(first.clock.now(), 8));
    first.tracker.close();
    const left = path.join(directory, 'purges.json.tmp-99999999-0a1b2c3d');
    fs.writeFileSync(left, '{"purges":[{"requestId":"6b0a');
    const second = trackerOn(directory);
    expect(second.tracker.list()).toHaveLength(1);
    expect(fs.readdirSync(directory)).toEqual(['purges.json']);
    second.tracker.close();

    // One that cannot be removed (unremovable even for root: a folder with something in it)
    // stays, and the file opens all the same.
    fs.mkdirSync(left);
    fs.writeFileSync(path.join(left, 'inside'), '');
    const third = trackerOn(directory);
    expect(third.tracker.status().storageProblem).toBeUndefined();
    expect(third.tracker.list()).toHaveLength(1);
    third.tracker.close();
  });

  it('writes through a purges.json that is a symbolic link, which stays one', async () => {
    const directory = tempDirectory();
    const elsewhere = tempDirectory();
    const target = path.join(elsewhere, 'my-purges.json');
    fs.writeFileSync(target, '{"purges":[]}');
    fs.symlinkSync(target, path.join(directory, 'purges.json'));
    const { clock, tracker } = trackerOn(directory);
    const id = requestIdAt(clock.now(), 10);
    expect((await tracker.add(id)).persisted).toBe(true);
    tracker.close();
    expect(fs.lstatSync(path.join(directory, 'purges.json')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toContain(id);
  });

  it('loses no acknowledged purge when the process is killed during a burst of adds', async () => {
    const directory = tempDirectory();
    for (let round = 0; round < 3; round++) {
      const prefix = `a${round}`;
      const acknowledged = await runAndKill(directory, prefix, 20 + round * 35);
      const { tracker } = trackerOn(directory);
      const stored = new Set(tracker.list().map((p) => p.requestId));
      for (const id of acknowledged) expect(stored.has(id)).toBe(true);
      tracker.close();
    }
    // Three subprocesses under tsx: a hang guard sized for a loaded 2-core machine.
  }, 180_000);
});

/** Run the add-burst child, SIGKILL it once it has acknowledged `killAfterAcks` IDs, return what it acknowledged. */
function runAndKill(directory: string, prefix: string, killAfterAcks: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/add-burst.ts', directory, prefix],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      // Counted, not timed: a loaded machine cannot make the kill come before the burst.
      if (!killed && output.split('\n').length > killAfterAcks) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    // 'close', not 'exit': acknowledgements written before the kill may still be in the pipe.
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child exited without being killed (${signal})`));
      // Only complete lines are acknowledgements.
      resolve(output.split('\n').slice(0, -1));
    });
  });
}
