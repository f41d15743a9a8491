// The duration history as a file several processes write (core/storage/shared-file.ts, core/storage/file-lock.ts),
// on real files: a write merges into what another writer wrote meanwhile, a lock left by a
// killed writer is broken, a live writer's lock and temporary file are never taken, a reader
// deletes nothing, and nothing is removed through a symbolic link. Two real processes writing at
// once: test/drills/shared-history.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CompletedDuration } from '../../src/core/storage/duration-history';
import {
  DURATION_FILE_NAME,
  DurationHistory,
  durationHistoryFile,
} from '../../src/core/storage/duration-history';
import { STALE_LOCK_MS, withFileLock } from '../../src/core/storage/file-lock';
import { VirtualClock } from '../support/virtual-clock';

/** A process ID no process has (above Linux's largest). */
const GONE_PID = 99_999_999;
const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) {
    fs.rmSync(directory, { recursive: true, force: true });
  }
});

function profile(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-shared-'));
  directories.push(directory);
  return directory;
}

function completion(requestId: string, durationMs = 60_000): CompletedDuration {
  return { submittedAt: 0, durationMs, submittedHere: true, requestId };
}

function historyIn(directory: string): DurationHistory {
  const clock = new VirtualClock();
  return new DurationHistory({
    clock,
    file: durationHistoryFile(directory, clock, () => undefined),
  });
}

const saved = (directory: string) =>
  JSON.parse(fs.readFileSync(path.join(directory, DURATION_FILE_NAME), 'utf8')) as {
    accounts: Record<string, CompletedDuration[]>;
  };

describe('two writers of one history', () => {
  it('each write adds its own completions to what the other wrote meanwhile: none is lost', () => {
    const directory = profile();
    const app = historyIn(directory);
    const cli = historyIn(directory);
    app.record(completion('a1'), 'default');
    cli.record(completion('c1'), 'default');
    cli.record(completion('c2'), 'staging');
    cli.close();
    app.record(completion('a2'), 'default');
    app.close();
    const { accounts } = saved(directory);
    expect(accounts.default!.map((c) => c.requestId)).toEqual(['c1', 'a1', 'a2']);
    expect(accounts.staging!.map((c) => c.requestId)).toEqual(['c2']);
    // The app now knows what the command recorded (its estimates use it).
    expect(app.completionsOf('staging')).toHaveLength(1);
  });

  it('a purge both saw complete is recorded once', () => {
    const directory = profile();
    const app = historyIn(directory);
    const cli = historyIn(directory);
    cli.record(completion('same', 50_000), 'default');
    cli.close();
    app.record(completion('same', 55_000), 'default');
    app.close();
    expect(saved(directory).accounts.default).toEqual([completion('same', 50_000)]);
  });

  it('a rename applies to what the file holds at the write, not to what was read at start', () => {
    const directory = profile();
    const app = historyIn(directory);
    app.record(completion('a1'), 'old');
    app.close();
    const renaming = historyIn(directory);
    const cli = historyIn(directory);
    cli.record(completion('c1'), 'old');
    cli.close();
    renaming.rename('old', 'new');
    renaming.close();
    const { accounts } = saved(directory);
    expect(accounts.old).toBeUndefined();
    expect(accounts.new!.map((c) => c.requestId)).toEqual(['a1', 'c1']);
  });
});

