// The built CLI with no Secret Service (no D-Bus session): every command that needs the
// keychain exits 5 with keytar's trouble in words, nothing is labelled "authentication
// failed" (nothing was authenticated), a D-Bus address that names no bus is said as such (not
// "try again"), and with IMAGEKIT_PRIVATE_KEY the keychain is not needed.
// Without keytar installed at all (the CLI package with --omit=optional), no key set is "no key"
// (exit 4), as a script checks it, not a keychain fault. keytar reached through a symlinked
// node_modules (pnpm, a checkout sharing one) loads with stdout a pipe or a socket too.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import { CLI, runBuiltCli, startCli } from '../support/cli-process';
import { cliEnv } from './fixtures';

let fake: FakeImageKit;
beforeAll(async () => {
  fake = await startFakeImageKit({ completeAfterMs: 0 });
});
afterAll(() => fake.close());

/** No bus at all (an empty address), no display to autolaunch one, and no key in the environment. */
const noKeychain = () =>
  cliEnv(fake, {
    DBUS_SESSION_BUS_ADDRESS: '',
    DISPLAY: undefined,
    IMAGEKIT_PRIVATE_KEY: undefined,
  });

describe('no Secret Service', () => {
  it.each([
    [['key', 'status'], ''],
    [['key', 'set'], 'private_abcdef123456\n'],
    [['key', 'delete'], ''],
  ])('%j exits 5 with one line saying so', async (args, input) => {
    const run = await runBuiltCli(args, { env: noKeychain(), input });
    expect(run.code).toBe(5);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^purge-watch: .*(keyring|D-Bus).*IMAGEKIT_PRIVATE_KEY instead\.\n$/,
    );
    expect(run.stderr).not.toContain('private_abcdef123456');
  });

  it('key set exits 5 before asking for the key: nothing is read from a stdin still open', async () => {
    // Before, it read the key (a prompt to type it, on a terminal) and only then said there was
    // no keyring to store it in; here it would wait for an end of input that never comes.
    const running = startCli(['key', 'set'], { env: noKeychain(), keepStdinOpen: true });
    const guard = setTimeout(() => running.child.kill('SIGKILL'), 20_000);
    try {
      const run = await running.done;
      expect(run.code).toBe(5);
      expect(run.stderr).toMatch(/^purge-watch: No D-Bus session is running/);
    } finally {
      clearTimeout(guard);
      running.child.stdin.destroy();
    }
  });

  it.each(['disabled:', 'garbage'])(
    'a D-Bus address that names no bus (%s): exit 5 saying so, not "try again", before asking for the key',
    async (address) => {
      const env = { ...noKeychain(), DBUS_SESSION_BUS_ADDRESS: address };
      const status = await runBuiltCli(['key', 'status'], { env });
      expect(status.code).toBe(5);
      expect(status.stderr).toMatch(
        /^purge-watch: DBUS_SESSION_BUS_ADDRESS does not name a D-Bus session \(.+\), so the keyring cannot be reached: .*IMAGEKIT_PRIVATE_KEY instead\.\n$/,
      );
      expect(status.stderr).not.toMatch(/try again/i);
      const running = startCli(['key', 'set'], { env, keepStdinOpen: true });
      const guard = setTimeout(() => running.child.kill('SIGKILL'), 20_000);
      try {
        const set = await running.done;
        expect(set.code).toBe(5);
        expect(set.stderr).toMatch(/^purge-watch: DBUS_SESSION_BUS_ADDRESS does not name/);
      } finally {
        clearTimeout(guard);
        running.child.stdin.destroy();
      }
    },
  );

  it('status <id> exits 5 before sending anything, not as an authentication failure', async () => {
    fake.resetRecords();
    const id = fake.addPurge(objectIdAt(Date.now()));
    const run = await runBuiltCli(['status', id], { env: noKeychain() });
    expect(run.code).toBe(5);
    expect(run.stderr).not.toMatch(/authenticat/i);
    expect(run.stderr).toMatch(/^purge-watch: .*keyring/);
    expect(fake.requests).toHaveLength(0);
  });

  it('with IMAGEKIT_PRIVATE_KEY set, key status exits 0 and status works', async () => {
    const env = { ...noKeychain(), IMAGEKIT_PRIVATE_KEY: fake.privateKey };
    const status = await runBuiltCli(['key', 'status'], { env });
    expect(status.code).toBe(0);
    expect(status.stdout).toBe('Private key: from IMAGEKIT_PRIVATE_KEY (environment)\n');
    const id = fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: 0 });
    const run = await runBuiltCli(['status', id], { env });
    expect(run.code).toBe(0);
    expect(run.lines).toEqual([`${id}  Completed`]);
  });
});

