// What a deploy machine pays to get the CLI: `npm install --omit=optional` of the packed
// purge-watch tarball into an empty folder (clean npm cache and config, offline, libsecret hidden:
// test/support/cli-install.ts), then `npx purge-watch --version` and the bin itself. Several rounds, each
// on a fresh machine; wall-clock figures, so they vary with the machine's load.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  ROOT,
  cleanMachine,
  cliPackageVersion,
  cliTarball,
  installCli,
} from '../test/support/cli-install';

const ROUNDS = 5;

export interface CliInstallFigures {
  version: string;
  rounds: number;
  tarballBytes: number;
  installedBytes: number;
  installedPackages: string[];
  installMs: { min: number; median: number; max: number };
  /** `npx purge-watch --version` (npm's own start-up included). */
  firstRunMs: { min: number; median: number; max: number };
  /** `node_modules/.bin/purge-watch --version`: the CLI's own start-up. */
  binRunMs: { min: number; median: number; max: number };
}

export function runCliInstall(): CliInstallFigures {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], {
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`the build failed:\n${build.stderr}`);
  const installs: number[] = [];
  const firstRuns: number[] = [];
  const binRuns: number[] = [];
  let last: ReturnType<typeof installCli> | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const machine = cleanMachine();
    try {
      last = installCli(machine);
      installs.push(last.ms);
      const started = performance.now();
      const run = spawnSync('npx', ['purge-watch', '--version'], {
        cwd: machine.project,
        env: machine.env,
        encoding: 'utf8',
      });
      firstRuns.push(performance.now() - started);
      if (run.status !== 0) throw new Error(`npx purge-watch --version failed: ${run.stderr}`);
      const bin = path.join(machine.project, 'node_modules/.bin/purge-watch');
      const binStarted = performance.now();
      spawnSync(bin, ['--version'], { env: machine.env });
      binRuns.push(performance.now() - binStarted);
    } finally {
      machine.remove();
    }
  }
  return {
    version: cliPackageVersion(),
    rounds: ROUNDS,
    tarballBytes: fs.statSync(cliTarball()).size,
    installedBytes: last!.bytes,
    installedPackages: last!.packages,
    installMs: spread(installs),
    firstRunMs: spread(firstRuns),
    binRunMs: spread(binRuns),
  };
}

function spread(values: number[]): { min: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms);
  return {
    min: round(sorted[0]!),
    median: round(sorted[Math.floor(sorted.length / 2)]!),
    max: round(sorted.at(-1)!),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(runCliInstall())}\n`);
}
