// `npm run bench`: every benchmark, results as JSON in bench/results/, a summary on stdout, and
// docs/BENCHMARKS.md's tables regenerated from bench/results/latest.json (bench/report.ts).
// `npm run bench -- --workload <file.json>`: the detection figures for one workload;
// with `--account-limit N [--interval-ms MS]`, that workload against an account advertising N
// requests per MS (default 1,000) ms, Purge Watch and the fixed pollers under the same budget.
// `--json` prints either as one JSON object.
// `npm run bench -- --only <part>`: one part (PARTS in ./results.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkloadReport } from './detection-report';
import { BENCHMARKS_DOC, renderReport } from './report';
import type { BenchResults, Part, RendererFigures } from './results';
import { LATEST, PARTS, RESULTS_DIRECTORY, mergeResults, readResults, runInfo } from './results';
import {
  compareWithInterval,
  intervalMeetingEveryWorkload,
  reportWorkload,
} from './detection-report';
import { answeredIn, runAccountLimit, summariseAccountLimit } from './account-limit';
import { runBudget, summariseBudget } from './budget';
import { calibrate, summariseCalibration } from './calibration';
import { runVerifyBench, summariseVerify } from './verify';
import type { CliInstallFigures } from './cli-install';
import type { CostFigures } from './cost';
import type { OverheadFigures } from './overhead';
import type { ScaleFigures } from './scale';
import type { StoreWriteFigures } from './store-write';
import { WorkloadError, readWorkload } from './workload';

const BENCH = fileURLToPath(new URL('./', import.meta.url));

function usage(message?: string): never {
  if (message) process.stderr.write(`bench: ${message}\n`);
  process.stderr.write(
    `Usage: npm run bench [-- --only ${PARTS.join('|')}]\n` +
      `       npm run bench -- --workload <file.json> [--account-limit N [--interval-ms MS]] [--answer-ms MS] [--json]\n`,
  );
  process.exit(2);
}

interface Options {
  workload?: string;
  accountLimit?: number;
  intervalMs: number;
  /** How long each status answer takes (--answer-ms); 0: at once. */
  answerMs: number;
  json: boolean;
  only?: Part;
}

/** A whole number above 0 given to `flag`, or a usage error. */
function count(flag: string, value: string | undefined): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) usage(`${flag} needs a whole number above 0.`);
  return number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { intervalMs: 1_000, answerMs: 0, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--workload') options.workload = argv[++i] ?? usage('--workload needs a file.');
    else if (arg === '--account-limit') options.accountLimit = count(arg, argv[++i]);
    else if (arg === '--interval-ms') options.intervalMs = count(arg, argv[++i]);
    else if (arg === '--answer-ms') options.answerMs = count(arg, argv[++i]);
    else if (arg === '--json') options.json = true;
    else if (arg === '--only') {
      const part = argv[++i];
      if (!PARTS.includes(part as Part)) usage(`--only takes one of ${PARTS.join(', ')}.`);
      options.only = part as Part;
    } else if (arg === '--help' || arg === '-h') usage();
    else usage(`unknown option "${arg}".`);
  }
  if (options.accountLimit !== undefined && !options.workload) {
    usage('--account-limit needs a --workload.');
  }
  if (options.answerMs > 0 && !options.workload) usage('--answer-ms needs a --workload.');
  return options;
}

/** `--workload`: one workload, alone or under an account's limit; nothing is written. */
async function oneWorkload(options: Options & { workload: string }): Promise<void> {
  const workload = readWorkload(options.workload);
  if (options.accountLimit !== undefined) {
    const account = { limit: options.accountLimit, intervalMs: options.intervalMs };
    const report = await runAccountLimit(workload, account, undefined, options.answerMs);
    process.stdout.write(
      options.json ? `${JSON.stringify(report)}\n` : `${summariseAccountLimit(report)}\n`,
    );
    return;
  }
  const report = await reportWorkload(workload, options.answerMs);
  process.stdout.write(
    options.json ? `${JSON.stringify(report)}\n` : `${summariseDetection(report)}\n`,
  );
}

