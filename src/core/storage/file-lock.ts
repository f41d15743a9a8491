// One writer at a time for a file that several processes update (the app and any number of
// purge-watch commands write the duration history and the purge ledger): a lock file beside it,
// created exclusively and naming its holder. It is held for the few milliseconds of one
// read-change-write, never across a wait for the network.
//
// A holder that died (SIGKILL, a crash, a power cut) leaves its lock behind: a lock whose
// process is gone from this machine, or that is older than any write takes, is stale and is
// broken. Breaking is a rename to a name of the breaker's own, so two processes breaking the same
// stale lock cannot both win, and a breaker that took a fresh lock by mistake puts it back. A
// holder checks that the lock is still its own just before it replaces the file.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeFolder } from './make-folder';

/** A lock held longer than this is stale whoever holds it: one write takes milliseconds. */
export const STALE_LOCK_MS = 10_000;
/** How long a writer waits for another's lock before its write fails (and is tried again later). */
const LOCK_WAIT_MS = 2_000;
const POLL_MS = 10;

/** The lock could not be taken in time: another process holds it. */
class FileLockBusyError extends Error {
  override readonly name = 'FileLockBusyError';
}

interface LockOwner {
  pid: number;
  host: string;
  token: string;
}

export interface HeldLock {
  /** Throws unless the lock is still this holder's (another process broke it as stale). */
  assertHeld(): void;
}

interface FileLockOptions {
  waitMs?: number;
  staleMs?: number;
}

/** Runs `run` holding the lock of `filePath` (`<file>.lock`), and releases it whatever happens. */
export function withFileLock<T>(
  filePath: string,
  run: (lock: HeldLock) => T,
  options: FileLockOptions = {},
): T {
  const lockPath = `${filePath}.lock`;
  const owner: LockOwner = {
    pid: process.pid,
    host: os.hostname(),
    token: randomBytes(8).toString('hex'),
  };
  acquire(lockPath, owner, options);
  try {
    return run({
      assertHeld: () => {
        if (readOwner(lockPath)?.token !== owner.token) {
          throw Object.assign(
            new Error(`${path.basename(lockPath)} was taken by another process`),
            {
              code: 'ELOCKLOST',
            },
          );
        }
      },
    });
  } finally {
    release(lockPath, owner);
  }
}

function acquire(lockPath: string, owner: LockOwner, options: FileLockOptions): void {
  const deadline = Date.now() + (options.waitMs ?? LOCK_WAIT_MS);
  const staleMs = options.staleMs ?? STALE_LOCK_MS;
  for (;;) {
    if (tryCreate(lockPath, owner)) return;
    if (breakIfStale(lockPath, staleMs)) continue;
    if (Date.now() >= deadline) {
      throw new FileLockBusyError(
        `another Purge Watch process is writing ${path.basename(lockPath, '.lock')}`,
      );
    }
    sleep(POLL_MS);
  }
}

function tryCreate(lockPath: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lockPath, 'wx', 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'ENOENT') throw error;
    makeFolder(path.dirname(lockPath));
    return tryCreate(lockPath, owner);
  }
  let written = false;
  try {
    fs.writeSync(fd, JSON.stringify(owner));
    written = true;
  } finally {
    fs.closeSync(fd);
    // A full disk (ENOSPC), a quota: a lock naming no holder would hold off every writer as
    // "another Purge Watch process is writing" until it is stale. It is this process's own.
    if (!written) fs.rmSync(lockPath, { force: true });
  }
  return true;
}

/** True when there was no lock or a stale one was broken: try to take it again at once. */
function breakIfStale(lockPath: string, staleMs: number): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(lockPath);
  } catch {
    return true; // released meanwhile
  }
  const seen = readOwner(lockPath);
  const gone = seen !== undefined && seen.host === os.hostname() && !processRuns(seen.pid);
  // A lock without a readable owner is one whose holder died between creating and writing it.
  if (!gone && Date.now() - stat.mtimeMs < staleMs) return false;
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch {
    return true; // another process broke or released it first
  }
  const taken = readOwner(aside);
  if (taken?.token !== seen?.token) {
    // A holder took the lock between the look and the rename: give it back (unless yet another
    // process holds it now, which that holder's own check before writing will see).
    try {
      fs.linkSync(aside, lockPath);
    } catch {
      // EEXIST: nothing to give back to.
    }
  }
  fs.rmSync(aside, { force: true });
  return true;
}

function release(lockPath: string, owner: LockOwner): void {
  if (readOwner(lockPath)?.token !== owner.token) return; // broken as stale: not ours to remove
  fs.rmSync(lockPath, { force: true });
}

function readOwner(lockPath: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as Partial<LockOwner>;
    if (typeof owner.pid !== 'number' || typeof owner.token !== 'string') return undefined;
    return { pid: owner.pid, host: String(owner.host), token: owner.token };
  } catch {
    return undefined;
  }
}

/** Does a process with this ID run on this machine? (EPERM: it does, as another user.) */
export function processRuns(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
