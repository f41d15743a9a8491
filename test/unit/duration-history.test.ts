import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CompletedDuration } from '../../src/core/storage/duration-history';
import {
  DURATION_FILE_NAME,
  DurationHistory,
  durationHistoryFile,
} from '../../src/core/storage/duration-history';
import { openPurgeFile } from '../../src/core/storage/purge-file';
import type { RecoveredStore } from '../../src/core/storage/store-file';
import { Tracker } from '../../src/core/tracking/tracker';
import { SimulatedImageKit, requestIdAt } from '../support/simulated-imagekit';
import { VirtualClock } from '../support/virtual-clock';

/** Where a damaged file went, for tests that do not ask. */
const unheard = () => undefined;
const S = 1000;
const MIN = 60 * S;
const directories: string[] = [];

function profile(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-durations-'));
  directories.push(directory);
  return directory;
}

afterEach(() => {
  for (const directory of directories.splice(0)) fs.rmSync(directory, { recursive: true });
});

/** A file's read or write refused, as for a file the user may not read. */
function permissionDenied(): Error {
  return Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
}

function completion(durationMs: number, submittedAt = 0): CompletedDuration {
  return { submittedAt, durationMs, submittedHere: false };
}

describe('DurationHistory', () => {
  it('keeps the last 500 completions, oldest dropped first', () => {
    const history = new DurationHistory({ clock: new VirtualClock() });
    for (let n = 0; n < 510; n++) history.record(completion(n * S), 'default');
    expect(history.completionsOf('default')).toHaveLength(500);
    expect(history.durations('default')[0]).toBe(10 * S);
    expect(history.durations('default').at(-1)).toBe(509 * S);
  });

  it('survives a restart: written to its own file (0600) in a burst, read back by the next run', async () => {
    const clock = new VirtualClock();
    const directory = profile();
    const first = new DurationHistory({
      clock,
      file: durationHistoryFile(directory, clock, unheard),
    });
    first.record(completion(90 * S, 1), 'default');
    first.record(
      { submittedAt: 2, durationMs: 30 * S, submittedHere: true, atFirstCheck: true },
      'default',
    );
    const file = path.join(directory, DURATION_FILE_NAME);
    expect(fs.existsSync(file)).toBe(false); // coalesced…
    await clock.advance(5 * S);
    expect(fs.existsSync(file)).toBe(true); // …then written once
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const second = new DurationHistory({
      clock,
      file: durationHistoryFile(directory, clock, unheard),
    });
    expect(second.completionsOf('default')).toEqual([
      { submittedAt: 1, durationMs: 90 * S, submittedHere: false },
      { submittedAt: 2, durationMs: 30 * S, submittedHere: true, atFirstCheck: true },
    ]);
  });

  it('writes what is waiting on close, and keeps other accounts it does not use', () => {
    const clock = new VirtualClock();
    const directory = profile();
    fs.writeFileSync(
      path.join(directory, DURATION_FILE_NAME),
      JSON.stringify({ accounts: { other: [completion(7 * S)] } }),
    );
    const history = new DurationHistory({
      clock,
      file: durationHistoryFile(directory, clock, unheard),
    });
    expect(history.completionsOf('default')).toEqual([]);
    history.record(completion(3 * S), 'default');
    history.close();
    const saved = JSON.parse(fs.readFileSync(path.join(directory, DURATION_FILE_NAME), 'utf8'));
    expect(saved.accounts.other).toEqual([completion(7 * S)]);
    expect(saved.accounts.default).toEqual([completion(3 * S)]);
  });

  it('skips records that do not hold together, and moves a file that is not JSON aside, telling where', () => {
    const clock = new VirtualClock();
    const directory = profile();
    const file = path.join(directory, DURATION_FILE_NAME);
    fs.writeFileSync(
      file,
      JSON.stringify({
        accounts: { default: [completion(S), { durationMs: 'soon' }, null, completion(-5)] },
      }),
    );
    expect(
      new DurationHistory({
        clock,
        file: durationHistoryFile(directory, clock, unheard),
      }).durations('default'),
    ).toEqual([S]);

    fs.writeFileSync(file, '{ not json');
    const setAside: RecoveredStore[] = [];
    const history = new DurationHistory({
      clock,
      file: durationHistoryFile(directory, clock, (recovered) => setAside.push(recovered)),
    });
    expect(history.completionsOf('default')).toEqual([]);
    history.record(completion(2 * S), 'default');
    expect(setAside).toEqual([]); // moved at a write, not at the read
    history.close();
    const names = fs.readdirSync(directory);
    const aside = names.filter((name) => name.startsWith(`${DURATION_FILE_NAME}.corrupt-`));
    expect(setAside).toEqual([{ movedTo: path.join(directory, aside[0]!), reason: 'not JSON' }]);
    expect(fs.readFileSync(setAside[0]!.movedTo, 'utf8')).toBe('{ not json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).accounts.default).toHaveLength(1);
  });

  it('moves a file that is not JSON aside soon after start, without waiting for a completion, and then says nothing more', async () => {
    const clock = new VirtualClock();
    const directory = profile();
    const file = path.join(directory, DURATION_FILE_NAME);
    fs.writeFileSync(file, '{ not json');
    const setAside: RecoveredStore[] = [];
    const history = new DurationHistory({
      clock,
      file: durationHistoryFile(directory, clock, (recovered) => setAside.push(recovered)),
    });
    let told = 0;
    history.onProblem(() => (told += 1));
    expect(history.problem).toBe(
      'The purge durations file is not JSON: it is moved aside in a moment.',
    );
    expect(setAside).toEqual([]); // the app's surfaces that tell it are made after the history
    await clock.advance(5 * S);
    expect(setAside).toHaveLength(1);
    expect(fs.readFileSync(setAside[0]!.movedTo, 'utf8')).toBe('{ not json');
    expect(history.problem).toBeUndefined();
    expect(told).toBe(1);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ accounts: {} });
    history.close();
  });

  it('names its file when it cannot be read or saved (a profile path that is a file)', async () => {
    const clock = new VirtualClock();
    const directory = path.join(profile(), 'not-a-folder');
    fs.writeFileSync(directory, '');
    const history = new DurationHistory({
      clock,
      file: durationHistoryFile(directory, clock, unheard),
    });
    const file = path.join(directory, DURATION_FILE_NAME);
    expect(history.problem).toBe(`The purge durations could not be read from ${file} (ENOTDIR).`);
    history.record(completion(S), 'default');
    await clock.advance(5 * S);
    expect(history.problem).toMatch(
      new RegExp(
        `^The purge durations could not be saved to ${escapeRegExp(file)} \\(E[A-Z]+\\)\\.$`,
      ),
    );
    expect(history.unread).toBe(false); // what it says now is a save's failure
    history.close();
  });

  it('does not write over a file it could not read for another reason', async () => {
    const clock = new VirtualClock();
    const history = new DurationHistory({
      clock,
      file: {
        read: () => {
          throw permissionDenied();
        },
        update: () => {
          throw new Error('written');
        },
      },
    });
    expect(history.problem).toBe('The purge durations could not be read (EACCES).');
    // A command (no `rereadUnreadable`) arms nothing to read it again: it would not end.
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(60 * S);
    history.close();
    expect(history.problem).toMatch(/could not be read/);
  });

  it('in the app, reads a file it could not read at start again until it can (backing off, in virtual time), keeping what it learned meanwhile', async () => {
    const clock = new VirtualClock();
    let refused = true;
    let reads = 0;
    let onDisk: { accounts: Record<string, CompletedDuration[]> } = {
      accounts: { default: [completion(40 * S, 1)], other: [completion(7 * S, 2)] },
    };
    // Writes wait 30 min: the file is read again before this process's first write reads it.
    const history = new DurationHistory({
      clock,
      file: {
        path: '/p/durations.json',
        read: () => {
          reads += 1;
          if (refused) throw permissionDenied();
          return structuredClone(onDisk);
        },
        update: (change) => {
          if (refused) throw permissionDenied();
          onDisk = change(structuredClone(onDisk));
          return structuredClone(onDisk);
        },
      },
      coalesceMs: 30 * MIN,
      rereadUnreadable: true,
    });
    let told = 0;
    history.onProblem(() => (told += 1));
    let changed = 0;
    history.onChange(() => (changed += 1));
    expect(history.problem).toBe(
      'The purge durations could not be read from /p/durations.json (EACCES). They are read again once they can be.',
    );
    expect(history.unread).toBe(true);

    // An hour it cannot be read: tried again and again, each wait longer (to 5 min), never in a loop.
    await clock.advance(60 * MIN);
    expect(reads).toBeGreaterThan(10);
    expect(reads).toBeLessThanOrEqual(20);
    expect(history.problem).toMatch(/could not be read/);
    expect(told).toBe(0);

    // Learned meanwhile; then the file can be read again.
    history.record(
      { submittedAt: 3, durationMs: 20 * S, submittedHere: true, requestId: 'meanwhile' },
      'default',
    );
    refused = false;
    await clock.advance(5 * MIN);
    expect(history.problem).toBeUndefined();
    expect(history.unread).toBe(false);
    expect(told).toBe(1);
    expect(changed).toBe(2); // the completion, and the history read
    expect(history.durations('default')).toEqual([40 * S, 20 * S]);
    expect(history.durations('other')).toEqual([7 * S]);
    // Written with the coalesced write, over nothing the file held.
    await clock.advance(30 * MIN);
    expect(onDisk).toEqual({
      accounts: {
        default: [
          completion(40 * S, 1),
          { submittedAt: 3, durationMs: 20 * S, submittedHere: true, requestId: 'meanwhile' },
        ],
        other: [completion(7 * S, 2)],
      },
    });
    const readsThen = reads;
    await clock.advance(60 * MIN);
    expect(reads).toBe(readsThen); // read, so not read again
    history.close();
    expect(clock.pendingTimers).toBe(0);
  });

  it('is written as the purges file is: whole, and a killed write leaves nothing at the next start', () => {
    const directory = profile();
    const clock = new VirtualClock();
    // What a write killed between its temporary file and the rename leaves beside the file (its
    // writer, process 99999999, runs no more).
    const leftover = path.join(directory, `${DURATION_FILE_NAME}.tmp-99999999-0badcafe`);
    fs.writeFileSync(leftover, '{"accounts":');
    const history = new DurationHistory({
      clock,
      file: durationHistoryFile(directory, clock, unheard),
    });
    history.record(completion(3 * S), 'default');
    history.close();
    expect(fs.readdirSync(directory)).toEqual([DURATION_FILE_NAME]);
    expect(fs.statSync(path.join(directory, DURATION_FILE_NAME)).mode & 0o777).toBe(0o600);
  });

  it('keeps completions in memory when the file cannot be written, and says why', () => {
    const clock = new VirtualClock();
    const history = new DurationHistory({
      clock,
      file: {
        read: () => undefined,
        update: () => {
          throw new Error('EACCES: permission denied');
        },
      },
    });
    history.record(completion(S), 'default');
    history.close();
    expect(history.durations('default')).toEqual([S]);
    expect(history.problem).toMatch(/EACCES/);
  });

  /** A history whose first write fails with ENOSPC; `written` holds what was written after. */
  function failingOnce() {
    const clock = new VirtualClock();
    const written: unknown[] = [];
    let failures = 1;
    const history = new DurationHistory({
      clock,
      file: {
        read: () => undefined,
        update: (change) => {
          if (failures-- > 0) throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
          const value = change(undefined);
          written.push(structuredClone(value));
          return value;
        },
      },
    });
    return { clock, written, history };
  }

  it('quit writes what a failed write kept, without waiting for the retry', async () => {
    const { clock, written, history } = failingOnce();
    history.record(completion(S), 'default');
    await clock.advance(5 * S); // the coalesced write fails; its retry is armed
    expect(written).toEqual([]);
    history.close();
    expect(written).toEqual([{ accounts: { default: [completion(S)] } }]);
    expect(history.problem).toBeUndefined();
    expect(clock.pendingTimers).toBe(0);
  });

  it('writes what a failed write kept in memory a few seconds later, as the purges are', async () => {
    const { clock, written, history } = failingOnce();
    history.record(completion(S), 'default');
    await clock.advance(5 * S);
    expect(history.problem).toBe('The purge durations could not be saved (ENOSPC).');
    await clock.advance(5 * S);
    expect(history.problem).toBeUndefined();
    expect(written).toEqual([{ accounts: { default: [completion(S)] } }]);
    history.close();
  });
});

