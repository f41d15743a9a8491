// `purge-watch key set` at a terminal: the built CLI under a real pseudo-terminal (util-linux
// `script`), typed at as a user would. Line editing works (Backspace, Ctrl-U), arrow keys and
// other escape sequences never end up in the key, and any other control character refuses it.
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { KeytarKeychain } from '../../src/core/accounts/keychain';
import { CLI } from '../support/cli-process';
import { IN_CI, warnSkipped } from '../support/ci';
import { probeSecretService, secretServiceHowToRun } from '../support/secret-service';
import { until } from '../support/until';

const SERVICE = `purge-watch-prompt-test-${process.pid}`;
const hasScript = spawnSync('script', ['--version']).status === 0;
if (!hasScript)
  warnSkipped(
    'the key prompt tests',
    'util-linux `script` is missing',
    'apt-get install -y bsdutils, then npm test',
  );

/** Runs `key set` on a terminal, types `keys` once the prompt shows, and returns what it printed. */
async function typeKey(
  keys: string,
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; terminal: string }> {
  const child = spawn(
    'script',
    ['-qec', `"${process.execPath}" "${CLI}" key set --no-check`, '/dev/null'],
    {
      env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)),
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let terminal = '';
  child.stdout.on('data', (chunk: Buffer) => (terminal += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await until(() => terminal.includes('ImageKit private API key: '), 'the prompt');
  child.stdin.write(keys);
  const code = await exited;
  child.stdin.destroy();
  return { code, terminal };
}

const baseEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  PURGE_WATCH_KEYCHAIN_SERVICE: SERVICE,
};

const secretServiceProblem = await probeSecretService(SERVICE);
if (secretServiceProblem) {
  warnSkipped('the key prompt keychain test', secretServiceProblem, secretServiceHowToRun());
}

describe.skipIf((secretServiceProblem !== undefined || !hasScript) && !IN_CI)(
  'the hidden key prompt (real Secret Service)',
  () => {
    const keychain = new KeytarKeychain({ service: SERVICE });
    afterAll(() => keychain.deletePrivateKey('default'));

    // A reachable keyring: with none (no D-Bus session) the key is not even asked for
    // (test/cli/keychain-unavailable.test.ts).
    const withKeyring = {
      ...baseEnv,
      DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
    };

    it('refuses a key with a control character, before the keychain is asked', async () => {
      const { code, terminal } = await typeKey('private_abc\u0007def\r', withKeyring);
      expect(code).toBe(2);
      expect(terminal).toMatch(/contained control characters and was not stored/);
      expect(terminal).not.toContain('private_abc');
      expect(await keychain.getPrivateKey('default')).toBeUndefined();
    });

    it('Ctrl-C cancels with 130', async () => {
      const { code } = await typeKey('private_ab\u0003', withKeyring);
      expect(code).toBe(130);
      expect(await keychain.getPrivateKey('default')).toBeUndefined();
    });

    it('stores what was meant: arrows ignored, Backspace and Ctrl-U edit', async () => {
      // Typed: a wrong start cleared with Ctrl-U, an up arrow, a left arrow, Home (SS3), a typo
      // erased with Backspace, a bracketed paste.
      const typed =
        'oops\u0015private_ab\u001b[A\u001b[Dc\u001bOHdx\u007f\u001b[200~ef\u001b[201~\r';
      const { code } = await typeKey(typed, withKeyring);
      expect(code).toBe(0);
      expect(await keychain.getPrivateKey('default')).toBe('private_abcdef');
    });
  },
);
