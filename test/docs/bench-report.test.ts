// docs/BENCHMARKS.md's tables come from bench/results/latest.json (bench/report.ts): a given
// set of results renders into the expected Markdown, the hand-written prose around the tables is
// left alone, a part never measured says how to measure it, and a `--only` run keeps the other
// parts' figures with the runs they came from.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DetectionFigures } from '../../bench/detection';
import type { WorkloadReport } from '../../bench/detection-report';
import { BENCHMARKS_DOC, BLOCKS, renderReport } from '../../bench/report';
import type { BenchResults } from '../../bench/results';
import { mergeResults } from '../../bench/results';
import type { VerifyRun } from '../../bench/verify';

function figures(
  poller: string,
  budget: DetectionFigures['budget'],
  requests: number,
  withinGoal: number,
): DetectionFigures {
  return {
    poller,
    budget,
    rateLimitedAnswers: 0,
    purges: 400,
    detected: 400,
    meanDelaySeconds: 5.42,
    p95DelaySeconds: 13.36,
    p99DelaySeconds: 20,
    maxDelaySeconds: 34.12,
    meanRequestsPerPurge: requests,
    peakRequestsPerSecond: 2,
    withinGoalShare: withinGoal,
    maxGapBetweenChecksSeconds: 60,
    atBudgetShare: 0.01,
    virtualHours: 5,
    wallSeconds: 1,
  };
}

const minutes: WorkloadReport = {
  workload: 'minutes',
  description: 'Everyday use: 400 purges.',
  purges: 400,
  medianCompletionSeconds: 110,
  goal: '95% detected within max(5 s, 10% of the time to complete)',
  results: [
    figures('purge-watch', 'default', 13.59, 0.988),
    figures('fixed-20s', 'default', 5.85, 0.473),
  ],
  budgetSaturated: false,
  cheapest: {
    amongBaselines: { poller: 'fixed-5s', meanRequestsPerPurge: 21.75, withinGoalShare: 1 },
    anyInterval: { intervalSeconds: 7, meanRequestsPerPurge: 15.7, withinGoalShare: 0.96 },
  },
  requestRatio: {
    vsCheapestBaseline: 0.62,
    vsCheapestAnyInterval: 0.87,
    vsIntervalMeetingEveryWorkload: { intervalSeconds: 5, ratio: 0.62 },
  },
  goals: {
    detectedWithinGoal: true,
    fewerRequestsThanCheapestBaseline: true,
    fewerRequestsThanCheapestAnyInterval: true,
    atMostHalfOfCheapestBaseline: false,
  },
};

const results: BenchResults = {
  startedAt: '2026-11-30T03:00:00.000Z',
  node: 'v22.12.0',
  runs: {
    detection: {
      startedAt: '2026-11-30T03:00:00.000Z',
      node: 'v22.12.0',
      cores: 2,
      loadAverage: 1.5,
    },
  },
  detection: [minutes],
};

const TEMPLATE = `# Benchmarks

Hand-written intro.

<!-- bench:detection-minutes -->
stale table
<!-- /bench:detection-minutes -->

Hand-written prose between tables.

<!-- bench:detection-goals -->
<!-- /bench:detection-goals -->

<!-- bench:runs -->
<!-- /bench:runs -->

<!-- bench:store -->
<!-- /bench:store -->
`;

