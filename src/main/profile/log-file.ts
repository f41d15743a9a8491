// The app's log, for what is worth knowing after the fact (a start, a check that failed, a key
// ImageKit refused, notifications the system refused, a shortcut another app holds, a launch's
// warnings): a packaged app has no console, so these go to `purge-watch.log` in the app's log
// folder (app.getPath('logs'): ~/Library/Logs/Purge Watch on macOS, the profile's `logs` folder
// elsewhere), and to the console too. The file rotates: past MAX_LOG_BYTES it becomes
// purge-watch.1.log (the one before becomes .2), so the folder never holds more than three.
// Every line is one line: control characters, line separators (U+2028, U+2029) and bidi marks
// go, and anything that looks like an API key (private_…, public_…) is cut to its prefix before
// it is written or printed. A disk fault never throws: the console still gets the line.
import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../../core/clock';
import { API_KEY_START } from '../../core/imagekit/private-key';
import { safeServerText } from '../../core/imagekit/server-text';
import { makeFolder } from '../../core/storage/make-folder';

export const LOG_FILE = 'purge-watch.log';
/** A log file is rotated once it is this big. */
const MAX_LOG_BYTES = 1024 * 1024;
/** Rotated files kept beside the current one (purge-watch.1.log, purge-watch.2.log). */
const KEPT_LOGS = 2;
/** The longest line written; a longer message is cut. */
const MAX_LINE_CHARS = 2_000;

const API_KEY = new RegExp(`(${API_KEY_START})[^\\s"'<>,;)]*`, 'gi');

export type LogLevel = 'info' | 'warn' | 'error';

/** Where the main process writes what happened. */
interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A message as one safe line: no control characters, no key, cut to a sane length. */
function logText(message: string): string {
  return safeServerText(message, [], MAX_LINE_CHARS).replace(API_KEY, '$1…');
}

/** The line written for a message: "2026-11-30T10:00:00.000Z warn  Could not …". */
export function logLine(level: LogLevel, message: string, now: number): string {
  return `${new Date(now).toISOString()} ${level.padEnd(5)} ${logText(message)}\n`;
}

/** The text of an error or other thrown value, for a log line. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface LogFileOptions {
  /** The app's log folder (created when missing). */
  directory: string;
  clock: Pick<Clock, 'now'>;
  maxBytes?: number;
  /** Where lines are printed as well (the console; a test's recorder). */
  print?: (level: LogLevel, line: string) => void;
}

export class LogFile implements Log {
  readonly file: string;
  private readonly maxBytes: number;
  private readonly print: (level: LogLevel, line: string) => void;
  /** Bytes in the current file, once known; undefined until the first write reads it. */
  private size: number | undefined;
  /** Set while the file cannot be written: said once on the console, not at every line. */
  private failing = false;

  constructor(private readonly options: LogFileOptions) {
    this.file = path.join(options.directory, LOG_FILE);
    this.maxBytes = options.maxBytes ?? MAX_LOG_BYTES;
    this.print = options.print ?? printToConsole;
  }

  info(message: string): void {
    this.write('info', message);
  }

  warn(message: string): void {
    this.write('warn', message);
  }

  error(message: string): void {
    this.write('error', message);
  }

  private write(level: LogLevel, message: string): void {
    const line = logLine(level, message, this.options.clock.now());
    this.print(level, line.trimEnd());
    try {
      makeFolder(this.options.directory);
      this.size ??= sizeOf(this.file);
      if (this.size > 0 && this.size + Buffer.byteLength(line) > this.maxBytes) this.rotate();
      fs.appendFileSync(this.file, line, { mode: 0o600 });
      this.size += Buffer.byteLength(line);
      this.failing = false;
    } catch (error) {
      this.size = undefined;
      if (!this.failing) {
        this.failing = true;
        this.print('warn', `purge-watch: the log file cannot be written: ${errorText(error)}`);
      }
    }
  }

  /** purge-watch.log → .1.log → .2.log; the oldest beyond KEPT_LOGS is dropped. */
  private rotate(): void {
    const numbered = (n: number) => path.join(this.options.directory, `purge-watch.${n}.log`);
    fs.rmSync(numbered(KEPT_LOGS), { force: true });
    for (let n = KEPT_LOGS - 1; n >= 1; n--) {
      if (fs.existsSync(numbered(n))) fs.renameSync(numbered(n), numbered(n + 1));
    }
    fs.renameSync(this.file, numbered(1));
    this.size = 0;
  }
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function printToConsole(level: LogLevel, line: string): void {
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.info(line);
}
