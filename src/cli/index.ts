// The `purge-watch` executable: real streams, fetch, clock and keychain into runCli; signals
// and a closed stdout (seen at a write, or watched: ./output-reader) stop the command (exit 130
// / 143 / 141; a stdout that fails otherwise, a full disk, exits 1), and the process ends as
// soon as the command has: no request in flight or timer left can keep it alive, and once
// stopped, no reader that takes nothing more (./output-flush).
import { systemClock } from '../core/clock';
import { accountNameListFor } from '../core/accounts/account-name-file';
import { KeytarKeychain } from '../core/accounts/keychain';
import { profileDirectory } from './duration-figures';
import type { OutputStream } from './cli-context';
import { ExitCode } from './exit-codes';
import { flushedUnlessStopped } from './output-flush';
import { watchReader } from './output-reader';
import type { StopReason } from './stop';
import { stopExitCode } from './stop';
import { cliOutput, runCli } from './run';
import { saySetAside } from './set-aside';

const stop = new AbortController();
const stopWith = (reason: StopReason) => {
  if (!stop.signal.aborted) stop.abort(reason);
};

/**
 * A stream that, once its reader has gone (EPIPE: `| head -1`), stops the command quietly
 * instead of throwing, and drops whatever is written after.
 */
function guarded(stream: NodeJS.WriteStream): OutputStream {
  let closed = false;
  stream.on('error', () => {
    closed = true;
    stopWith('EPIPE');
  });
  return {
    write: (text: string) => closed || stream.destroyed || stream.write(text),
    isTTY: stream.isTTY === true,
    get columns() {
      return stream.columns;
    },
  };
}

/**
 * stdout failed for another reason than its reader going away (a full disk, an I/O error):
 * results were lost, so the command failed (exit 1) whatever it did, and says so on stderr.
 * The failure stopped it as a closed stdout does (guarded).
 */
let stdoutFailure: NodeJS.ErrnoException | undefined;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') stdoutFailure ??= error;
});
function unwritten(): ExitCode | undefined {
  if (!stdoutFailure) return undefined;
  const why = stdoutFailure.code ?? stdoutFailure.message;
  output.error(`stdout could not be written (${why}): results were lost`);
  return ExitCode.failed;
}

// A reader that goes away stops the command even while nothing is being written.
watchReader(1, () => stopWith('EPIPE'), process.platform);

/**
 * What each signal stops the command as. Windows has no SIGTERM: a console's Ctrl-Break (GitHub's
 * runner's second cancel signal there, after Ctrl-C) arrives as SIGBREAK, which would otherwise
 * end the command before it says what was still pending. SIGHUP (the terminal closed) would end
 * it before it writes the durations it saw.
 */
const STOP_SIGNALS = {
  SIGINT: 'SIGINT',
  SIGTERM: 'SIGTERM',
  SIGBREAK: 'SIGTERM',
  SIGHUP: 'SIGHUP',
} as const;
let signalled = false;
for (const [signal, reason] of Object.entries(STOP_SIGNALS)) {
  process.on(signal, () => {
    // A second Ctrl-C ends at once, whatever is still being reported.
    if (signalled) process.exit(stopExitCode(reason));
    signalled = true;
    stopWith(reason);
  });
}

const argv = process.argv.slice(2);
const streams = {
  env: process.env,
  stdout: guarded(process.stdout),
  stderr: guarded(process.stderr),
};
const output = cliOutput(argv, streams);
const code = await runCli(
  argv,
  {
    ...streams,
    stdin: process.stdin,
    fetch: (input, init) => fetch(input, init),
    // PURGE_WATCH_KEYCHAIN_SERVICE keeps the keys under another service name (tests).
    keychain: new KeytarKeychain({
      service: process.env.PURGE_WATCH_KEYCHAIN_SERVICE || undefined,
      // macOS: the app's list of account names, so listing them reads (prompts for) no key.
      nameList: accountNameListFor(
        process.platform,
        profileDirectory({ env: process.env, platform: process.platform }),
        saySetAside(
          output,
          'the list of account names',
          'the names are read from the keychain again',
        ),
      ),
    }),
    clock: systemClock,
    platform: process.platform,
    stop: stop.signal,
  },
  output,
);
const leftBehind = await flushedUnlessStopped(
  [process.stdout, process.stderr],
  stop.signal,
  systemClock,
);
if (leftBehind) process.exit(stopExitCode(leftBehind));
// A failed write's 'error' comes on the next tick: one turn of the event loop lets it arrive.
await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 0));
process.exit(unwritten() ?? code);
