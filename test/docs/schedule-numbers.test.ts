// The schedule's and the budget's numbers live in one place in the docs: the table "The numbers"
// of docs/SCHEDULE.md. Each row there names the constant that holds it; this checks the value
// the row states against that constant (or, where it is private, against what the code does),
// so a changed constant fails here until the doc says the same.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ANSWER_TIME_SHARE,
  DEFAULT_SCHEDULE,
  MIN_LEARNING_SAMPLES,
  learnedFirstCheckDelay,
} from '../../src/core/tracking/poll-schedule';
import { FRESHER_STEP_MS, MOST_OVERDUE_EVERY } from '../../src/core/tracking/poll-scheduler';
import {
  DEFAULT_BUDGET,
  LearnedBudget,
  MAX_PLAUSIBLE_ALLOWANCE,
  MIN_PLAUSIBLE_ALLOWANCE,
} from '../../src/core/tracking/request-budget';
import { RATE_LIMIT_PATIENCE_MS } from '../../src/cli/status-command';
import { DEFAULT_SHARE } from '../../src/shared/settings';

const DOC = path.resolve(import.meta.dirname, '../../docs/SCHEDULE.md');

/** The rows of the table under "## The numbers": the first backticked name → the value cell. */
function numbersTable(): Map<string, string> {
  const doc = fs.readFileSync(DOC, 'utf8');
  const section = /\n## The numbers\n([\s\S]*?)\n## /.exec(doc)?.[1] ?? '';
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const name = /`([^`]+)`/.exec(cells[3] ?? '')?.[1];
    if (line.startsWith('|') && name) rows.set(name, cells[2]!);
  }
  return rows;
}

function duration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}

const percent = (fraction: number) => `${Math.round(fraction * 100)} %`;

/** What the budget allows, in requests a second, for an account advertising 1,000 a second. */
function budgetAfter(events: (budget: LearnedBudget) => void, at: number): number {
  const budget = new LearnedBudget(DEFAULT_BUDGET);
  budget.learn({ limit: 1000, intervalMs: 1000 });
  events(budget);
  return budget.requestsPerSecond(at);
}

describe('docs/SCHEDULE.md, "The numbers"', () => {
  const rows = numbersTable();
  const quickest = 100_000;
  const learnedShare =
    learnedFirstCheckDelay(Array(MIN_LEARNING_SAMPLES).fill(quickest) as number[]) / quickest;
  const allowance = budgetAfter(() => undefined, 0);
  const halved = budgetAfter((b) => b.rateLimited(0), 0) / allowance;
  const lowest = budgetAfter((b) => {
    for (let i = 0; i < 20; i++) b.rateLimited(0);
  }, 0);
  // The recovery step: how much comes back at the first step, and after how long.
  const recovered = (at: number) =>
    budgetAfter((b) => {
      for (let i = 0; i < 20; i++) b.rateLimited(0);
    }, at);
  const stepMs = [1, 2, 3, 4, 5, 10, 15, 20, 30, 60].find(
    (seconds) => recovered(seconds * 1000) > recovered(seconds * 1000 - 1),
  )!;
  const step = (recovered(stepMs * 1000) - lowest) / allowance;

  const expected: Record<string, string> = {
    'DEFAULT_SCHEDULE.minIntervalMs': duration(DEFAULT_SCHEDULE.minIntervalMs),
    'DEFAULT_SCHEDULE.ageFraction': percent(DEFAULT_SCHEDULE.ageFraction),
    'DEFAULT_SCHEDULE.maxIntervalMs': duration(DEFAULT_SCHEDULE.maxIntervalMs),
    'DEFAULT_SCHEDULE.firstCheckAfterMs': duration(DEFAULT_SCHEDULE.firstCheckAfterMs),
    'DEFAULT_SCHEDULE.learnFromRecent': String(DEFAULT_SCHEDULE.learnFromRecent),
    'DEFAULT_SCHEDULE.learnWindowMs': duration(DEFAULT_SCHEDULE.learnWindowMs),
    MIN_LEARNING_SAMPLES: String(MIN_LEARNING_SAMPLES),
    learnedFirstCheckDelay: String(learnedShare),
    'DEFAULT_SCHEDULE.giveUpAfterMs': duration(DEFAULT_SCHEDULE.giveUpAfterMs),
    'DEFAULT_SCHEDULE.jitter': percent(DEFAULT_SCHEDULE.jitter),
    'DEFAULT_SCHEDULE.errorBackoffMs': duration(DEFAULT_SCHEDULE.errorBackoffMs),
    ANSWER_TIME_SHARE: percent(ANSWER_TIME_SHARE),
    DEFAULT_BUDGET: `${DEFAULT_BUDGET.maxRequestsPerSecond} requests a second, ${DEFAULT_BUDGET.maxConcurrent} at a time`,
    DEFAULT_SHARE: percent(DEFAULT_SHARE),
    MIN_PLAUSIBLE_ALLOWANCE: `one request every ${1 / MIN_PLAUSIBLE_ALLOWANCE} s`,
    MAX_PLAUSIBLE_ALLOWANCE: `${MAX_PLAUSIBLE_ALLOWANCE} requests a second`,
    DECREASE: `${halved}, down to 1/${Math.round(allowance / lowest)}`,
    RECOVERY_STEP: `a ${step === 0.1 ? 'tenth' : String(step)} of the share every ${stepMs} s`,
    MOST_OVERDUE_EVERY: `1 in ${MOST_OVERDUE_EVERY}`,
    FRESHER_STEP_MS: duration(FRESHER_STEP_MS),
    RATE_LIMIT_PATIENCE_MS: duration(RATE_LIMIT_PATIENCE_MS),
  };

  it.each(Object.entries(expected))('states %s as the code has it', (name, value) => {
    expect(rows.get(name), `docs/SCHEDULE.md has no row naming \`${name}\``).toBe(value);
  });

  it('has no row this test cannot check, but the one kept inside the tracker', () => {
    const unchecked = [...rows.keys()].filter((name) => !(name in expected));
    // QUICK_FIRST_CHECK_SHARE is private to the first-check learner and only shows in what it learns.
    expect(unchecked).toEqual(['QUICK_FIRST_CHECK_SHARE']);
  });
});