describe('the lock', () => {
  it('breaks a lock left by a writer that was killed, and a lock older than any write', () => {
    const directory = profile();
    const lock = path.join(directory, `${DURATION_FILE_NAME}.lock`);
    const history = historyIn(directory);

    fs.writeFileSync(lock, JSON.stringify({ pid: GONE_PID, host: os.hostname(), token: 'x' }));
    history.record(completion('after-kill'), 'default');
    history.close();
    expect(history.problem).toBeUndefined();
    expect(fs.existsSync(lock)).toBe(false);

    // Held by a process that runs (this one, under another token), but far too long.
    const again = historyIn(directory);
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), token: 'y' }));
    const old = (Date.now() - 2 * STALE_LOCK_MS) / 1000;
    fs.utimesSync(lock, old, old);
    again.record(completion('after-hang'), 'default');
    again.close();
    expect(again.problem).toBeUndefined();
    expect(saved(directory).accounts.default!.map((c) => c.requestId)).toEqual([
      'after-kill',
      'after-hang',
    ]);
  });

  it('never takes a live writer’s lock: the write fails, says why, and the next try writes it', async () => {
    const directory = profile();
    const clock = new VirtualClock();
    const history = new DurationHistory({
      clock,
      file: durationHistoryFile(directory, clock, () => undefined),
    });
    const file = path.join(directory, DURATION_FILE_NAME);
    // Another writer that runs (this process, under another token) holds the lock.
    const lock = `${file}.lock`;
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), token: 'z' }));
    history.record(completion('waited'), 'default');
    await clock.advance(5_000); // the coalesced write
    expect(history.problem).toMatch(/another Purge Watch process is writing durations\.json/);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(lock)).toBe(true);
    fs.rmSync(lock); // that writer is done
    await clock.advance(5_000); // tried again
    expect(history.problem).toBeUndefined();
    expect(saved(directory).accounts.default).toEqual([completion('waited')]);
    history.close();
  });

  it('a holder whose lock was broken meanwhile does not replace the file', () => {
    const directory = profile();
    const file = path.join(directory, DURATION_FILE_NAME);
    expect(() =>
      withFileLock(file, (lock) => {
        fs.writeFileSync(`${file}.lock`, JSON.stringify({ pid: 1, host: 'h', token: 'other' }));
        lock.assertHeld();
      }),
    ).toThrow(/taken by another process/);
    // Not its lock any more: left for its holder.
    expect(fs.existsSync(`${file}.lock`)).toBe(true);
  });

  it('a lock it could not write its name into (a full disk) is not left to hold off the next writer', () => {
    const file = path.join(profile(), DURATION_FILE_NAME);
    vi.spyOn(fs, 'writeSync').mockImplementationOnce(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
        code: 'ENOSPC',
      });
    });
    expect(() => withFileLock(file, () => 'written')).toThrow(/ENOSPC/);
    vi.restoreAllMocks();
    // Not "another Purge Watch process is writing durations.json" for the next 10 s.
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
    expect(withFileLock(file, () => 'written', { waitMs: 0 })).toBe('written');
  });
});

describe('temporary files', () => {
  it('a reader deletes nothing; a writer removes only what killed writers left', () => {
    const directory = profile();
    const file = path.join(directory, DURATION_FILE_NAME);
    const live = `${file}.tmp-${process.pid}-0a0a0a0a`;
    const killed = `${file}.tmp-${GONE_PID}-0b0b0b0b`;
    fs.writeFileSync(live, '{"accounts":');
    fs.writeFileSync(killed, '{"accounts":');
    const history = historyIn(directory); // reads
    expect(fs.readdirSync(directory).sort()).toEqual(
      [path.basename(live), path.basename(killed)].sort(),
    );
    history.record(completion('x'), 'default');
    history.close(); // writes
    expect(fs.readdirSync(directory).sort()).toEqual([DURATION_FILE_NAME, path.basename(live)]);
  });

  it('removes nothing through a durations.json that is a symbolic link', () => {
    const directory = profile();
    const elsewhere = profile();
    const target = path.join(elsewhere, 'my-durations.json');
    fs.writeFileSync(target, '{"accounts":{}}');
    fs.symlinkSync(target, path.join(directory, DURATION_FILE_NAME));
    const beside = `${target}.tmp-${GONE_PID}-0c0c0c0c`;
    fs.writeFileSync(beside, 'not ours to judge');
    const history = historyIn(directory);
    history.record(completion('x'), 'default');
    history.close();
    expect(fs.existsSync(beside)).toBe(true);
    expect(fs.lstatSync(path.join(directory, DURATION_FILE_NAME)).isSymbolicLink()).toBe(true);
    expect(JSON.parse(fs.readFileSync(target, 'utf8')).accounts.default).toHaveLength(1);
  });
});
