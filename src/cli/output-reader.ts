// Whether anyone still reads what the command writes to stdout, watched without writing to it: a
// closed pipe (`wait … | head -1`) is otherwise noticed only at the next line written, which
// for a purge that never completes is never. Polled twice a second through the Clock port.
//
// - A socket (how Node, and so GitHub's runner and the Action, connect a child's stdout): a read
//   of it ends (0 bytes) once the reader has closed its end. Nothing is ever written to it, so
//   the read takes nothing.
// - A pipe (a shell's `|`) gives no such sign to its writer until a write fails, so on Linux the
//   processes holding its read end are found in /proc: once none does, the reader is gone. The
//   readers found are checked again first, so a poll is one stat while they read.
// - Anything else (a file, a terminal), or a pipe elsewhere than Linux: the next write tells.
//
// Every stat here is a bigint one: Node's realpath (the ESM resolver's) decides whether a path
// is a pipe or socket from the last plain stat() made anywhere in the process, so a plain stat
// of stdout left keytar, imported through a symlinked node_modules (pnpm), loaded empty.
import fs from 'node:fs';
import path from 'node:path';
import type { Clock, TimerHandle } from '../core/clock';
import { systemClock } from '../core/clock';

const POLL_MS = 500;
const PROC = '/proc';

/** Calls `onGone` once the reader of `fd` has closed it; returns a function that stops watching. */
export function watchReader(
  fd: number,
  onGone: () => void,
  platform: NodeJS.Platform,
  clock: Clock = systemClock,
): () => void {
  let stat: fs.BigIntStats;
  try {
    stat = fs.fstatSync(fd, { bigint: true });
  } catch {
    return () => undefined;
  }
  const stillRead = stat.isSocket()
    ? socketStillRead(fd)
    : stat.isFIFO() && platform === 'linux'
      ? pipeStillRead(stat)
      : undefined;
  if (!stillRead) return () => undefined;
  let stopped = false;
  let timer: TimerHandle | undefined;
  const poll = () => {
    void stillRead().then((read) => {
      if (stopped) return;
      if (read) timer = clock.setTimeout(poll, POLL_MS);
      else {
        stopped = true;
        onGone();
      }
    });
  };
  timer = clock.setTimeout(poll, POLL_MS);
  // The command's own end ends the process (cli/index.ts exits): this watch need not let go.
  return () => {
    stopped = true;
    clock.clearTimeout(timer);
  };
}

/**
 * A non-blocking read: EAGAIN while the other end is open, 0 bytes once it is closed. One at a
 * time: should the socket block after all, one read waits, not one per poll.
 */
function socketStillRead(fd: number): () => Promise<boolean> {
  const buffer = Buffer.alloc(1);
  let reading = false;
  return () =>
    new Promise((resolve) => {
      if (reading) return resolve(true);
      reading = true;
      fs.read(fd, buffer, 0, 1, null, (error, bytes) => {
        reading = false;
        resolve(error !== null || bytes > 0);
      });
    });
}

/** Does any process hold this pipe open for reading? (Unsure counts as yes.) */
function pipeStillRead(pipe: fs.BigIntStats): () => Promise<boolean> {
  let known: string[] = [];
  return async () => {
    known = known.filter((fdPath) => readsPipe(fdPath, pipe));
    if (known.length > 0) return true;
    known = findReaders(pipe);
    return known.length > 0 || known === UNSURE;
  };
}

const UNSURE: string[] = [];

/** Every /proc/<pid>/fd/<n> that is this pipe's read end (UNSURE when /proc cannot be read). */
function findReaders(pipe: fs.BigIntStats): string[] {
  let pids: string[];
  try {
    pids = fs.readdirSync(PROC).filter((name) => /^\d+$/.test(name));
  } catch {
    return UNSURE;
  }
  const found: string[] = [];
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = fs.readdirSync(path.join(PROC, pid, 'fd'));
    } catch {
      continue; // gone, or another user's: not the reader of a pipe this user's command writes
    }
    for (const fd of fds) {
      const fdPath = path.join(PROC, pid, 'fd', fd);
      if (readsPipe(fdPath, pipe)) found.push(fdPath);
    }
  }
  return found;
}

/**
 * Is /proc/<pid>/fd/<n> this pipe, opened for reading (O_RDONLY or O_RDWR)? Compared by device
 * and inode, not by the link's text: a named FIFO (`mkfifo`) links to its path, not `pipe:[…]`.
 */
function readsPipe(fdPath: string, pipe: fs.BigIntStats): boolean {
  try {
    const target = fs.statSync(fdPath, { bigint: true });
    if (target.ino !== pipe.ino || target.dev !== pipe.dev) return false;
    const info = fs.readFileSync(
      fdPath.replace(`${path.sep}fd${path.sep}`, `${path.sep}fdinfo${path.sep}`),
      'utf8',
    );
    const flags = /^flags:\s*([0-7]+)/m.exec(info)?.[1];
    return flags === undefined || (Number.parseInt(flags, 8) & 3) !== 1; // 1: O_WRONLY
  } catch {
    return false;
  }
}
