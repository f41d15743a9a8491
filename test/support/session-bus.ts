// A private D-Bus session bus for a test: a dbus-daemon of its own (the `dbus` package), on a
// socket in a temporary folder, ended and removed by `stop()`. Nothing else is on it, so a name
// no test registers has no owner there.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { skipOrFail } from './ci';
import { onPath } from './secret-service';

export interface SessionBus {
  /** For DBUS_SESSION_BUS_ADDRESS. */
  address: string;
  stop(): void;
}

/** Whether the tests of `what` skip (outside CI) for want of dbus-daemon (skipOrFail). */
export function skipWithoutDbusDaemon(what: string): boolean {
  const problem = onPath('dbus-daemon') ? undefined : 'dbus-daemon is not installed (apt: dbus)';
  return skipOrFail(what, problem);
}

export async function startSessionBus(): Promise<SessionBus> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-bus-'));
  const address = `unix:path=${path.join(folder, 'bus')}`;
  const daemon = spawn(
    'dbus-daemon',
    ['--session', '--nofork', `--address=${address}`, '--print-address=1'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const stop = (): void => {
    daemon.kill();
    fs.rmSync(folder, { recursive: true, force: true });
  };
  // It prints its address once it listens.
  await new Promise<void>((resolve, reject) => {
    daemon.once('error', reject);
    daemon.once('exit', (code) =>
      reject(new Error(`dbus-daemon ended (${code}) before listening`)),
    );
    daemon.stdout.once('data', () => resolve());
  }).catch((error: unknown) => {
    stop();
    throw error;
  });
  return { address, stop };
}
