// Two test runs in one checkout (watch mode beside `npm test`, an editor's runner) each build the
// app with the suite's global setup (test/global-setup.ts). Each must get an app folder of its
// own that the other never writes: when they shared dist/, one run's build replaced the files
// that the other run's `purge-watch` processes were starting from. Here two runs' setups build
// (and one rebuilds, as watch mode does before a rerun) while the first run's CLI is being
// started over and over, and nothing of the first run's folder, or of the checkout, changes.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { afterEach, describe, expect, it } from 'vitest';
import setup from '../global-setup';
import { TEST_APPS_DIR, TEST_APP_ENV, removeAbandonedApps } from '../support/built-app';
import { cliPackageVersion } from '../support/cli-install';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** A test run as the global setup sees it: the rerun hooks it registers are kept to be called. */
function startRun(): { dir: string; rerun(): void; teardown(): void } {
  const reruns: Array<() => void> = [];
  const project = { onTestsRerun: (hook: () => void) => reruns.push(hook) };
  const ownRun = process.env[TEST_APP_ENV];
  try {
    const teardown = setup(project as unknown as TestProject);
    const dir = process.env[TEST_APP_ENV]!;
    return { dir, rerun: () => reruns.forEach((hook) => hook()), teardown };
  } finally {
    process.env[TEST_APP_ENV] = ownRun; // this test file keeps running on its own run's build
  }
}

/** Every file under `dir` as it is on disk: which file it is (inode), when written, its bytes. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const stat = fs.statSync(file);
    const bytes = fs.readFileSync(file).toString('base64');
    files[path.relative(dir, file)] = `${stat.ino} ${stat.mtimeMs} ${bytes}`;
  }
  return files;
}

/** The checkout's own build output: what `npm run build` writes, which tests must leave alone. */
function checkoutBuild(): Record<string, string> {
  const committed = path.join(REPO, 'packages/cli/dist/purge-watch.js');
  const dist = path.join(REPO, 'dist');
  return {
    committedCli: `${fs.statSync(committed).ino} ${fs.statSync(committed).mtimeMs}`,
    dist: fs.existsSync(dist) ? JSON.stringify(snapshot(dist)) : 'none',
  };
}

/**
 * Starts `cli --version` again and again in a process of its own (the test's own process is busy
 * building, as a second run would be), until told to stop: how many ran, and what went wrong.
 */
function startCliOverAndOver(cli: string) {
  const loop = `
    const { spawnSync } = require('node:child_process');
    const [cli, version] = process.argv.slice(1);
    let runs = 0;
    const failures = [];
    let stopping = false;
    process.stdin.on('data', () => (stopping = true)).resume();
    (function next() {
      const run = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
      runs++;
      if (run.status !== 0 || run.stdout.trim() !== version) {
        failures.push(run.status + ': ' + (run.stderr || run.stdout).slice(0, 300));
      }
      if (runs === 1) console.log('started');
      if (stopping) console.log(JSON.stringify({ runs, failures }));
      else setImmediate(next);
    })();`;
  const child = spawn(process.execPath, ['-e', loop, cli, cliPackageVersion()]);
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const started = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => stdout.startsWith('started') && resolve());
    child.on('exit', () => reject(new Error(`the CLI loop ended early: ${stdout}`)));
  });
  const stop = async (): Promise<{ runs: number; failures: string[] }> => {
    // 'close', not 'exit': its last line (the counts) may still be in the pipe at its exit.
    const closed = new Promise((resolve) => child.on('close', resolve));
    child.stdin.end('stop\n');
    await closed;
    return JSON.parse(stdout.split('\n').filter(Boolean).at(-1)!) as {
      runs: number;
      failures: string[];
    };
  };
  return { started, stop };
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe("the test run's app folder (test/global-setup.ts)", () => {
  it(
    "is one's own: a second run's build, rebuild and teardown leave the first run's folder, its running CLI and the checkout alone",
    { timeout: 120_000 },
    async () => {
      const checkoutBefore = checkoutBuild();
      const first = startRun();
      cleanups.push(first.teardown);
      const firstFiles = snapshot(first.dir);
      // What the app and its tests read: the build, and what the app reads beside it.
      expect(Object.keys(firstFiles)).toEqual(
        expect.arrayContaining([
          'package.json',
          path.join('build', 'tray', 'idle.png'),
          path.join('dist', 'cli', 'purge-watch.js'),
          path.join('dist', 'main', 'index.js'),
          path.join('dist', 'preload', 'index.cjs'),
          path.join('dist', 'renderer', 'index.html'),
          path.join('dist', 'renderer', 'index.js'),
          path.join('dist', `purge-watch-${cliPackageVersion()}.tgz`),
        ]),
      );

      const cli = startCliOverAndOver(path.join(first.dir, 'dist', 'cli', 'purge-watch.js'));
      await cli.started;
      const second = startRun();
      cleanups.push(second.teardown);
      second.rerun(); // watch mode: a rebuild before each rerun
      const secondFiles = snapshot(second.dir);
      second.teardown();
      const { runs, failures } = await cli.stop();

      expect(second.dir).not.toBe(first.dir);
      expect(Object.keys(secondFiles).sort()).toEqual(Object.keys(firstFiles).sort());
      expect(fs.existsSync(second.dir)).toBe(false);
      expect(snapshot(first.dir)).toEqual(firstFiles);
      expect(failures).toEqual([]);
      expect(runs).toBeGreaterThan(1);
      expect(checkoutBuild()).toEqual(checkoutBefore);

      first.teardown();
      expect(fs.existsSync(first.dir)).toBe(false);
    },
  );

  it('is removed by the next run when its own run was killed before its teardown', () => {
    fs.mkdirSync(TEST_APPS_DIR, { recursive: true });
    // A process that has ended: its pid names the folder a killed run left.
    const ended = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], {
      encoding: 'utf8',
    });
    const left = fs.mkdtempSync(path.join(TEST_APPS_DIR, `${ended.stdout.trim()}-`));
    const running = fs.mkdtempSync(path.join(TEST_APPS_DIR, `${process.pid}-`));
    cleanups.push(() => fs.rmSync(running, { recursive: true, force: true }));
    fs.writeFileSync(path.join(left, 'package.json'), '{}');

    removeAbandonedApps();

    expect(fs.existsSync(left)).toBe(false);
    expect(fs.existsSync(running)).toBe(true);
    // This test run's own folder is kept: its process runs.
    expect(fs.existsSync(process.env[TEST_APP_ENV]!)).toBe(true);
  });
});
