// The keychain adapter against a real Secret Service (gnome-keyring on a private D-Bus session).
// Needs a Secret Service (`npm test` starts one).
// The only fake is a keytar that never answers (the hang a locked keyring can cause); every
// failure mode users meet (no bus, no keyring daemon, locked keyring) is reproduced for real in
// a subprocess, since a process keeps its first D-Bus connection.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KeytarModule } from '../../src/core/accounts/keychain';
import { KeychainError, KeytarKeychain } from '../../src/core/accounts/keychain';
import { validatePrivateKey } from '../../src/core/imagekit/private-key';
import { IN_CI, warnSkipped } from '../support/ci';
import { onPath, probeSecretService, secretServiceHowToRun } from '../support/secret-service';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const WITH_KEYRING = join(REPO, 'scripts/with-keyring.sh');
// Never the app's own service: a developer's real key is not touched even on a desktop keyring.
const TEST_SERVICE = `purge-watch-test-${process.pid}`;
const TEST_ACCOUNT = 'private-key-test';
const SECRET = 'private_kC3xQ9sVtest0nlyN0tReal=';
// A subprocess starts node with tsx, and possibly a bus and a keyring daemon: on a loaded
// 2-core machine that alone took over 20 s. A hang guard, not a duration under test.
const SUBPROCESS_TIMEOUT_MS = 90_000;

const secretServiceProblem = await probeSecretService(TEST_SERVICE);
const missingTools = ['dbus-run-session', 'gnome-keyring-daemon', 'dbus-send'].filter(
  (tool) => !onPath(tool),
);
if (secretServiceProblem)
  warnSkipped('the real keychain tests', secretServiceProblem, secretServiceHowToRun());
if (missingTools.length > 0) {
  warnSkipped(
    'the locked/no-daemon keychain tests',
    `${missingTools.join(', ')} not installed`,
    secretServiceHowToRun(),
  );
}

interface Outcome {
  op: 'set' | 'get' | 'delete';
  ok: boolean;
  value?: unknown;
  name?: string;
  kind?: string;
  message?: string;
}

// Stores, reads and deletes the key in a fresh process, printing what each call did as JSON.
const SCENARIO = `
const { KeytarKeychain } = await import(process.env.KEYCHAIN_MODULE);
const keychain = new KeytarKeychain({ service: process.env.TEST_SERVICE, timeoutMs: 5000 });
const calls = [
  ['set', () => keychain.setPrivateKey(process.env.TEST_SECRET, 'private-key')],
  ['get', () => keychain.getPrivateKey('private-key')],
  ['delete', () => keychain.deletePrivateKey('private-key')],
];
const outcomes = [];
for (const [op, call] of calls) {
  try {
    outcomes.push({ op, ok: true, value: await call() });
  } catch (error) {
    outcomes.push({ op, ok: false, name: error.name, kind: error.kind, message: error.message });
  }
}
console.log(JSON.stringify(outcomes));
`;

// The app's start after an upgrade, 100 times in a fresh process: the default key read and the
// accounts listed at once while only the key of a version before accounts is stored (both move
// it: a store and a delete beside a listing). Prints each round's key and account names.
const UPGRADE_STARTS = `
const { KeytarKeychain, LEGACY_KEYCHAIN_ACCOUNT } = await import(process.env.KEYCHAIN_MODULE);
const keychain = new KeytarKeychain({ service: process.env.TEST_SERVICE, timeoutMs: 5000 });
const rounds = [];
for (let round = 0; round < 100; round++) {
  await keychain.setPrivateKey(process.env.TEST_SECRET, LEGACY_KEYCHAIN_ACCOUNT);
  const [key, names] = await Promise.allSettled([
    keychain.getPrivateKey('default'),
    keychain.accountNames(),
  ]);
  rounds.push({ key: key.value ?? key.reason.message, names: names.value ?? names.reason.message });
  await keychain.deletePrivateKey('default');
}
console.log(JSON.stringify(rounds));
`;

