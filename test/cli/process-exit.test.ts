// The built CLI ends with its command's exit code however its output leaves the process. Node
// ends a process whose event loop empties during a top-level await with exit 13, and the entry
// point awaits its output's flush at top level: that wait must keep the process alive until the
// last byte has gone. Made deterministic here: stdout is a FIFO nobody reads until the command
// has written all its output, so exactly the pipe's capacity leaves at once and the rest waits
// in the process, less than the 64 KiB that would make Node emit 'drain' (the scheduling seen
// once by chance in CI, with a reader that fell behind on the last lines of 3000 IDs).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { objectIdAt } from '../fake-imagekit/object-id';
import { skipOrFail } from '../support/ci';
import { CLI } from '../support/cli-process';

function fifoProblem(): string | undefined {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'mkfifo (coreutils) is not installed';
  }
}

const skip = skipOrFail('the exit-code-after-a-full-pipe test', fifoProblem());
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-exit-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The pipe's capacity on Linux, and the high-water mark of Node's stdout on a pipe. */
const PIPE_BYTES = 64 * 1024;

/**
 * A server on loopback that never answers the first request it gets, and hangs up on every
 * other at once (no answer at all: three in a row end `status`). `firstClosed` resolves when
 * the client gives up the first one: `status` does that when it ends, after its last answer.
 */
async function answerlessServer() {
  const server = net.createServer();
  let first = true;
  let closeFirst: () => void = () => undefined;
  const firstClosed = new Promise<void>((resolve) => (closeFirst = resolve));
  server.on('connection', (socket) => {
    socket.on('error', () => undefined);
    if (!first) return socket.destroy();
    first = false;
    socket.resume();
    socket.on('close', closeFirst);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    firstClosed,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(skip)('the exit code, when stdout is still full as the command ends', () => {
  it('`status` exits 1 (not 13) with every answer when its reader only starts once it has ended', async () => {
    const server = await answerlessServer();
    const fifo = path.join(dir, 'stdout');
    execFileSync('mkfifo', [fifo]);
    // Opened for reading first (without blocking), so the write end opens at once; nobody reads.
    const readEnd = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const writeEnd = fs.openSync(fifo, 'w');
    // About 140 bytes an answer: the pipe fills, and 20–40 KiB stay behind in the process.
    const ids = Array.from({ length: 700 }, (_, i) => objectIdAt(Date.now() - i * 1000));
    const child = spawn(process.execPath, [CLI, 'status', '--json', '-'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/purge-watch-cli-test',
        IMAGE_KIT_BASE_URL: server.baseUrl,
        IMAGEKIT_PRIVATE_KEY: 'private_exitCodeTestKey0123456789',
        PURGE_WATCH_POLL_SCALE: '0.02',
      },
      stdio: ['pipe', writeEnd, 'ignore'],
    });
    fs.closeSync(writeEnd);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.stdin!.end(ids.join('\n'));

    // `status` writes every answer, then gives up the request still open: once the server has
    // seen that, all the output is written (what the pipe did not take waits in the process),
    // and the entry point awaits its flush before the process can read any event.
    await server.firstClosed;
    await server.close();
    const reader = new net.Socket({ fd: readEnd, readable: true, writable: false });
    let stdout = '';
    reader.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const readAll = new Promise((resolve) => reader.on('end', resolve));

    expect(await exited).toBe(1);
    await readAll;
    const bytes = Buffer.byteLength(stdout);
    // The set-up itself: more than the pipe holds, less than would make Node emit 'drain'.
    expect(bytes).toBeGreaterThan(PIPE_BYTES);
    expect(bytes).toBeLessThan(2 * PIPE_BYTES);
    const answers = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { requestId: string });
    expect(answers.map((answer) => answer.requestId)).toEqual(ids);
  });
});