describe('no keychain support installed (no keytar)', () => {
  /** The built CLI alone in a folder with no node_modules anywhere above it: keytar cannot load. */
  let bare: string;
  beforeAll(() => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-no-keytar-'));
    bare = path.join(folder, 'purge-watch.mjs');
    fs.copyFileSync(CLI, bare);
  });
  afterAll(() => fs.rmSync(path.dirname(bare), { recursive: true, force: true }));

  it.each([
    [['status', objectIdAt(Date.now())]],
    [['wait', objectIdAt(Date.now())]],
    [['purge', 'https://ik.imagekit.io/acme/a.js']],
    [['key', 'status']],
    [['accounts']],
  ])('%j without IMAGEKIT_PRIVATE_KEY exits 4 (no key), sending nothing', async (args) => {
    fake.resetRecords();
    const run = await runBuiltCli(args, {
      env: { ...cliEnv(fake, { IMAGEKIT_PRIVATE_KEY: undefined }) },
      cli: bare,
    });
    expect(run.code).toBe(4);
    expect(run.stdout + run.stderr).toMatch(
      /IMAGEKIT_PRIVATE_KEY.*keychain support is not installed/,
    );
    expect(fake.requests).toEqual([]);
  });

  it('key set still exits 5: there is no keychain to store the key in', async () => {
    const run = await runBuiltCli(['key', 'set', '--no-check'], {
      env: cliEnv(fake, { IMAGEKIT_PRIVATE_KEY: undefined }),
      input: `${fake.privateKey}\n`,
      cli: bare,
    });
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/Keychain support is not installed/);
  });
});

describe('keytar reached through a symlinked node_modules (pnpm, a checkout sharing one)', () => {
  // Node's realpath reads the stat of the last file stat()ed: the CLI's stat of its stdout (a
  // pipe or socket: ./output-reader) made it stop early, and keytar loaded through the link
  // came out empty ("keytar.getPassword is not a function", for every keychain command).
  let linked: string;
  beforeAll(() => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-linked-keytar-'));
    const keytar = createRequire(import.meta.url).resolve('keytar');
    const modules = fs.realpathSync(path.resolve(path.dirname(keytar), '..', '..'));
    fs.symlinkSync(modules, path.join(folder, 'node_modules'), 'dir');
    linked = path.join(folder, 'purge-watch.mjs');
    fs.copyFileSync(CLI, linked);
  });
  afterAll(() => fs.rmSync(path.dirname(linked), { recursive: true, force: true }));

  it('key status with stdout a socket asks the keychain (exit 5: no D-Bus), not a broken keytar', async () => {
    const run = await runBuiltCli(['key', 'status'], { env: noKeychain(), cli: linked });
    expect(run.stderr).not.toContain('is not a function');
    expect(run.stderr).toMatch(/^purge-watch: No D-Bus session is running/);
    expect(run.code).toBe(5);
  });

  it.runIf(process.platform !== 'win32')(
    'accounts with stdout a shell pipe (`| cat`) asks the keychain too',
    async () => {
      const child = spawn('sh', ['-c', `"$0" "$1" accounts | cat`, process.execPath, linked], {
        env: Object.fromEntries(Object.entries(noKeychain()).filter(([, v]) => v !== undefined)),
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      await new Promise((resolve) => child.on('close', resolve));
      expect(stderr).not.toContain('is not a function');
      expect(stderr).toMatch(/^purge-watch: No D-Bus session is running/);
    },
  );
});
