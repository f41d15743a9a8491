// Waiting until what a command wrote has left the process, before `process.exit` cuts it off.
// The wait must keep the process alive while it lasts: the entry point awaits it at top level,
// and Node ends a process whose event loop has emptied while a top-level await is still
// unsettled with exit 13 (its output complete, its exit code lost).
//
// A stop (a signal) bounds that wait: a reader that takes nothing more (a full pipe nobody
// reads, `| sleep 1000`) would otherwise hold a stopped command forever, deaf to a lone SIGTERM
// (`timeout`, systemd, a CI runner's cancel).
import type { Clock } from '../core/clock';
import type { StopReason } from './stop';
import { whenStopped } from './stop';

/** The part of a writable stream (stdout, stderr) a flush needs. */
interface FlushableStream {
  readonly destroyed: boolean;
  readonly writableLength: number;
  write(chunk: string, callback: (error?: Error | null) => void): boolean;
}

/**
 * How long, once a command is stopped, what it wrote may take to leave: plenty for a reader that
 * reads (a terminal, a log, a pipe to a slow `tee`), and Ctrl-C twice ends it at once anyway.
 */
const STOPPED_FLUSH_GRACE_MS = 1_000;

/**
 * Resolves once everything written to `stream` so far has been handed to the OS, or cannot be
 * (the reader went away, the stream was destroyed).
 *
 * Not 'drain': Node emits it only after a write() that returned false, i.e. once the stream's
 * buffer reached its high-water mark (64 KiB for a pipe). A full pipe with less than that
 * buffered behind it never sees a 'drain', so a wait for one stays unsettled after the last
 * byte has gone, with nothing left to keep the process alive. A write's callback, by contrast,
 * runs once that write, and so every one before it, is done or has failed; the OS write it
 * waits behind holds the process alive until then.
 */
export function flushed(stream: FlushableStream): Promise<void> {
  if (stream.destroyed || stream.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => {
    stream.write('', () => resolve());
  });
}

/**
 * Resolves once every stream is flushed, with undefined; or, when `stop` is aborted (before or
 * during the wait) and the streams are still not flushed STOPPED_FLUSH_GRACE_MS later, with the
 * stop's reason: output was left behind, and the process ends as that signal would end it.
 */
export async function flushedUnlessStopped(
  streams: readonly FlushableStream[],
  stop: AbortSignal,
  clock: Clock,
): Promise<StopReason | undefined> {
  const allFlushed = Promise.all(streams.map(flushed)).then(() => undefined);
  const givenUp = whenStopped(stop).then(
    (reason) =>
      new Promise<StopReason>((resolve) =>
        clock.setTimeout(() => resolve(reason), STOPPED_FLUSH_GRACE_MS),
      ),
  );
  return Promise.race([allFlushed, givenUp]);
}
