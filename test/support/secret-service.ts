// Is a real Secret Service reachable from this process? Tests that need one skip when it is not
// (saying how to run them), and fail under CI (CI=true). `npm test` (scripts/test.ts) starts a
// private one where none is reachable and the tools for it are installed.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { KeytarKeychain } from '../../src/core/accounts/keychain';
import { skipOrFail } from './ci';

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

/** Undefined when a probe set-and-delete works, else why not. */
export async function probeSecretService(service: string): Promise<string | undefined> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS)
    return 'no Secret Service: no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)';
  // Its own entry: test files running at once would otherwise delete each other's probe.
  const probe = new KeytarKeychain({
    service: `${service}-probe-${process.pid}`,
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

/** Whether the tests of `what` skip (outside CI) for want of a Secret Service (skipOrFail). */
export async function skipWithoutSecretService(what: string, service: string): Promise<boolean> {
  return skipOrFail(what, await probeSecretService(service), secretServiceHowToRun());
}
