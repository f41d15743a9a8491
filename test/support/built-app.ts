// Where the built app that tests run is. Each test run has an app folder of its own, laid out as
// the checkout is for `npm start`: package.json, build/tray/ and the build in dist/ (the CLI, the
// main process, preload and renderer, the packed CLI). test/global-setup.ts makes it and names it
// in PURGE_WATCH_TEST_APP. No other run writes it, so two runs in one checkout (watch mode beside
// `npm test`, an editor's runner) cannot replace each other's files under their processes.
// Outside a test run (the benches, after their own `scripts/build.mjs`) it is the checkout.
//
// The folders are inside the checkout (.tmp/test-apps/<pid>-<random>, ignored by git): the
// bundles' bare imports (keytar, electron-store) resolve to its node_modules.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

export const TEST_APP_ENV = 'PURGE_WATCH_TEST_APP';
export const TEST_APPS_DIR = path.join(REPO, '.tmp', 'test-apps');

/** The app folder: what `electron <folder>` starts and electron-builder packs. */
export function appDir(): string {
  const own = process.env[TEST_APP_ENV];
  if (own) return own;
  if (process.env.VITEST) {
    throw new Error(
      `${TEST_APP_ENV} is not set: the test run's global setup (test/global-setup.ts, named in ` +
        'vitest.config.ts) builds the app into a folder of its own and sets it.',
    );
  }
  return REPO;
}

/** The build: the app folder's dist/. */
export function distDir(): string {
  return path.join(appDir(), 'dist');
}

/** A file of the build, by its path inside dist/: `builtFile('cli/purge-watch.js')`. */
export function builtFile(file: string): string {
  return path.join(distDir(), file);
}

/**
 * Removes the app folders of test runs that ended without their teardown (killed, or a crash):
 * each is named after its run's process, and one whose process is gone is left over.
 */
export function removeAbandonedApps(): void {
  if (!fs.existsSync(TEST_APPS_DIR)) return;
  for (const name of fs.readdirSync(TEST_APPS_DIR)) {
    const pid = Number.parseInt(name, 10);
    if (Number.isInteger(pid) && isRunning(pid)) continue;
    fs.rmSync(path.join(TEST_APPS_DIR, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process is there
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // there, but someone else's
  }
}
