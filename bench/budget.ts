// The request budget side by side, in one run: today's fixed 2 requests/s, the budget learned
// from the rate-limit headers at the default 50 % share, and an unbudgeted poller, against a
// simulated account that advertises its limit and answers 429 past it, as ImageKit does.
// For the deploy burst and for 200 purges over 10 minutes, 200 within a minute and 1,000 over
// 10 minutes: share detected within goal, 429s received, requests per purge, peak per second.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RateLimitRule } from '../test/fake-imagekit/rate-limits';
import type { Poller } from './detection';
import { purgeWatchPoller, simulateDetection } from './detection';
import { readWorkload } from './workload';

/** The simulated account: 20 requests a second. */
export const ACCOUNT: RateLimitRule = { limit: 20, intervalMs: 1_000 };
const WORKLOADS = fileURLToPath(new URL('./workloads/', import.meta.url));
const FILES = [
  'deploy-burst.json',
  'budget/200-over-10-minutes.json',
  'budget/200-within-a-minute.json',
  'budget/1000-over-10-minutes.json',
];
const BUDGETS: ReadonlyArray<{ label: string; budget: Poller['budget'] }> = [
  { label: 'fixed 2/s', budget: 'fixed' },
  { label: 'learned 50 %', budget: 'default' },
  { label: 'unbudgeted', budget: 'unconstrained' },
];

export interface BudgetRow {
  workload: string;
  budget: string;
  withinGoalShare: number;
  rateLimitedAnswers: number;
  meanRequestsPerPurge: number;
  peakRequestsPerSecond: number;
  p95DelaySeconds: number;
  maxGapBetweenChecksSeconds: number;
}

export interface BudgetFigures {
  account: RateLimitRule;
  rows: BudgetRow[];
}

export async function runBudget(): Promise<BudgetFigures> {
  const rows: BudgetRow[] = [];
  for (const file of FILES) {
    const workload = readWorkload(path.join(WORKLOADS, file));
    for (const { label, budget } of BUDGETS) {
      const { figures } = await simulateDetection(workload, purgeWatchPoller(budget), 7, ACCOUNT);
      rows.push({
        workload: workload.name,
        budget: label,
        withinGoalShare: figures.withinGoalShare,
        rateLimitedAnswers: figures.rateLimitedAnswers,
        meanRequestsPerPurge: figures.meanRequestsPerPurge,
        peakRequestsPerSecond: figures.peakRequestsPerSecond,
        p95DelaySeconds: figures.p95DelaySeconds,
        maxGapBetweenChecksSeconds: figures.maxGapBetweenChecksSeconds,
      });
    }
  }
  return { account: ACCOUNT, rows };
}

export function summariseBudget({ account, rows }: BudgetFigures): string {
  const pad = (text: string | number, width: number) => String(text).padStart(width);
  const lines = [
    `\nbudget: an account allowing ${account.limit} requests per ${account.intervalMs / 1000} s`,
    `  ${'workload'.padEnd(22)} ${'budget'.padEnd(13)} ${pad('in goal', 8)} ${pad('429s', 6)} ${pad('req/purge', 10)} ${pad('peak/s', 7)} ${pad('p95 s', 8)} ${pad('max gap s', 10)}`,
  ];
  for (const r of rows) {
    lines.push(
      `  ${r.workload.padEnd(22)} ${r.budget.padEnd(13)} ${pad(`${(r.withinGoalShare * 100).toFixed(1)}%`, 8)} ${pad(r.rateLimitedAnswers, 6)} ${pad(r.meanRequestsPerPurge, 10)} ${pad(r.peakRequestsPerSecond, 7)} ${pad(r.p95DelaySeconds, 8)} ${pad(r.maxGapBetweenChecksSeconds, 10)}`,
    );
  }
  return lines.join('\n');
}