/** Runs `script` (SCENARIO) under `command` (e.g. dbus-run-session) with these environment changes. */
function runScenario<Printed = Outcome[]>(
  command: string[],
  env: Record<string, string | undefined>,
  script = SCENARIO,
): Promise<Printed> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    KEYCHAIN_MODULE: pathToFileURL(join(REPO, 'src/core/accounts/keychain.ts')).href,
    TEST_SERVICE,
    TEST_SECRET: SECRET,
  };
  delete childEnv.DISPLAY; // an unlock prompt must fail at once, not wait for a click
  delete childEnv.WAYLAND_DISPLAY;
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[name];
    else childEnv[name] = value;
  }
  const node = [process.execPath, '--import', 'tsx', '--input-type=module', '-e', script];
  const [file, ...args] = [...command, ...node] as [string, ...string[]];
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd: REPO, env: childEnv, timeout: SUBPROCESS_TIMEOUT_MS - 5_000 },
      (error, stdout, stderr) => {
        const last = stdout.trim().split('\n').at(-1) ?? '';
        if (error || !last.startsWith('[')) {
          const how = error ? `${error.message}, signal ${error.signal ?? 'none'}` : 'no output';
          reject(new Error(`scenario failed (${how}):\n${stdout}\n${stderr}`));
          return;
        }
        resolve(JSON.parse(last) as Printed);
      },
    );
  });
}

function outcome(outcomes: Outcome[], op: Outcome['op']): Outcome {
  const found = outcomes.find((candidate) => candidate.op === op);
  if (!found) throw new Error(`no outcome for ${op}`);
  return found;
}

describe('validatePrivateKey', () => {
  it('accepts a private key, ignoring whitespace pasted around it', () => {
    expect(validatePrivateKey('private_abc123=')).toBeUndefined();
    expect(validatePrivateKey('  private_abc123=\n')).toBeUndefined();
  });

  it('says which key was pasted when it is the public one', () => {
    expect(validatePrivateKey('public_abc123=')).toMatch(/public API key.*private_/);
  });

  it('refuses empty text and text that is not an ImageKit private key', () => {
    expect(validatePrivateKey('')).toMatch(/empty/);
    expect(validatePrivateKey(' \n\t')).toMatch(/empty/);
    expect(validatePrivateKey('abc123')).toMatch(/should start with "private_"/);
    expect(validatePrivateKey('private_abc\n123')).toMatch(/line breaks/);
  });
});

describe('a keychain that never answers (a locked keyring waiting on its unlock prompt)', () => {
  const hangs = (): Promise<never> => new Promise<never>(() => {});
  const hangingKeytar: KeytarModule = {
    getPassword: hangs,
    setPassword: hangs,
    deletePassword: hangs,
    findCredentials: hangs,
  };
  const keychain = new KeytarKeychain({ keytar: hangingKeytar, timeoutMs: 100, platform: 'linux' });

  it.each([
    ['getPrivateKey', () => keychain.getPrivateKey('default')],
    ['setPrivateKey', () => keychain.setPrivateKey(SECRET, 'default')],
    ['deletePrivateKey', () => keychain.deletePrivateKey('default')],
  ])('%s gives up after the timeout and says what to do', async (_name, call) => {
    // Its time on fake timers, not measured on the wall clock (a loaded machine stretches that).
    vi.useFakeTimers();
    let settled = false;
    const outcome = call().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    void outcome.finally(() => (settled = true));
    try {
      await vi.advanceTimersByTimeAsync(99);
      expect(settled).toBe(false); // not given up before its time
      await vi.advanceTimersByTimeAsync(1);
      expect(settled).toBe(true); // and given up at it
    } finally {
      vi.useRealTimers();
    }
    const error = await outcome;

    expect(error).toBeInstanceOf(KeychainError);
    expect((error as KeychainError).kind).toBe('timeout');
    expect((error as KeychainError).message).toMatch(
      /did not answer within 100 ms.*unlock.*Unlock it and try again\.$/,
    );
    expect((error as KeychainError).message).not.toContain(SECRET);
  });
});

