// Waiting until what a command wrote has left the process, before `process.exit` cuts it off.
// The wait must keep the process alive while it lasts: the entry point awaits it at top level,
// and Node ends a process whose event loop has emptied while a top-level await is still
// unsettled with exit 13 (its output complete, its exit code lost).

/** The part of a writable stream (stdout, stderr) a flush needs. */
interface FlushableStream {
  readonly destroyed: boolean;
  readonly writableLength: number;
  write(chunk: string, callback: (error?: Error | null) => void): boolean;
}

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
