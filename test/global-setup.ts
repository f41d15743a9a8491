// Builds the app once before the tests, into an app folder of this run's own
// (test/support/built-app.ts says where and why): the CLI runs as a subprocess and the window's
// tests load the bundled renderer, so both test what users run. Not into the checkout's dist/:
// two runs in one checkout would replace each other's files under their running processes.
// Removed at the end of the run, an interrupted one too; in watch mode rebuilt before each
// rerun, so a rerun tests the sources as they are then.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { TEST_APPS_DIR, TEST_APP_ENV, removeAbandonedApps } from './support/built-app';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export default function setup(project: TestProject): () => void {
  removeAbandonedApps();
  fs.mkdirSync(TEST_APPS_DIR, { recursive: true });
  // Named after this process: a run killed before its teardown is recognised by the next one.
  const dir = fs.mkdtempSync(path.join(TEST_APPS_DIR, `${process.pid}-`));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  /** What the app reads beside its bundles, as in the checkout, then the bundles into dist/. */
  const build = () => {
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
    fs.cpSync(path.join(ROOT, 'build/tray'), path.join(dir, 'build/tray'), { recursive: true });
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'scripts/build.mjs'), '--outdir', path.join(dir, 'dist')],
      { cwd: ROOT, stdio: 'inherit' },
    );
  };
  try {
    build();
  } catch (error) {
    remove();
    throw error;
  }
  // The test files' processes inherit it, and so do the subprocesses they start.
  process.env[TEST_APP_ENV] = dir;
  project.onTestsRerun(build);
  // Interrupted (Ctrl-C, SIGTERM), vitest exits without calling the teardown, through exit().
  process.once('exit', remove);
  return remove;
}