describe('npm run bench:report', () => {
  it('renders given results into the expected Markdown, leaving the prose as it is', async () => {
    expect(await renderReport(results, TEMPLATE)).toBe(`# Benchmarks

Hand-written intro.

<!-- bench:detection-minutes -->

Everyday use: 400 purges.

| poller           | budget  | mean delay (s) | p95 delay (s) | max delay (s) | requests / purge | peak requests/s | within goal |
| ---------------- | ------- | -------------: | ------------: | ------------: | ---------------: | --------------: | ----------: |
| **Purge Watch**  | default |           5.42 |         13.36 |         34.12 |        **13.59** |               2 |  **98.8 %** |
| fixed 20 s (AWS) | default |           5.42 |         13.36 |         34.12 |             5.85 |               2 |      47.3 % |

<!-- /bench:detection-minutes -->

Hand-written prose between tables.

<!-- bench:detection-goals -->

| goal                                                                            | minutes           |
| ------------------------------------------------------------------------------- | ----------------- |
| 95% detected within max(5 s, 10% of the time to complete), budget not saturated | met (98.8 %)      |
| fewer requests than the cheapest baseline meeting it                            | met (0.62)        |
| fewer than an interval tuned to the workload                                    | met (0.87)        |
| at most half the cheapest baseline where purges take minutes (median ≥ 60 s)    | **missed (0.62)** |

<!-- /bench:detection-goals -->

<!-- bench:runs -->

| part        | figures from the run of | Node     | cores | load average at start |
| ----------- | ----------------------- | -------- | ----: | --------------------: |
| detection   | 2026-11-30 03:00 UTC    | v22.12.0 |     2 |                   1.5 |
| calibration | not run yet             |          |       |                       |
| budget      | not run yet             |          |       |                       |
| cost        | not run yet             |          |       |                       |
| scale       | not run yet             |          |       |                       |
| store       | not run yet             |          |       |                       |
| overhead    | not run yet             |          |       |                       |
| renderer    | not run yet             |          |       |                       |
| cli-install | not run yet             |          |       |                       |
| verify      | not run yet             |          |       |                       |

<!-- /bench:runs -->

<!-- bench:store -->

_Not in bench/results/latest.json yet: \`npm run bench -- --only store\`._

<!-- /bench:store -->
`);
  });

  it("words the freshness checks' API requests with and without --verify, as counted", async () => {
    const run = (args: string[], api: number, cdn: number, edge?: string): VerifyRun => ({
      args,
      ...(edge === undefined ? {} : { edge }),
      exitCode: 0,
      apiRequests: { submit: api / 2, status: api / 2, total: api },
      cdnRequests: cdn,
      verdicts: cdn > 0 ? { fresh: 20 } : ({} as Record<string, number>),
    });
    const counted: BenchResults = {
      ...results,
      verify: {
        purges: 20,
        runs: [
          run(['purge', '--wait'], 40, 0),
          run(['purge', '--wait', '--verify'], 40, 40, 'fresh'),
        ],
      },
    };
    const rendered = await renderReport(counted, '<!-- bench:verify -->\n<!-- /bench:verify -->\n');
    expect(rendered).toContain(
      '20 purges: **40 ImageKit API requests without `--verify`, 40 with it**: checking the CDN spends no API request.',
    );
    expect(rendered).toMatch(
      /\| `purge --wait --verify`, edge fresh \| +40 \| +20 \+ 20 \| +40 \| 20 fresh +\| +0 \|/,
    );
    // A run that did spend more is not called free.
    const costly = {
      ...counted,
      verify: {
        ...counted.verify!,
        runs: [counted.verify!.runs[0]!, run(['purge', '--wait', '--verify'], 44, 40, 'fresh')],
      },
    };
    expect(
      await renderReport(costly, '<!-- bench:verify -->\n<!-- /bench:verify -->\n'),
    ).not.toContain('spends no API request');
  });

  it('refuses a block it does not know, rather than leaving it stale', async () => {
    await expect(
      renderReport(results, '<!-- bench:latency -->\n<!-- /bench:latency -->\n'),
    ).rejects.toThrow('unknown bench block(s): latency');
  });

  it('knows every block docs/BENCHMARKS.md carries, and the document opens with the summary', async () => {
    const doc = fs.readFileSync(BENCHMARKS_DOC, 'utf8');
    const names = [...doc.matchAll(/<!-- bench:([a-z0-9-]+) -->/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((name) => !(name! in BLOCKS))).toEqual([]);
    expect(names[0]).toBe('summary');
    const summary = /<!-- bench:summary -->\n\n([\s\S]*?)\n\n<!-- \/bench:summary -->/.exec(
      await renderReport(results, doc),
    )?.[1];
    expect(summary?.split('\n')).toHaveLength(3);
  });
});

/** The trimmed cells of the table row whose first cell is `first`. */
function cells(markdown: string, first: string): string[] {
  const row = markdown
    .split('\n')
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
    .find((line) => line[0] === first);
  return row ?? [];
}

/** One poller's row under an account's limit. */
function limitRow(poller: string, withinGoalShare: number, allDoneDelaySeconds = 3) {
  return {
    poller,
    withinGoalShare,
    meanRequestsPerPurge: 6.5,
    rateLimitedAnswers: 0,
    rateLimitedAfterAdvertised: 0,
    peakShareOfLimit: 0.5,
    meanShareOfLimit: 0.41,
    p95DelaySeconds: 17.6,
    allDoneDelaySeconds,
    atBudgetShare: 0.8,
  };
}

describe('the figures of issue 29', () => {
  it('renders deploys under a limit: Purge Watch beside each fixed poller, whether it beat the best, and the sweep of limits', async () => {
    const deploy = {
      workload: 'deploy',
      purges: 1000,
      account: { limit: 20, intervalMs: 1000 },
      share: 0.5,
      allDoneGoalSeconds: 80,
      saturated: true,
      rows: [
        limitRow('purge-watch', 0.785, 24),
        limitRow('fixed-5s', 0.594),
        limitRow('fixed-10s', 0.584),
        limitRow('fixed-20s', 0.529),
      ],
      goals: {
        bestFixed: 'fixed-5s',
        withinGoalAtLeastBestFixed: true,
        allDoneWithinGoal: true,
        noRateLimitedAfterAdvertised: true,
        peakWithinShare: true,
      },
    };
    const quick = {
      ...deploy,
      workload: 'fresh-1-1',
      description: '300 purges submitted at once (seed 1).',
      allDoneGoalSeconds: 5,
      rows: [limitRow('purge-watch', 0.3, 60), ...deploy.rows.slice(1)],
      goals: { ...deploy.goals, withinGoalAtLeastBestFixed: false, allDoneWithinGoal: false },
    };
    // Not short, and at least the best fixed poller: bold too (goal 1 holds at any limit).
    const roomy = {
      ...deploy,
      workload: 'roomy',
      account: { limit: 100, intervalMs: 1000 },
      saturated: false,
      rows: [limitRow('purge-watch', 1, 2), limitRow('fixed-5s', 1), ...deploy.rows.slice(2)],
    };
    const sweepRow = (
      limit: number,
      withinGoal: number,
      allDoneWithinGoal: boolean,
      withinLimit = true,
    ) => ({
      workload: 'deploy',
      limit,
      withinGoal,
      bestFixed: 'fixed-10s',
      bestFixedWithinGoal: 0.5,
      allDoneWithinGoal,
      allDoneAllowedByBudget: true,
      withinLimit,
    });
    const sweep = [
      sweepRow(2, 0.6, true, false),
      sweepRow(50, 0.483, true),
      sweepRow(400, 0.9, false),
    ];
    const doc =
      '<!-- bench:summary -->\n<!-- /bench:summary -->\n<!-- bench:budget -->\n<!-- /bench:budget -->\n';
    const out = await renderReport(
      {
        ...results,
        budget: {
          limits: [20],
          freshSeed: 1,
          reports: [deploy, quick, roomy],
          sweep,
          otherSeeds: [1, 2].map((seed) => ({
            seed,
            runs: 3,
            atLeastBestFixed: seed,
            allDoneAllowed: 3,
            allDoneWithinGoal: 3,
          })),
        },
      },
      doc,
    );
    // The summary says both: the table's deploys and the sweep.
    expect(out).toContain('spending the same in 2 of 3 deploys (at 3 limits: 2 of 3).');
    expect(cells(out, 'deploy')).toEqual([
      'deploy',
      '20',
      'yes',
      '**78.5 %**',
      '59.4 %',
      '58.4 %',
      '52.9 %',
      '6.50',
      '0 (0)',
      '50.0 %, 41.0 %',
      '24 (80)',
    ]);
    // Not bold: below the best fixed poller.
    expect(cells(out, 'fresh-1-1').slice(3, 5)).toEqual(['30.0 %', '59.4 %']);
    expect(out).toContain(
      'Drawn at random with seed 1:\n\n- fresh-1-1: 300 purges submitted at once (seed 1).',
    );
    expect(cells(out, 'roomy').slice(2, 4)).toEqual(['no', '**100.0 %**']);
    expect(out).toContain(
      "the best fixed poller in **2 of 3** cases (where the budget is short: 1 of 2); where a fixed poller spending the same saw a workload's last completion within its goal (the budget allowed it), Purge Watch did too in **2 of 3**.",
    );
    expect(out).toContain(
      "At every limit of 2, 50 and 400 requests a second (the repository's deploy × 3 limits): at least as many within goal as the best fixed poller in **2 of 3** (below it: deploy at 50/s, 48.3 % against fixed 10 s's 50.0 %); the last completion seen within its goal wherever a fixed poller saw it in **2 of 3** (not: deploy at 400/s); no steady-state `429` and the peak within its share in **2 of 3** (not: deploy at 2/s). With the jitter drawn from seeds 1 and 2 instead: at least the best fixed poller in 1 and 2 of 3; the last completion in time in 3 and 3 of 3.",
    );
  });

  it('renders the cost-growth table with its goals and the load it ran at', async () => {
    const point = (pending: number, cpu: number, p99: number) => ({
      pending,
      requests: pending * 20,
      requestsPerPurge: 20,
      cpuMicrosecondsPerRequest: cpu,
      eventLoopDelayP99Ms: p99,
      eventLoopDelayMaxMs: p99 * 3,
      wallSeconds: 6,
    });
    const cost = {
      scale: 0.01,
      loadAverage: [0.5, 1.25] as [number, number],
      points: [point(100, 40, 2), point(1000, 30, 5), point(10000, 90, 60)],
      goals: { cpuGrowth: 2.25, cpuWithinTwice: false, delayUnder50Ms: false },
    };
    const out = await renderReport(
      { ...results, cost },
      '<!-- bench:cost -->\n<!-- /bench:cost -->\n',
    );
    expect(cells(out, '10,000')).toEqual(['10,000', '200,000', '20', '90 µs', '60 ms', '180 ms']);
    expect(out).toContain(
      'CPU per request at 10,000 pending is 2.25× that at 100 (goal: at most 2×, **missed**); event-loop delay p99 at 10,000 under 50 ms: **missed**. Load average 0.5 before, 1.25 after',
    );
    // Where valgrind counted instructions, a column of its own and their growth beside the CPU's.
    const counted = {
      ...cost,
      points: cost.points.map((p, i) => ({
        ...p,
        instructionsPerRequest: [200_000, 190_000, 210_000][i],
      })),
      goals: { ...cost.goals, instructionGrowth: 1.05 },
    };
    const withCounts = await renderReport(
      { ...results, cost: counted },
      '<!-- bench:cost -->\n<!-- /bench:cost -->\n',
    );
    expect(cells(withCounts, '10,000').at(-1)).toBe('210,000');
    expect(withCounts).toContain(
      'counted in instructions, the work per request at 10,000 pending is 1.05× that at 100',
    );
  });
});

/** Store-write figures whose spreads follow from one median. */
function writes(purges: number, fileKiB: number, cpuMedian: number) {
  const spread = (median: number) => ({ median, p90: median * 1.5, max: median * 2 });
  return { purges, fileKiB, writes: 30, cpuMs: spread(cpuMedian), wallMs: spread(cpuMedian * 4) };
}

describe('bench/results/latest.json', () => {
  it('keeps the parts a --only run did not measure, each with the run it came from', () => {
    const later: BenchResults = {
      startedAt: '2026-12-01T10:00:00.000Z',
      node: 'v22.13.0',
      runs: {
        store: {
          startedAt: '2026-12-01T10:00:00.000Z',
          node: 'v22.13.0',
          cores: 2,
          loadAverage: 0.4,
        },
      },
      store: {
        loadAverage: [0.4, 0.3, 0.2],
        atCeiling: writes(10_000, 2_721, 25),
        atHalf: writes(5_000, 1_360, 13),
        throughConf010: writes(10_000, 2_721, 70),
        goal: { cpuMs: 50, measuredBy: 'p90 CPU at the ceiling', met: true },
      },
    };
    const merged = mergeResults(results, later);
    expect(merged.detection).toEqual(results.detection);
    expect(merged.store).toEqual(later.store);
    expect(merged.runs?.detection?.startedAt).toBe('2026-11-30T03:00:00.000Z');
    expect(merged.runs?.store?.startedAt).toBe('2026-12-01T10:00:00.000Z');
  });

  it('dates the parts of a file written before runs were recorded by that file', () => {
    const old: BenchResults = { ...results };
    delete old.runs;
    const merged = mergeResults(old, { startedAt: '2026-12-01T10:00:00.000Z', node: 'v22' });
    expect(merged.runs?.detection).toEqual({
      startedAt: '2026-11-30T03:00:00.000Z',
      node: 'v22.12.0',
    });
  });
});
