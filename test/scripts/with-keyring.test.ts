// scripts/with-keyring.sh keeps the keyring (holding the stored key) in a temporary folder: it
// must be gone however the run ends, a closed terminal's hangup included.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { skipWithoutKeyringTools } from '../support/secret-service';

const SCRIPT = fileURLToPath(new URL('../../scripts/with-keyring.sh', import.meta.url));
const skip = skipWithoutKeyringTools('the with-keyring tests');

/** Is this process running (a zombie waiting to be reaped has ended)? */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = fs.existsSync(`/proc/${pid}/stat`)
    ? fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    : '';
  return !/\) Z /.test(stat);
}

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

describe.skipIf(skip)('scripts/with-keyring.sh', () => {
  it.each([
    ['SIGHUP', 129],
    ['SIGTERM', 143],
  ] as const)('removes its keyring folder on %s', async (signal, code) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-with-keyring-'));
    roots.push(root);
    // Its own process group, like a terminal session: a hangup reaches every process in it.
    const child = spawn(SCRIPT, ['sh', '-c', 'echo started; exec sleep 60'], {
      env: { ...process.env, TMPDIR: root, KEYRING_HOME: '' },
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const homes = fs.readdirSync(root).filter((name) => name.startsWith('purge-watch-keyring.'));
    expect(homes).toHaveLength(1);
    const busPid = Number(fs.readFileSync(path.join(root, homes[0]!, 'bus.pid'), 'utf8'));

    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (status) => resolve(status)),
    );
    process.kill(-child.pid!, signal);
    expect(await exited).toBe(code);
    expect(fs.readdirSync(root)).toEqual([]);
    // Nor is its private bus left running (the bus daemon takes a hangup as "reload").
    while (running(busPid)) await new Promise((resolve) => setTimeout(resolve, 20));
  });
});
