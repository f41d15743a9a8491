// Is a real Secret Service reachable from this process? Tests that need one skip when it is not
// (saying how to run them), and fail under CI (CI=true). `npm test` (scripts/test.ts) starts a
// private one where none is reachable and the tools for it are installed.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { KeytarKeychain } from '../../src/core/accounts/keychain';
import { skipOrFail } from './ci';

const require = createRequire(import.meta.url);

/** What scripts/with-keyring.sh needs to start a private keyring. */
export const KEYRING_TOOLS = ['dbus-run-session', 'gnome-keyring-daemon'];

/** Where `tool` is on PATH as an executable, or undefined. */
export function toolPath(tool: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return join(dir, tool);
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** Whether `tool` is an executable on PATH. */
export function onPath(tool: string): boolean {
  return toolPath(tool) !== undefined;
}

/** Whether the tests of `what` skip (outside CI) for want of the keyring's tools (skipOrFail). */
export function skipWithoutKeyringTools(what: string): boolean {
  const missing = KEYRING_TOOLS.filter((tool) => !onPath(tool));
  const problem = missing.length > 0 ? `${missing.join(', ')} not installed` : undefined;
  return skipOrFail(what, problem, secretServiceHowToRun());
}

/** The command that runs the tests needing a Secret Service, on this machine. */
export function secretServiceHowToRun(): string {
  return KEYRING_TOOLS.every(onPath)
    ? 'npm test (it starts a private keyring)'
    : 'apt-get install -y dbus gnome-keyring, then npm test';
}

const NO_DBUS_SESSION = 'no Secret Service: no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)';

/** The probe's own entry: test files running at once would otherwise delete each other's. */
const probeService = (service: string): string => `${service}-probe-${process.pid}`;

/** Undefined when a probe set-and-delete works, else why not. */
export async function probeSecretService(service: string): Promise<string | undefined> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return NO_DBUS_SESSION;
  const probe = new KeytarKeychain({
    service: probeService(service),
    timeoutMs: 3_000,
  });
  try {
    await probe.setPrivateKey('private_probe', 'probe');
    await probe.deletePrivateKey('probe');
    return undefined;
  } catch (error) {
    return `no working Secret Service: ${(error as Error).message}`;
  }
}

/**
 * probeSecretService in a process of its own, with the real keytar: for a test file that mocks
 * keytar (whose in-process probe would always succeed) yet runs CLI processes that need the
 * real keyring.
 */
export async function probeSecretServiceApart(service: string): Promise<string | undefined> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return NO_DBUS_SESSION;
  const script = `const keytar = require(${JSON.stringify(require.resolve('keytar'))});
    const service = ${JSON.stringify(probeService(service))};
    keytar.setPassword(service, 'probe', 'private_probe')
      .then(() => keytar.deletePassword(service, 'probe'))
      .then(() => process.exit(0), (error) => { console.error(error.message); process.exit(1); });`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 5_000 });
  if (child.status === 0) return undefined;
  return `no working Secret Service: ${child.stderr.trim() || child.error?.message || 'no answer'}`;
}

/** Whether the tests of `what` skip (outside CI) for want of a Secret Service (skipOrFail). */
export async function skipWithoutSecretService(what: string, service: string): Promise<boolean> {
  return skipOrFail(what, await probeSecretService(service), secretServiceHowToRun());
}
