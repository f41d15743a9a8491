// What `npm run bench` keeps: bench/results/latest.json holds the latest figures of every part,
// each with the run it came from (a `--only` run replaces its own part and keeps the others), so
// docs/BENCHMARKS.md can be regenerated from it at any time (`npm run bench:report`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BudgetFigures } from './budget';
import type { CalibrationFigures } from './calibration';
import type { CliInstallFigures } from './cli-install';
import type { CostFigures } from './cost';
import type { WorkloadReport } from './detection-report';
import type { OverheadFigures } from './overhead';
import type { ScaleFigures } from './scale';
import type { StoreWriteFigures } from './store-write';
import type { VerifyFigures } from './verify';

export const PARTS = [
  'detection',
  'calibration',
  'budget',
  'cost',
  'scale',
  'store',
  'overhead',
  'renderer',
  'cli-install',
  'verify',
] as const;
export type Part = (typeof PARTS)[number];

/** One figure of the window's benchmark (bench/renderer.bench.ts), in milliseconds. */
export interface RendererStat {
  medianMs: number;
  p90Ms: number;
  maxMs: number;
  runs: number;
  note?: string;
}

/** What bench/renderer.bench.ts prints. */
export interface RendererFigures {
  rows: number;
  renderedRows: number;
  chromium: string;
  render5000Rows: RendererStat;
  /** Snapshot at load to the first painted frame (older results: the window's own mark only). */
  firstFrame5000Rows?: RendererStat;
  firstFrame50Rows?: RendererStat;
  /** The longest task over 50 ms while scrolling through 5,000 rows, per run; and how many. */
  scrollLongTasks?: RendererStat & { longTasks: number };
  /** Older results: the window's own first-render mark. */
  firstRenderFromSnapshot?: RendererStat;
  update100Moving: RendererStat;
  update100MovingOnScreen: RendererStat;
  update100InPlace: RendererStat;
  update100InPlaceOffScreen: RendererStat;
  movingToInPlace: { medianRatio: number; offScreenRatio: number; note?: string };
  removeOne: RendererStat;
  statusFilter: RendererStat;
}

/** Where and when a part's figures were taken. */
export interface RunInfo {
  startedAt: string;
  node: string;
  /** Absent for figures from files written before runs were recorded. */
  cores?: number;
  /** The machine's 1-minute load average when the part started. */
  loadAverage?: number;
}

export interface BenchResults {
  /** When the run that last wrote this file started (older files: the only run). */
  startedAt: string;
  node: string;
  /** Per part, the run its figures come from. Absent in files written before it existed. */
  runs?: Partial<Record<Part, RunInfo>>;
  detection?: WorkloadReport[];
  calibration?: CalibrationFigures[];
  budget?: BudgetFigures;
  cost?: CostFigures;
  scale?: ScaleFigures;
  store?: StoreWriteFigures;
  overhead?: OverheadFigures;
  /** The figures, or why there are none; `output` is the raw stdout of older files. */
  renderer?: RendererFigures | { pending: string } | { output: string };
  cliInstall?: CliInstallFigures;
  verify?: VerifyFigures;
}

export const RESULTS_DIRECTORY = fileURLToPath(new URL('./results/', import.meta.url));
export const LATEST = path.join(RESULTS_DIRECTORY, 'latest.json');

/** The field of BenchResults a part writes. */
export const FIELD = {
  detection: 'detection',
  calibration: 'calibration',
  budget: 'budget',
  cost: 'cost',
  scale: 'scale',
  store: 'store',
  overhead: 'overhead',
  renderer: 'renderer',
  'cli-install': 'cliInstall',
  verify: 'verify',
} as const satisfies Record<Part, keyof BenchResults>;

export function runInfo(): RunInfo {
  return {
    startedAt: new Date().toISOString(),
    node: process.version,
    cores: os.availableParallelism(),
    loadAverage: Math.round(os.loadavg()[0]! * 10) / 10,
  };
}

export function readResults(file: string = LATEST): BenchResults | undefined {
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResults;
}

/** The run each part of these results came from (older files: the file's one run). */
export function runOf(results: BenchResults, part: Part): RunInfo | undefined {
  if (results[FIELD[part]] === undefined) return undefined;
  return results.runs?.[part] ?? { startedAt: results.startedAt, node: results.node };
}

/** This run's parts over the previous latest figures: each part keeps the run it came from. */
export function mergeResults(previous: BenchResults | undefined, run: BenchResults): BenchResults {
  if (!previous) return run;
  const merged: BenchResults = { ...previous, startedAt: run.startedAt, node: run.node };
  const runs: Partial<Record<Part, RunInfo>> = {};
  for (const part of PARTS) {
    const earlier = runOf(previous, part);
    if (earlier) runs[part] = earlier;
  }
  for (const part of PARTS) {
    const field = FIELD[part];
    if (run[field] === undefined) continue;
    (merged as unknown as Record<string, unknown>)[field] = run[field];
    const info = run.runs?.[part];
    if (info) runs[part] = info;
  }
  merged.runs = runs;
  return merged;
}
