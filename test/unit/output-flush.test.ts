// Waiting for a command's output to leave the process: the wait ends once the last write is
// done, whether or not the stream's buffer ever reached its high-water mark (only then does
// Node emit 'drain'). The OS is played by a stream that completes each write when told.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { flushed } from '../../src/cli/output-flush';

/** A stream whose writes stay with "the OS" until `release` completes them (a full pipe). */
function fullPipe(highWaterMark: number) {
  const pending: Array<(error?: Error | null) => void> = [];
  const stream = new Writable({
    highWaterMark,
    write(_chunk, _encoding, done) {
      pending.push(done);
    },
  });
  return {
    stream,
    /** The OS takes everything: each write completes, and the next one buffered is handed on. */
    release: async () => {
      while (pending.length > 0) {
        pending.shift()!();
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    },
    /** The reader went away: the write in flight fails, as a pipe's does with EPIPE. */
    fail: () => pending.shift()!(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })),
  };
}

describe('flushed', () => {
  it('ends at once when nothing waits to be written', async () => {
    const { stream } = fullPipe(64);
    await expect(flushed(stream)).resolves.toBeUndefined();
  });

  it('ends when the writes are done though less than the high-water mark waited (no drain)', async () => {
    const pipe = fullPipe(64);
    expect(pipe.stream.write('a line\n')).toBe(true);
    pipe.stream.write('another\n');
    let done = false;
    const flush = flushed(pipe.stream).then(() => (done = true));
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    await pipe.release();
    await flush;
    expect(done).toBe(true);
  });

  it('ends when the writes are done after the buffer passed the high-water mark', async () => {
    const pipe = fullPipe(8);
    expect(pipe.stream.write('more than eight bytes\n')).toBe(false);
    const flush = flushed(pipe.stream);
    await pipe.release();
    await expect(flush).resolves.toBeUndefined();
  });

  it('ends when the write in flight fails with more waiting behind it (the reader went away)', async () => {
    const pipe = fullPipe(64);
    pipe.stream.on('error', () => undefined);
    pipe.stream.write('a line\n');
    pipe.stream.write('another\n');
    const flush = flushed(pipe.stream);
    pipe.fail();
    await expect(flush).resolves.toBeUndefined();
  });
});
