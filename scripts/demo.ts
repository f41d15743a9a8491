// `npm run demo`: Purge Watch against the fake ImageKit, so anyone sees it work in a minute.
// Starts the fake server with a working (fake) key, seeds purges that complete over the next
// minute, and launches the app on a throwaway profile (userData in a temporary directory, a
// keychain entry of its own) that is deleted when the app quits. `--dry-run` does everything
// but launch Electron and prints the command instead.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { objectIdAt, startFakeImageKit } from '../test/fake-imagekit/server';
import { ensureElectron, locateElectron } from './electron-binary';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dryRun = process.argv.includes('--dry-run');

/** What the demo shows, in the order it happens. */
const SEEDS: ReadonlyArray<{ afterMs: number; what: string }> = [
  { afterMs: 8_000, what: 'completes after about 8 s: one notification' },
  { afterMs: 20_000, what: 'with the next two, completes after about 20 s:' },
  { afterMs: 20_000, what: '  seen in one round of checks, told in one' },
  { afterMs: 20_000, what: '  "3 purges completed" notification' },
  { afterMs: 45_000, what: 'completes after about 45 s' },
  { afterMs: Infinity, what: 'never completes: stays pending (try Pause, Check now, Remove)' },
];
const UNKNOWN_ID = '000000000000000000000000';

async function main(): Promise<void> {
  const mainBundle = path.join(root, 'dist', 'main', 'index.js');
  if (!fs.existsSync(mainBundle)) {
    throw new Error(
      'demo: dist/main/index.js is missing: run `npm run build` first (npm run demo does).',
    );
  }
  // Before anything else: without Electron there is no demo to guide through.
  const electronDir = path.join(root, 'node_modules', 'electron');
  const located = locateElectron(electronDir);
  const electron = dryRun
    ? located.found
      ? located.path
      : located.expected
    : ensureElectron({ root, electronDir });
  const fake = await startFakeImageKit({ completeAfterMs: 20_000 });
  const now = Date.now();
  const seeded = SEEDS.map((seed) => ({
    ...seed,
    requestId: fake.addPurge(objectIdAt(now), { completeAfterMs: seed.afterMs }),
  }));
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-demo-'));
  const cleanUp = async (): Promise<void> => {
    await fake.close();
    fs.rmSync(userData, { recursive: true, force: true });
  };

  const args = [root, '--track', ...seeded.map((seed) => seed.requestId), UNKNOWN_ID];
  const env = {
    ...process.env,
    IMAGE_KIT_BASE_URL: fake.baseUrl,
    // The fake server's own key: it opens nothing but this local fake.
    IMAGEKIT_PRIVATE_KEY: fake.privateKey,
    PURGE_WATCH_USER_DATA: userData,
    // Setting or deleting a key in the demo never touches the real Purge Watch key.
    PURGE_WATCH_KEYCHAIN_SERVICE: 'purge-watch-demo',
  };

  process.stdout.write(`Purge Watch demo
  fake ImageKit: ${fake.baseUrl} (a fake key, accepted only there)
  profile:       ${userData} (deleted when the app quits)

Tracked at launch:
${seeded.map((seed) => `  ${seed.requestId}  ${seed.what}`).join('\n')}
  ${UNKNOWN_ID}  unknown to ImageKit: a "Purge not found" notification

Also try: copy an http(s) URL, then "Purge URL from clipboard" in the tray menu
(the fake completes submitted purges after 20 s). Quit from the tray menu to end the demo.
`);

  if (dryRun) {
    process.stdout.write(
      `\n--dry-run: would run\n  ${[electron, ...args].join(' ')}\nwith IMAGE_KIT_BASE_URL, IMAGEKIT_PRIVATE_KEY, PURGE_WATCH_USER_DATA, PURGE_WATCH_KEYCHAIN_SERVICE set.\n`,
    );
    await cleanUp();
    return;
  }

  const child = spawn(electron, args, { cwd: root, env, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code = await new Promise<number>((resolve) => {
    child.on('error', (error) => {
      process.stderr.write(`demo: could not start Electron: ${error.message}\n`);
      resolve(1);
    });
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  await cleanUp();
  process.exitCode = code;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
