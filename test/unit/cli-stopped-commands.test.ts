// A signal that ends a command before it can say what it left undone (stats, accounts and key
// stuck on a keychain that does not answer, `key set` or `wait -` reading a stdin still open):
// one line on stderr names the signal and the command, with the signal's exit code (130, 143,
// 129); a closed stdout still ends it quietly (141). In process: the entry point turns a signal
// into this stop (pipes-and-signals.test.ts runs it for real).
import { describe, expect, it } from 'vitest';
import type { InputStream } from '../../src/cli/cli-context';
import { ExitCode } from '../../src/cli/exit-codes';
import { runCli } from '../../src/cli/run';
import type { StopReason } from '../../src/cli/stop';
import { MemoryKeychain } from '../support/memory-keychain';
import { memoryCliContext } from '../support/cli-context';
import { until } from '../support/until';

/** A keychain whose every call waits forever (a D-Bus service that accepted and went silent). */
class SilentKeychain extends MemoryKeychain {
  calls = 0;
  private silent<T>(): Promise<T> {
    this.calls += 1;
    return new Promise<T>(() => undefined);
  }
  override getPrivateKey = () => this.silent<string | undefined>();
  override deletePrivateKey = () => this.silent<boolean>();
  override hasPrivateKey = () => this.silent<boolean>();
  override accountNames = () => this.silent<string[]>();
}

/** A stdin that is read from but never ends (a producer still running upstream). */
function openStdin(): InputStream & { reading: boolean } {
  const stdin = {
    reading: false,
    [Symbol.asyncIterator]: () => ({
      next: () => {
        stdin.reading = true;
        return new Promise<IteratorResult<Buffer>>(() => undefined);
      },
    }),
  };
  return stdin;
}

/** Runs `argv` until `stuck()`, stops it with `reason`, and returns what it said and its code. */
async function stoppedRun(
  argv: string[],
  reason: StopReason,
  {
    keychain = new MemoryKeychain(),
    stdin = openStdin(),
    stuck = () => false,
    env = {},
  }: {
    keychain?: MemoryKeychain;
    stdin?: InputStream;
    stuck: () => boolean;
    env?: Record<string, string>;
  },
) {
  const stop = new AbortController();
  const { context, seen } = memoryCliContext({
    env,
    stdin,
    fetch: () => new Promise<Response>(() => undefined),
    keychain,
    stop: stop.signal,
  });
  const code = runCli(argv, context);
  await until(stuck, `${argv.join(' ')} waiting`);
  stop.abort(reason);
  return { code: await code, ...seen };
}

describe('a signal while a command waits on the keychain or stdin', () => {
  it.each([
    [['stats'], 'SIGINT', ExitCode.interrupted, 'stats'],
    [['stats', '--json'], 'SIGTERM', ExitCode.terminated, 'stats'],
    [['accounts'], 'SIGHUP', ExitCode.hungUp, 'accounts'],
    [['accounts', '--json'], 'SIGTERM', ExitCode.terminated, 'accounts'],
    [['key', 'status'], 'SIGINT', ExitCode.interrupted, 'key status'],
    [['key', 'delete'], 'SIGTERM', ExitCode.terminated, 'key delete'],
  ] as const)(
    '%j stopped by %s exits %i and says so in one line',
    async (argv, reason, exit, named) => {
      const keychain = new SilentKeychain();
      const run = await stoppedRun([...argv], reason, {
        keychain,
        stuck: () => keychain.calls > 0,
      });
      expect(run.code).toBe(exit);
      expect(run.stderr).toBe(`purge-watch: interrupted by ${reason} before ${named} was done\n`);
      expect(run.stdout).toBe('');
    },
  );

  it.each([
    // `key set` reads the key from a pipe; `wait -` the IDs a producer upstream is still writing.
    [['key', 'set', '--no-check'], 'SIGTERM', ExitCode.terminated, 'key set'],
    [['wait', '--json', '-'], 'SIGINT', ExitCode.interrupted, 'wait'],
  ] as const)(
    '%j reading a stdin still open, stopped by %s, exits %i and says so in one line',
    async (argv, reason, exit, named) => {
      const stdin = openStdin();
      const run = await stoppedRun([...argv], reason, {
        stdin,
        stuck: () => stdin.reading,
        env: { IMAGEKIT_PRIVATE_KEY: 'private_stoppedCommandTestKey1=' },
      });
      expect(run.code).toBe(exit);
      expect(run.stderr).toBe(`purge-watch: interrupted by ${reason} before ${named} was done\n`);
      expect(run.stdout).toBe('');
    },
  );

  it('a closed stdout (EPIPE) still ends it quietly, with 141', async () => {
    const keychain = new SilentKeychain();
    const run = await stoppedRun(['accounts'], 'EPIPE', {
      keychain,
      stuck: () => keychain.calls > 0,
    });
    expect(run.code).toBe(ExitCode.outputClosed);
    expect(run.stderr).toBe('');
  });
});
