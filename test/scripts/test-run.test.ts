// `npm test` (scripts/test.ts) runs everything on a machine set up as the README says: without a
// Secret Service it starts a private keyring where dbus-run-session and gnome-keyring-daemon are
// installed (and none inside one already there); without them, the tests that need one skip and
// the run ends with ONE line saying what and how to run them; under CI=true they fail instead.
// Run here on a one-file fixture suite (test/fixtures/suite-run).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { skipWithoutKeyringTools } from '../support/secret-service';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CONFIG = 'test/fixtures/suite-run/vitest.config.ts';
const PRIVATE_KEYRING = /runs in a private keyring/;
const skip = skipWithoutKeyringTools('the npm test keyring tests');
// A PATH without the keyring's tools (nothing else on it is needed: node is given by path).
const emptyPath = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-empty-path-'));
afterAll(() => fs.rmSync(emptyPath, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm test -- --config <fixture>`, as the runner would be started by npm, in `env`. */
function npmTest(env: NodeJS.ProcessEnv, ...wrapper: string[]): Promise<Run> {
  const runner = [process.execPath, '--import', 'tsx', 'scripts/test.ts', '--config', CONFIG];
  const [command, ...args] = [...wrapper, ...runner];
  const child = spawn(command!, args, { cwd: REPO, env: { ...env, NO_COLOR: '1' } });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, ...out })));
}

/** This process's environment without a session bus or CI. */
function noSecretService(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  delete env.CI;
  return { ...env, ...extra };
}

describe('npm test', { timeout: 60_000 }, () => {
  it.skipIf(skip)('starts a private keyring where there is none, and runs every test', async () => {
    const run = await npmTest(noSecretService());
    expect(run.stderr).toMatch(PRIVATE_KEYRING);
    expect(run.stdout).toMatch(/a Secret Service on unix:/);
    expect(run.stdout).toMatch(/Tests\s+2 passed \(2\)/);
    expect(run.stdout).not.toMatch(/Skipped/);
    expect(run.code).toBe(0);
  });

  it.skipIf(skip)('starts none inside a keyring already there', async () => {
    const run = await npmTest(noSecretService(), path.join(REPO, 'scripts/with-keyring.sh'));
    expect(run.stderr).not.toMatch(PRIVATE_KEYRING);
    expect(run.stdout).toMatch(/Tests\s+2 passed \(2\)/);
    expect(run.code).toBe(0);
  });

  it.runIf(process.platform === 'linux')(
    'runs the suite with core files off, whatever the shell allowed',
    async () => {
      const run = await npmTest(
        noSecretService({ PATH: emptyPath }),
        ...['/bin/sh', '-c', 'ulimit -S -c "$(ulimit -H -c)" && exec "$@"', 'shell'],
      );
      expect(run.stdout).toMatch(/core file size limit: 0\n/);
      expect(run.code).toBe(0);
    },
  );

  it('without the tools, ends with one line: what was skipped and how to run it', async () => {
    const run = await npmTest(noSecretService({ PATH: emptyPath }));
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(
      'Skipped 1 test: the fixture keychain test (no Secret Service: no D-Bus session ' +
        '(DBUS_SESSION_BUS_ADDRESS is not set)); to run them: apt-get install -y dbus ' +
        'gnome-keyring, then npm test | the fixture twin test (it keeps the first one company); ' +
        'to run them: npm test',
    );
    // No notice anywhere else in the output.
    expect(`${run.stdout}${run.stderr}`.match(/SKIPPING|Skipped/g)).toEqual(['Skipped']);
    expect(run.stderr).not.toMatch(PRIVATE_KEYRING);
    expect(run.code).toBe(0);
  });

  it('under CI=true, without the tools, fails the tests that need them', async () => {
    const run = await npmTest(noSecretService({ PATH: emptyPath, CI: 'true' }));
    expect(run.stdout + run.stderr).toMatch(/the fixture keychain test cannot run under CI/);
    expect(run.code).toBe(1);
  });
});