describe('when no D-Bus session is reachable', { timeout: SUBPROCESS_TIMEOUT_MS }, () => {
  it.each([
    [
      'a bus address that leads nowhere',
      { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/purge-watch-test-bus' },
    ],
    ['no bus address and no display', { DBUS_SESSION_BUS_ADDRESS: undefined }],
  ])('with %s, every call fails as unavailable with advice', async (_case, env) => {
    const outcomes = await runScenario([], env);

    for (const op of ['set', 'get', 'delete'] as const) {
      const result = outcome(outcomes, op);
      expect(result).toMatchObject({ ok: false, name: 'KeychainError', kind: 'unavailable' });
      expect(result.message).toMatch(/D-Bus session.*dbus-run-session with gnome-keyring\)\.$/);
      // The way around the keychain is each surface's to say (the CLI's: IMAGEKIT_PRIVATE_KEY).
      expect(result.message).not.toMatch(/IMAGEKIT_PRIVATE_KEY/);
      expect(result.message).not.toContain(SECRET);
    }
  });
});

describe.skipIf(missingTools.length > 0 && !IN_CI)(
  'with a session bus but no usable keyring',
  { timeout: SUBPROCESS_TIMEOUT_MS },
  () => {
    let configDir = '';

    beforeAll(async () => {
      if (missingTools.length > 0)
        throw new Error(
          `${missingTools.join(', ')} not installed: apt-get install -y dbus gnome-keyring`,
        );
      configDir = await mkdtemp(join(tmpdir(), 'purge-watch-bus-'));
      // A session bus that cannot start any service: nothing provides org.freedesktop.secrets.
      await writeFile(
        join(configDir, 'bus.conf'),
        `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=${configDir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
`,
      );
    });

    afterAll(async () => {
      if (configDir) await rm(configDir, { recursive: true, force: true });
    });

    it('says to install and start gnome-keyring when no keyring daemon is running', async () => {
      const outcomes = await runScenario(
        ['dbus-run-session', `--config-file=${join(configDir, 'bus.conf')}`, '--'],
        {},
      );

      for (const op of ['set', 'get'] as const) {
        const result = outcome(outcomes, op);
        expect(result).toMatchObject({ ok: false, kind: 'unavailable' });
        expect(result.message).toBe(
          'No keychain service is running: install and start gnome-keyring (or KWallet).',
        );
      }
    });

    it('says to unlock the keyring when it is locked, and stores nothing', async () => {
      const lockThenRun = [
        WITH_KEYRING,
        'sh',
        '-c',
        'dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets ' +
          'org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null && exec "$@"',
        'lock-then-run',
      ];
      const outcomes = await runScenario(lockThenRun, {});

      const stored = outcome(outcomes, 'set');
      expect(stored).toMatchObject({ ok: false, kind: 'locked' });
      expect(stored.message).toMatch(/is locked: unlock it.*then try again\.$/);
      expect(stored.message).not.toContain(SECRET);
      expect(outcome(outcomes, 'get')).toMatchObject({ ok: true });
      expect(outcome(outcomes, 'get').value).toBeUndefined();
    });

    it('says a stored key is locked, and how to unlock it, instead of "no key"', async () => {
      const storeLockThenRun = [
        WITH_KEYRING,
        'sh',
        '-c',
        `"${process.execPath}" --import tsx --input-type=module -e ` +
          `'const { KeytarKeychain } = await import(process.env.KEYCHAIN_MODULE);` +
          ` await new KeytarKeychain({ service: process.env.TEST_SERVICE }).setPrivateKey("private_storedBeforeLocking=", "private-key");' && ` +
          'dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets ' +
          'org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null && exec "$@"',
        'store-lock-then-run',
      ];
      const outcomes = await runScenario(storeLockThenRun, {});

      const read = outcome(outcomes, 'get');
      expect(read).toMatchObject({ ok: false, kind: 'locked' });
      expect(read.message).toMatch(
        /is locked: unlock it \(log in to your desktop, or open Passwords and Keys/,
      );
      expect(read.message).not.toContain('private_storedBeforeLocking');
    });
  },
);

describe.skipIf(secretServiceProblem !== undefined && !IN_CI)(
  'against the real Secret Service',
  () => {
    const keychain = new KeytarKeychain({ service: TEST_SERVICE });

    beforeAll(async () => {
      if (secretServiceProblem)
        throw new Error(
          `No Secret Service to test against: ${secretServiceProblem}. To run them: ${secretServiceHowToRun()}`,
        );
      await keychain.deletePrivateKey(TEST_ACCOUNT);
    });

    afterAll(async () => {
      if (!secretServiceProblem) await keychain.deletePrivateKey(TEST_ACCOUNT);
    });

    it('names the keychain for users', () => {
      expect(new KeytarKeychain({ platform: 'linux' }).describe()).toBe(
        'the Secret Service keychain (GNOME Keyring or KWallet)',
      );
      expect(new KeytarKeychain({ platform: 'darwin' }).describe()).toBe('the macOS Keychain');
      expect(new KeytarKeychain({ platform: 'win32' }).describe()).toBe(
        'Windows Credential Manager',
      );
    });

    it('stores, reads, replaces and deletes the key', async () => {
      expect(await keychain.getPrivateKey(TEST_ACCOUNT)).toBeUndefined();

      await keychain.setPrivateKey(`  ${SECRET}\n`, TEST_ACCOUNT);
      expect(await keychain.getPrivateKey(TEST_ACCOUNT)).toBe(SECRET);

      await keychain.setPrivateKey('private_replacement=', TEST_ACCOUNT);
      expect(await keychain.getPrivateKey(TEST_ACCOUNT)).toBe('private_replacement=');
      // A fresh adapter (as after a restart) sees the same key.
      expect(await new KeytarKeychain({ service: TEST_SERVICE }).getPrivateKey(TEST_ACCOUNT)).toBe(
        'private_replacement=',
      );

      expect(await keychain.deletePrivateKey(TEST_ACCOUNT)).toBe(true);
      expect(await keychain.getPrivateKey(TEST_ACCOUNT)).toBeUndefined();
      expect(await keychain.deletePrivateKey(TEST_ACCOUNT)).toBe(false);
    });

    it(
      "survives the app's start after an upgrade, when reading and listing move the old key at once",
      { timeout: SUBPROCESS_TIMEOUT_MS },
      async () => {
        // Calls made at once used to reach libsecret at once: a listing beside the delete of
        // one of its entries crashed the process (SIGSEGV) or failed ("No such secret item").
        const rounds = await runScenario<{ key: string; names: string[] | string }[]>(
          [],
          {},
          UPGRADE_STARTS,
        );
        expect(rounds).toHaveLength(100);
        const moved = { key: SECRET, names: ['default'] };
        expect(rounds.filter((round) => !isDeepStrictEqual(round, moved))).toEqual([]);
      },
    );

    it('refuses the public key and empty text, keeping the stored key', async () => {
      await keychain.setPrivateKey(SECRET, TEST_ACCOUNT);

      const publicKey = 'public_kC3xQ9sVpublicKey=';
      const refusedPublic = await keychain
        .setPrivateKey(publicKey, TEST_ACCOUNT)
        .catch((error: unknown) => error);
      expect(refusedPublic).toBeInstanceOf(KeychainError);
      expect(refusedPublic).toMatchObject({ kind: 'invalid' });
      expect((refusedPublic as KeychainError).message).toMatch(/public API key/);
      expect((refusedPublic as KeychainError).message).not.toContain(publicKey);

      for (const empty of ['', '  \n']) {
        const refusedEmpty = await keychain
          .setPrivateKey(empty, TEST_ACCOUNT)
          .catch((error: unknown) => error);
        expect(refusedEmpty).toMatchObject({
          kind: 'invalid',
          message: expect.stringMatching(/empty/),
        });
      }

      expect(await keychain.getPrivateKey(TEST_ACCOUNT)).toBe(SECRET);
      expect(await keychain.deletePrivateKey(TEST_ACCOUNT)).toBe(true);
    });
  },
);