describe('the tracker and the duration history', () => {
  function run(directory: string, clock: VirtualClock) {
    const api = new SimulatedImageKit(clock);
    const history = new DurationHistory({
      clock,
      file: durationHistoryFile(directory, clock, unheard),
    });
    const { store } = openPurgeFile(directory, clock);
    const tracker = new Tracker({
      accounts: [{ name: 'default', api }],
      clock,
      history,
      store,
      random: () => 0.5,
    });
    tracker.start();
    return { api, tracker, history };
  }

  async function trackInTurn(
    context: ReturnType<typeof run>,
    clock: VirtualClock,
    count: number,
    takesMs: number,
    meta: { url?: string } = {},
  ): Promise<string[]> {
    const ids: string[] = [];
    for (let n = 0; n < count; n++) {
      const id = requestIdAt(clock.now(), 700 + Math.floor(clock.now() / 1000) + n);
      context.api.addPurge(id, clock.now() + takesMs);
      await context.tracker.add([id], meta);
      await clock.advanceUntil(() => context.tracker.get(id)?.state === 'completed', 30 * MIN);
      ids.push(id);
    }
    return ids;
  }

  it('records purges followed from submission, as seen on schedule, and the first check learns them after a restart', async () => {
    const clock = new VirtualClock();
    const directory = profile();
    const before = run(directory, clock);
    await trackInTurn(before, clock, 5, 2 * MIN, { url: 'https://ik.imagekit.io/demo/a.jpg' });
    const recorded = before.history.completionsOf('default');
    expect(recorded).toHaveLength(5);
    for (const c of recorded) {
      expect(c.submittedHere).toBe(true);
      expect(c.durationMs).toBeGreaterThanOrEqual(2 * MIN);
      expect(c.durationMs).toBeLessThanOrEqual(2 * MIN + 12 * S); // within one gap
    }
    before.tracker.close();

    const after = run(directory, clock);
    expect(after.history.durations('default')).toEqual(recorded.map((c) => c.durationMs));
    const [id] = await trackInTurn(after, clock, 1, 2 * MIN);
    const firstCheckAge = after.api.callsFor(id!)[0]!.at - after.tracker.get(id!)!.submittedAt;
    expect(firstCheckAge).toBeGreaterThan(100 * S); // learned, not 5 s
    after.tracker.close();
  });

  it('records an ID pasted late from its first Pending answer, and nothing of one already completed or loaded from the store', async () => {
    const clock = new VirtualClock();
    const directory = profile();
    const context = run(directory, clock);
    const submitted = clock.now() - 2 * 60 * MIN;
    const old = [1, 2, 3].map((n) => requestIdAt(submitted, 800 + n));
    for (const id of old) context.api.addPurge(id, clock.now() + MIN);
    const done = requestIdAt(submitted, 804);
    context.api.addPurge(done, clock.now());
    await context.tracker.add([...old, done]);
    await clock.advance(15 * MIN);
    expect([...old, done].every((id) => context.tracker.get(id)?.state === 'completed')).toBe(true);
    // Seen Pending two hours after submission: they took at least that, and are recorded so.
    const recorded = context.history.completionsOf('default');
    expect(recorded.map((c) => c.requestId).sort()).toEqual([...old].sort());
    for (const c of recorded) expect(c.durationMs).toBeGreaterThanOrEqual(2 * 60 * MIN);
    expect(recorded.some((c) => c.atFirstCheck)).toBe(false);
    const before = recorded.length;

    // Followed from submission, but the app restarted while it was pending.
    const id = requestIdAt(clock.now(), 900);
    context.api.addPurge(id, Infinity);
    await context.tracker.add(id);
    await clock.advance(20 * S);
    context.tracker.close();
    const restarted = run(directory, clock);
    restarted.api.addPurge(id, clock.now() + MIN);
    await clock.advance(5 * MIN);
    expect(restarted.tracker.get(id)?.state).toBe('completed');
    expect(restarted.history.completionsOf('default')).toHaveLength(before);
    restarted.tracker.close();
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
