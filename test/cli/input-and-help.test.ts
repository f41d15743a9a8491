// The built CLI's input: IDs on stdin are decoded once and checked like arguments, a stdin
// without IDs is shown (never a key); and its small print: per-command help, option errors.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import { runBuiltCli } from '../support/cli-process';
import { cliEnv, deadBaseUrl } from './fixtures';

let fake: FakeImageKit;
beforeAll(async () => {
  fake = await startFakeImageKit({ completeAfterMs: 0 });
});
afterAll(() => fake.close());
beforeEach(() => fake.resetRecords());

describe('request IDs on stdin', () => {
  it('3000 IDs with a multi-byte separator across the 64 KiB read boundary all arrive', async () => {
    const ids = Array.from({ length: 3000 }, (_, i) => objectIdAt(Date.now() - i * 1000));
    // 9 bytes of padding put the 2427th U+3000 (3 bytes) at bytes 65535–65537.
    const input = `${' '.repeat(9)}${ids.join('\u3000')}\n`;
    expect(Buffer.from(input).subarray(65535, 65538).toString()).toBe('\u3000');
    // Against a dead port, status gives every ID its error object: all 3000 must be there.
    const run = await runBuiltCli(['status', '--json', '-'], {
      env: cliEnv(fake, { IMAGE_KIT_BASE_URL: await deadBaseUrl() }),
      input,
    });
    expect(run.code).toBe(1);
    expect(run.json.map((line) => line.requestId)).toEqual(ids);
  });

  it('150,000 IDs on stdin (a whole deploy manifest) are all read, not an internal error', async () => {
    // Before, spreading them into one push() overflowed the stack: "unexpected error: Maximum
    // call stack size exceeded", exit 1, and not one ID asked about.
    const ids = Array.from({ length: 150_000 }, (_, i) => objectIdAt(Date.now() - i * 1000));
    expect(new Set(ids).size).toBe(ids.length);
    const run = await runBuiltCli(['status', '--json', '-'], {
      env: cliEnv(fake, { IMAGE_KIT_BASE_URL: await deadBaseUrl() }),
      input: `${ids.join('\n')}\n`,
    });
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.code).toBe(1);
    expect(run.json.map((line) => line.requestId)).toEqual(ids);
  });

  it('a malformed ID on stdin is a usage error, as it is as an argument', async () => {
    const good = objectIdAt(Date.now());
    const run = await runBuiltCli(['wait', '-'], {
      env: cliEnv(fake),
      input: `${good}\n598821f949c0a938d5756\n`,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'purge-watch: "598821f949c0a938d5756" on stdin is not a request ID: 21 characters; a request ID has 24 hex characters\n',
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('an ID holding an invisible character names it by code point (a bidi mark, a joiner)', async () => {
    for (const [mark, name] of [
      ['\u202e', 'U+202E'],
      ['\u061c', 'U+061C'],
      ['\u200d', 'U+200D'],
    ]) {
      const run = await runBuiltCli(['wait', '-'], {
        env: cliEnv(fake),
        input: `598821f949c0a938d57563bd${mark}\n`,
      });
      expect(run.code).toBe(2);
      // Not "contains ''": the terminal filter removes the mark itself from the line.
      expect(run.stderr).toContain(`contains ${name}, not hexadecimal`);
    }
  });

  it('an ID holding a look-alike of a hex character names its code point (a Cyrillic "c")', async () => {
    const run = await runBuiltCli(['status', '598821f949\u04410a938d57563bd'], {
      env: cliEnv(fake),
    });
    expect(run.code).toBe(2);
    // Not only "contains 'с'", which reads as a 'c' that is hex.
    expect(run.stderr).toContain("contains '\u0441' (U+0441), not hexadecimal");
    expect(fake.requests).toHaveLength(0);
  });

  it('stdin without an ID shows how what was read starts, never a key', async () => {
    const run = await runBuiltCli(['wait', '-'], {
      env: cliEnv(fake),
      input: '{"message":"Your key private_abcSECRET123 cannot be authenticated."}\n',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^purge-watch: no request ID found on stdin \(it starts: \{"message":"Your key private_… cannot/,
    );
    expect(run.stderr).not.toContain('SECRET');
  });
});

describe('help and options', () => {
  it.each([[['help', 'wait']], [['wait', '--help']], [['wait', '-h']]])(
    '%j shows the usage of wait alone',
    async (args) => {
      const run = await runBuiltCli(args, { env: cliEnv(fake) });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('purge-watch wait <request-id>...');
      expect(run.stdout).toContain('--timeout <duration>');
      expect(run.stdout).not.toContain('purge-watch key set');
    },
  );

  it('help names the accounts command and --account on the commands that take it', async () => {
    const accounts = await runBuiltCli(['accounts', '--help'], { env: cliEnv(fake) });
    expect(accounts.stdout).toContain('purge-watch accounts');
    expect(accounts.stdout).not.toContain('--account');
    for (const command of ['status', 'wait', 'purge', 'stats', 'key']) {
      const run = await runBuiltCli(['help', command], { env: cliEnv(fake) });
      expect(run.stdout).toContain('--account <name>');
    }
  });

  it('help alone shows everything, with the exit codes', async () => {
    const run = await runBuiltCli(['help'], { env: cliEnv(fake) });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('purge-watch key set');
    expect(run.stdout).toMatch(/5 keychain unavailable/);
  });

  it('--json makes --version and help print one JSON object too, as every command does', async () => {
    // Before, they printed plain text: a script parsing stdout as JSON lines failed.
    const plain = await runBuiltCli(['--version'], { env: cliEnv(fake) });
    const version = await runBuiltCli(['--version', '--json'], { env: cliEnv(fake) });
    expect(version.code).toBe(0);
    expect(version.json).toEqual([{ version: plain.stdout.trim() }]);
    expect(version.stdout).toBe(`${JSON.stringify({ version: plain.stdout.trim() })}\n`);
    const whole = (await runBuiltCli(['help'], { env: cliEnv(fake) })).stdout;
    for (const args of [['help', '--json'], ['--help', '--json'], ['--json']]) {
      const run = await runBuiltCli(args, { env: cliEnv(fake) });
      expect(run.code).toBe(0);
      expect(run.json).toEqual([{ usage: whole }]);
    }
    const waitHelp = (await runBuiltCli(['help', 'wait'], { env: cliEnv(fake) })).stdout;
    const topic = await runBuiltCli(['wait', '--help', '--json'], { env: cliEnv(fake) });
    expect(topic.json).toEqual([{ command: 'wait', usage: waitHelp }]);
  });

  it.each([
    [
      ['wait', objectIdAt(Date.now()), '--timeout', '-5s'],
      '--timeout "-5s" is not a duration like 90s, 15m or 2h',
    ],
    [['-V'], 'unknown option "-V"'],
    [['status', '--json=yes', objectIdAt(Date.now())], '--json takes no value'],
    [
      ['wait', objectIdAt(Date.now()), '--timeout'],
      '--timeout needs a duration, e.g. --timeout 15m',
    ],
    [
      ['status', objectIdAt(Date.now()), '--account'],
      '--account needs an account name, e.g. --account staging',
    ],
    [['accounts', '--account', 'staging'], '--account does not apply to accounts'],
    [['accounts', 'staging'], 'accounts takes no arguments'],
    [
      ['status', objectIdAt(Date.now()), '--timeout', '1m'],
      '--timeout only applies to wait and purge',
    ],
    [
      ['purge', 'https://ik.imagekit.io/acme/a.js', '--progress', 'lines'],
      '--progress only applies to wait and purge --wait',
    ],
  ])('%j: %s', async (args, message) => {
    const run = await runBuiltCli(args, { env: cliEnv(fake) });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`purge-watch: ${message} (run purge-watch --help for usage)\n`);
  });

  it('an invalid PURGE_WATCH_POLL_SCALE is refused, not ignored', async () => {
    const run = await runBuiltCli(['status', objectIdAt(Date.now())], {
      env: cliEnv(fake, { PURGE_WATCH_POLL_SCALE: 'fast' }),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^purge-watch: PURGE_WATCH_POLL_SCALE must be a number above 0/);
    expect(fake.requests).toHaveLength(0);
  });
});