/** Runs a benchmark script in its own process (so its CPU and peak RSS are its own); its last stdout line is JSON. */
function runIsolated<T>(script: string): T {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(BENCH, script)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  if (result.status !== 0 || !last.startsWith('{')) {
    throw new Error(`${script} failed (exit ${result.status}):\n${result.stdout}`);
  }
  return JSON.parse(last) as T;
}

function runRenderer(): RendererFigures | { pending: string } {
  const file = path.join(BENCH, 'renderer.bench.ts');
  if (!fs.existsSync(file)) return { pending: 'bench/renderer.bench.ts does not exist yet.' };
  const result = spawnSync(process.execPath, ['--import', 'tsx', file], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) {
    return {
      pending: `it failed (exit ${result.status}): ${`${result.stdout}${result.stderr}`.trim()}`,
    };
  }
  // It prints one JSON object, after whatever the build before it printed.
  return JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as RendererFigures;
}

function workloadFiles(): string[] {
  const directory = path.join(BENCH, 'workloads');
  return fs
    .readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(directory, name));
}

const pad = (text: string | number, width: number) => String(text).padStart(width);

function summariseDetection(report: WorkloadReport): string {
  const lines = [
    `\n${report.workload}: ${report.purges} purges, median ${report.medianCompletionSeconds} s to complete` +
      (report.budgetSaturated ? ' (budget saturated)' : '') +
      answeredIn(report.answerMs),
    `  ${'poller'.padEnd(13)} ${'budget'.padEnd(13)} ${pad('mean s', 8)} ${pad('p95 s', 8)} ${pad('max s', 8)} ${pad('req/purge', 10)} ${pad('peak/s', 7)} ${pad('in goal', 8)}`,
  ];
  for (const r of report.results) {
    lines.push(
      `  ${r.poller.padEnd(13)} ${r.budget.padEnd(13)} ${pad(r.meanDelaySeconds, 8)} ${pad(r.p95DelaySeconds, 8)} ${pad(r.maxDelaySeconds, 8)} ${pad(r.meanRequestsPerPurge, 10)} ${pad(r.peakRequestsPerSecond, 7)} ${pad(`${(r.withinGoalShare * 100).toFixed(1)}%`, 8)}`,
    );
  }
  const { amongBaselines, anyInterval } = report.cheapest;
  lines.push(
    `  cheapest baseline meeting the goal: ${amongBaselines ? `${amongBaselines.poller} (${amongBaselines.meanRequestsPerPurge} req/purge), ratio ${report.requestRatio.vsCheapestBaseline}` : 'none'}`,
    `  cheapest interval of all (tuned after the fact): ${anyInterval ? `${anyInterval.intervalSeconds} s (${anyInterval.meanRequestsPerPurge} req/purge), ratio ${report.requestRatio.vsCheapestAnyInterval ?? 'n/a (budget saturated)'}` : 'none'}`,
    `  fixed interval meeting the goal on every workload: ${report.requestRatio.vsIntervalMeetingEveryWorkload ? `${report.requestRatio.vsIntervalMeetingEveryWorkload.intervalSeconds} s, ratio ${report.requestRatio.vsIntervalMeetingEveryWorkload.ratio}` : 'n/a'}`,
    `  goals: ${JSON.stringify(report.goals)}`,
  );
  for (const point of report.saturation ?? []) {
    lines.push(
      `  burst of ${pad(point.purges, 4)}: mean ${pad(point.meanDelaySeconds, 7)} s, p95 ${pad(point.p95DelaySeconds, 7)} s, max ${pad(point.maxDelaySeconds, 7)} s, longest wait between checks ${pad(point.maxGapBetweenChecksSeconds, 7)} s`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.workload) return oneWorkload({ ...options, workload: options.workload });
  const results: BenchResults = { startedAt: new Date().toISOString(), node: process.version };
  const runs: Partial<Record<Part, ReturnType<typeof runInfo>>> = {};
  results.runs = runs;
  /** Runs one part, recording the machine it ran on (time, Node, load) beside its figures. */
  const wants = (part: Part) => {
    const wanted = options.only === undefined || options.only === part;
    if (wanted) runs[part] = runInfo();
    return wanted;
  };

  if (wants('detection')) {
    results.detection = [];
    const workloads = workloadFiles().map(readWorkload);
    const reports: WorkloadReport[] = [];
    for (const workload of workloads) reports.push(await reportWorkload(workload));
    // The interval a fixed poller needs when it cannot know the workload, as Purge Watch cannot.
    const unsaturated = workloads.filter((_, i) => !reports[i]!.budgetSaturated);
    const universal = intervalMeetingEveryWorkload(unsaturated);
    reports.forEach((report, i) => {
      if (universal !== undefined) compareWithInterval(report, workloads[i]!, universal);
      results.detection!.push(report);
      process.stdout.write(`${summariseDetection(report)}\n`);
    });
  }
  if (wants('calibration')) {
    results.calibration = workloadFiles().map(readWorkload).map(calibrate);
    process.stdout.write(`${summariseCalibration(results.calibration)}\n`);
  }
  if (wants('budget')) {
    results.budget = await runBudget();
    process.stdout.write(`${summariseBudget(results.budget)}\n`);
  }
  if (wants('cost')) {
    process.stdout.write(
      '\ncost: 100, 1,000 and 10,000 purges pending, no budget (about 40 s; then, with valgrind, instruction counts: several minutes)...\n',
    );
    results.cost = runIsolated<CostFigures>('cost.ts');
    process.stdout.write(`${JSON.stringify(results.cost, null, 2)}\n`);
  }
  if (wants('scale')) {
    process.stdout.write('\nscale: 5,000 purges over real HTTP (about 80 s)...\n');
    results.scale = runIsolated<ScaleFigures>('scale.ts');
    process.stdout.write(`${JSON.stringify(results.scale, null, 2)}\n`);
  }
  if (wants('store')) {
    process.stdout.write('\nstore: one write at the tracked-purge ceiling (about 10 s)...\n');
    results.store = runIsolated<StoreWriteFigures>('store-write.ts');
    process.stdout.write(`${JSON.stringify(results.store, null, 2)}\n`);
    const { goal, atCeiling } = results.store;
    process.stdout.write(
      `store: the ${goal.cpuMs} ms goal is ${goal.met ? 'MET' : 'NOT MET'} (${goal.measuredBy}: ${atCeiling.cpuMs.p90} ms)\n`,
    );
  }
  if (wants('overhead')) {
    process.stdout.write(
      '\noverhead: Purge Watch client vs the ImageKit SDKs 6 and 7 (about 45 s)...\n',
    );
    results.overhead = runIsolated<OverheadFigures>('overhead.ts');
    process.stdout.write(`${JSON.stringify(results.overhead, null, 2)}\n`);
  }
  if (wants('renderer')) {
    results.renderer = runRenderer();
    process.stdout.write(
      `\nrenderer: ${'pending' in results.renderer ? `pending: ${results.renderer.pending}` : `\n${JSON.stringify(results.renderer, null, 2)}`}\n`,
    );
  }

  if (wants('cli-install')) {
    process.stdout.write(
      '\ncli-install: the packed CLI into an empty folder, 5 times (about 30 s)...\n',
    );
    results.cliInstall = runIsolated<CliInstallFigures>('cli-install.ts');
    process.stdout.write(`${JSON.stringify(results.cliInstall, null, 2)}\n`);
  }

  if (wants('verify')) {
    process.stdout.write(
      '\nverify: API and CDN requests with and without --verify (about 15 s)...\n',
    );
    results.verify = await runVerifyBench();
    process.stdout.write(`${summariseVerify(results.verify)}\n`);
  }

  fs.mkdirSync(RESULTS_DIRECTORY, { recursive: true });
  const stamp = results.startedAt.replace(/[:.]/g, '-');
  const file = path.join(
    RESULTS_DIRECTORY,
    `bench-${stamp}${options.only ? `-${options.only}` : ''}.json`,
  );
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  const latest = mergeResults(readResults(), results);
  fs.writeFileSync(LATEST, `${JSON.stringify(latest, null, 2)}\n`);
  process.stdout.write(`\nresults: ${path.relative(process.cwd(), file)}\n`);
  const doc = fs.readFileSync(BENCHMARKS_DOC, 'utf8');
  fs.writeFileSync(BENCHMARKS_DOC, await renderReport(latest, doc));
  process.stdout.write(
    `tables: docs/BENCHMARKS.md regenerated from ${path.relative(process.cwd(), LATEST)}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench: ${error instanceof WorkloadError || error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
