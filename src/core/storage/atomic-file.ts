// Replacing a file so that a reader, or the next start after a crash or a kill, finds either the
// old content or the new one, whole: write a temporary file beside it, flush it to disk, rename
// it over the original, then flush the directory so the rename itself survives a power cut.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { processRuns } from './file-lock';
import { makeFolder } from './make-folder';

/**
 * Replaces `filePath` with `text`, readable by the owner only when `mode` is 0o600. A missing
 * directory is created. Throws when the file cannot be replaced; the original is then as it was
 * and no temporary file is left behind. A symbolic link stays one: its target is replaced.
 */
export function writeFileAtomically(
  filePath: string,
  text: string,
  mode: number,
  /** Called between writing the temporary file and the rename: throwing cancels the write. */
  beforeRename?: () => void,
): void {
  const target = resolvedTarget(filePath);
  const temporary = `${target}${TEMPORARY_MARK}${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeAndFlush(temporary, text, mode);
    beforeRename?.();
    renameOver(temporary, target);
  } catch (error) {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // The first error says more about why the file could not be replaced.
    }
    throw error;
  }
  flushDirectory(path.dirname(target));
}

/**
 * Removes what writes killed mid-way left beside `filePath`: temporary files whose writer (the
 * process ID in their name) no longer runs on this machine. A running writer's file is never
 * touched, and nothing is removed through a symbolic link: only regular files in `filePath`'s
 * own folder (a write through a link leaves its temporary file beside the link's target, and
 * removes it itself when the write fails).
 */
export function removeAbandonedWrites(filePath: string): void {
  const directory = path.dirname(filePath);
  const prefix = `${path.basename(filePath)}${TEMPORARY_MARK}`;
  let names: string[];
  try {
    names = fs.readdirSync(directory);
  } catch {
    return; // no directory: nothing was left behind
  }
  for (const name of names) {
    const writer = /^(\d+)-/.exec(name.slice(prefix.length));
    if (!name.startsWith(prefix) || !writer || processRuns(Number(writer[1]))) continue;
    const leftover = path.join(directory, name);
    try {
      if (fs.lstatSync(leftover).isFile()) fs.rmSync(leftover);
    } catch {
      // A folder that cannot be written keeps it: harmless, the next start tries again.
    }
  }
}

const TEMPORARY_MARK = '.tmp-';
/** Waits before each new try of a rename Windows refused for a moment: at most 150 ms in all. */
const WINDOWS_RENAME_WAITS_MS = [10, 20, 40, 80];

/**
 * Renames over the original. On Windows an antivirus or indexer holding the original open makes
 * the rename fail for a moment (EPERM, EACCES, EBUSY): it is tried again a few times, briefly.
 */
function renameOver(temporary: string, target: string): void {
  for (const waitMs of [...WINDOWS_RENAME_WAITS_MS, undefined]) {
    try {
      fs.renameSync(temporary, target);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const momentary = code === 'EPERM' || code === 'EACCES' || code === 'EBUSY';
      if (process.platform !== 'win32' || !momentary || waitMs === undefined) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, waitMs);
    }
  }
}

function writeAndFlush(temporary: string, text: string, mode: number): void {
  let fd: number;
  try {
    fd = fs.openSync(temporary, 'wx', mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // The directory went away (or was never made): make it, as the first write would need.
    makeFolder(path.dirname(temporary));
    fd = fs.openSync(temporary, 'wx', mode);
  }
  try {
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The file a path names, through a symbolic link; the path itself when there is none yet. */
function resolvedTarget(filePath: string): string {
  try {
    return fs.realpathSync(filePath);
  } catch {
    return filePath;
  }
}

/** Makes a rename durable (POSIX). Windows cannot open a directory; its rename is journalled. */
function flushDirectory(directory: string): void {
  if (process.platform === 'win32') return;
  let fd: number | undefined;
  try {
    fd = fs.openSync(directory, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some file systems refuse to flush a directory; the rename has happened all the same.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
