// `npm run bench:report` (also the end of `npm run bench`): rewrites the tables of
// docs/BENCHMARKS.md from bench/results/latest.json. Each table sits between
// `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`; everything outside those markers (the prose
// that says what a table means) is written by hand and left as it is.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import type { BudgetFigures, SweepRow } from './budget';
import { reachesBestFixed } from './budget';
import type { DetectionFigures } from './detection';
import type { WorkloadReport } from './detection-report';
import type { BenchResults, Part, RendererFigures, RendererStat } from './results';
import type { WriteFigures } from './store-write';
import { LATEST, PARTS, readResults, runOf } from './results';

export const BENCHMARKS_DOC = fileURLToPath(new URL('../docs/BENCHMARKS.md', import.meta.url));

const number = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const kilobytes = (bytes: number) => (bytes / 1000).toFixed(1);
const bold = (text: string, when = true) => (when ? `**${text}**` : text);

/** A Markdown table; `right` marks the columns of figures. Prettier aligns it afterwards. */
function table(headers: string[], right: boolean[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(headers),
    line(right.map((r) => (r ? '--:' : '---'))),
    ...rows.map((row) => line(row)),
  ].join('\n');
}

const missing = (part: Part) =>
  `_Not in bench/results/latest.json yet: \`npm run bench -- --only ${part}\`._`;

function pollerName(figures: DetectionFigures): string {
  if (figures.poller === 'purge-watch') return 'Purge Watch';
  const seconds = /^fixed-(\d+(?:\.\d+)?)s$/.exec(figures.poller)?.[1];
  if (seconds === undefined) return figures.poller;
  return `fixed ${seconds} s${seconds === '20' ? ' (AWS)' : ''}`;
}

function detectionTable(report: WorkloadReport): string {
  const rows = report.results.map((r) => {
    const ours = r.poller === 'purge-watch' && r.budget === 'default';
    return [
      bold(pollerName(r), ours),
      r.budget,
      number(r.meanDelaySeconds),
      number(r.p95DelaySeconds),
      number(r.maxDelaySeconds),
      bold(number(r.meanRequestsPerPurge), ours),
      number(r.peakRequestsPerSecond),
      bold(percent(r.withinGoalShare), ours),
    ];
  });
  const description = report.description ? `${report.description}\n\n` : '';
  return (
    description +
    table(
      [
        'poller',
        'budget',
        'mean delay (s)',
        'p95 delay (s)',
        'max delay (s)',
        'requests / purge',
        'peak requests/s',
        'within goal',
      ],
      [false, false, true, true, true, true, true, true],
      rows,
    )
  );
}

const unsaturated = (results: BenchResults) =>
  (results.detection ?? []).filter((report) => !report.budgetSaturated);

function ratiosTable(results: BenchResults): string {
  const reports = unsaturated(results);
  const every = reports[0]?.requestRatio.vsIntervalMeetingEveryWorkload?.intervalSeconds;
  const rows = reports.map((report) => {
    const { amongBaselines, anyInterval } = report.cheapest;
    const { vsCheapestBaseline, vsCheapestAnyInterval, vsIntervalMeetingEveryWorkload } =
      report.requestRatio;
    const baseline =
      amongBaselines && vsCheapestBaseline !== undefined
        ? `${pollerName({ poller: amongBaselines.poller } as DetectionFigures)} (${percent(amongBaselines.withinGoalShare)}): ${bold(number(vsCheapestBaseline))}`
        : 'none meets it';
    const tuned =
      anyInterval && vsCheapestAnyInterval !== undefined
        ? `${number(anyInterval.intervalSeconds)} s (${number(anyInterval.meanRequestsPerPurge)} req, ${percent(anyInterval.withinGoalShare)}): ${bold(number(vsCheapestAnyInterval))}`
        : 'none';
    const universal = vsIntervalMeetingEveryWorkload
      ? bold(number(vsIntervalMeetingEveryWorkload.ratio))
      : 'n/a';
    return [report.workload, baseline, universal, tuned];
  });
  return table(
    [
      'workload',
      'cheapest of the fixed baselines meeting the goal (budgeted)',
      `interval meeting the goal on every workload (${every === undefined ? 'none' : `${number(every)} s`})`,
      'interval tuned to this workload after the fact (0.5 s grid)',
    ],
    [false, true, true, true],
    rows,
  );
}

function goalsTable(results: BenchResults): string {
  const reports = unsaturated(results);
  const verdict = (met: boolean | undefined, figure: string) =>
    met === undefined ? 'n/a' : met ? `met (${figure})` : `**missed (${figure})**`;
  const ours = (report: WorkloadReport) =>
    report.results.find((r) => r.poller === 'purge-watch' && r.budget === 'default')!;
  const rows: Array<[string, (report: WorkloadReport) => string]> = [
    [
      `${reports[0]?.goal ?? 'the detection goal'}, budget not saturated`,
      (r) => verdict(r.goals.detectedWithinGoal === true, percent(ours(r).withinGoalShare)),
    ],
    [
      'fewer requests than the cheapest baseline meeting it',
      (r) =>
        verdict(
          r.goals.fewerRequestsThanCheapestBaseline,
          number(r.requestRatio.vsCheapestBaseline ?? NaN),
        ),
    ],
    [
      'fewer than an interval tuned to the workload',
      (r) =>
        verdict(
          r.goals.fewerRequestsThanCheapestAnyInterval,
          number(r.requestRatio.vsCheapestAnyInterval ?? NaN),
        ),
    ],
    [
      'at most half the cheapest baseline where purges take minutes (median ≥ 60 s)',
      (r) =>
        r.goals.atMostHalfOfCheapestBaseline === undefined
          ? `n/a (median ${number(r.medianCompletionSeconds)} s)`
          : verdict(
              r.goals.atMostHalfOfCheapestBaseline,
              number(r.requestRatio.vsCheapestBaseline!),
            ),
    ],
  ];
  return table(
    ['goal', ...reports.map((r) => r.workload)],
    [false, ...reports.map(() => false)],
    rows.map(([goal, cell]) => [goal, ...reports.map(cell)]),
  );
}

function learningTable(results: BenchResults): string | undefined {
  const reports = unsaturated(results).filter((r) => r.withoutLearning);
  if (!reports.length) return undefined;
  return table(
    [
      'workload',
      'learned first check: requests / purge, within goal',
      'first check always at the shortest delay',
      'requests saved',
    ],
    [false, true, true, true],
    reports.map((report) => {
      const learned = report.results.find(
        (r) => r.poller === 'purge-watch' && r.budget === 'default',
      )!;
      const off = report.withoutLearning!;
      const saved = 1 - learned.meanRequestsPerPurge / off.meanRequestsPerPurge;
      return [
        report.workload,
        `${number(learned.meanRequestsPerPurge)}, ${percent(learned.withinGoalShare)}`,
        `${number(off.meanRequestsPerPurge)}, ${percent(off.withinGoalShare)}`,
        `${Math.round(saved * 100)} %`,
      ];
    }),
  );
}

function saturationTable(report: WorkloadReport): string {
  return table(
    [
      'burst',
      'mean delay (s)',
      'p95 delay (s)',
      'max delay (s)',
      'longest wait between checks (s)',
      'within goal',
    ],
    [true, true, true, true, true, true],
    (report.saturation ?? []).map((p) => [
      number(p.purges),
      number(p.meanDelaySeconds),
      number(p.p95DelaySeconds),
      number(p.maxDelaySeconds),
      number(p.maxGapBetweenChecksSeconds),
      percent(p.withinGoalShare),
    ]),
  );
}

function budgetTable(results: BenchResults): string | undefined {
  const budget = results.budget;
  // Older results held another comparison (fixed, learned and unbudgeted budgets).
  if (!budget?.reports) return undefined;
  const rows = budget.reports.map((r, i) => {
    const [ours, ...fixed] = r.rows;
    const best = Math.max(...fixed.map((f) => f.withinGoalShare));
    const first = i === 0 || budget.reports[i - 1]!.workload !== r.workload;
    return [
      first ? r.workload : '',
      number(r.account.limit),
      r.saturated ? 'yes' : 'no',
      bold(percent(ours!.withinGoalShare), ours!.withinGoalShare >= best),
      ...fixed.map((f) => percent(f.withinGoalShare)),
      ours!.meanRequestsPerPurge.toFixed(2),
      `${number(ours!.rateLimitedAnswers)} (${number(ours!.rateLimitedAfterAdvertised)})`,
      `${percent(ours!.peakShareOfLimit)}, ${percent(ours!.meanShareOfLimit)}`,
      `${number(ours!.allDoneDelaySeconds)} (${number(r.allDoneGoalSeconds)})`,
    ];
  });
  const atLeast = budget.reports.filter((r) => r.goals.withinGoalAtLeastBestFixed);
  const short = budget.reports.filter((r) => r.saturated);
  const shortAtLeast = short.filter((r) => r.goals.withinGoalAtLeastBestFixed);
  // Older results lack the flag: whether a fixed poller met the all-done goal is in their rows.
  const allowed = budget.reports.filter(
    (r) =>
      r.goals.allDoneAllowedByBudget ??
      r.rows.slice(1).some((f) => f.allDoneDelaySeconds <= r.allDoneGoalSeconds),
  );
  const allDone = allowed.filter((r) => r.goals.allDoneWithinGoal);
  const fresh = budget.reports.filter(
    (r, i) => r.workload.startsWith('fresh-') && budget.reports[i - 1]?.workload !== r.workload,
  );
  return [
    `Limits of ${budget.limits.map(number).join(', ')} requests a second; every poller spends ${percent(budget.reports[0]?.share ?? 0)} of the limit. Drawn at random with seed ${budget.freshSeed}:`,
    '',
    ...fresh.map((r) => `- ${r.workload}: ${r.description ?? `${number(r.purges)} purges`}`),
    '',
    table(
      [
        'workload',
        'limit (req/s)',
        'budget short',
        'within goal: Purge Watch',
        'fixed 5 s',
        'fixed 10 s',
        'fixed 20 s',
        'requests / purge',
        '429s (after advertised)',
        'peak, mean share of the limit',
        'all done after, s (goal)',
      ],
      [false, true, false, true, true, true, true, true, true, true, true],
      rows,
    ),
    '',
    `Purge Watch detects at least as many purges within goal as the best fixed poller in **${atLeast.length} of ${budget.reports.length}** cases (where the budget is short: ${shortAtLeast.length} of ${short.length}); where a fixed poller spending the same saw a workload's last completion within its goal (the budget allowed it), Purge Watch did too in **${allDone.length} of ${allowed.length}**.`,
    ...sweepSummary(budget.sweep, budget.otherSeeds),
  ].join('\n');
}

/** The repository's deploys at every limit of the sweep, in a paragraph: the counts, then each miss. */
function sweepSummary(
  sweep: BudgetFigures['sweep'],
  otherSeeds: BudgetFigures['otherSeeds'] = [],
): string[] {
  if (!sweep?.length) return [];
  const limits = [...new Set(sweep.map((r) => r.limit))];
  const workloads = new Set(sweep.map((r) => r.workload)).size;
  const below = sweep.filter((r) => !reachesBestFixed(r));
  const allowed = sweep.filter((r) => r.allDoneAllowedByBudget);
  const late = allowed.filter((r) => !r.allDoneWithinGoal);
  const judged = sweep.filter((r) => r.withinLimit !== undefined);
  const over = judged.filter((r) => !r.withinLimit);
  const at = (r: SweepRow) => `${r.workload} at ${number(r.limit)}/s`;
  const fixedName = (name: string) => name.replace(/^fixed-(\d+)s$/, 'fixed $1 s');
  return [
    '',
    `At every limit of ${inWords(limits.map(number))} requests a second (the repository's ${workloads === 1 ? 'deploy' : `${workloads} deploys`} × ${limits.length} limits): at least as many within goal as the best fixed poller in **${sweep.length - below.length} of ${sweep.length}**${below.length ? ` (below it: ${below.map((r) => `${at(r)}, ${percent(r.withinGoal)} against ${fixedName(r.bestFixed)}'s ${percent(r.bestFixedWithinGoal)}`).join('; ')})` : ''}; the last completion seen within its goal wherever a fixed poller saw it in **${allowed.length - late.length} of ${allowed.length}**${late.length ? ` (not: ${late.map(at).join(', ')})` : ''}${judged.length ? `; no steady-state \`429\` and the peak within its share in **${judged.length - over.length} of ${judged.length}**${over.length ? ` (not: ${over.map(at).join(', ')})` : ''}` : ''}.${seedsSentence(otherSeeds)}`,
  ];
}

/**
 * The sweep with the jitter drawn from other seeds, in one sentence: how much of the count above
 * is the draw's (empty without them).
 */
function seedsSentence(otherSeeds: NonNullable<BudgetFigures['otherSeeds']>): string {
  if (otherSeeds.length === 0) return '';
  const seeds = inWords(otherSeeds.map((s) => s.seed));
  const counts = inWords(otherSeeds.map((s) => s.atLeastBestFixed));
  const allDone = inWords(otherSeeds.map((s) => s.allDoneWithinGoal));
  const { runs, allDoneAllowed } = otherSeeds[0]!;
  return ` With the jitter drawn from seed${otherSeeds.length === 1 ? '' : 's'} ${seeds} instead: at least the best fixed poller in ${counts} of ${runs}; the last completion in time in ${allDone} of ${allDoneAllowed}.`;
}

/** "1, 2 and 3", "1 and 2", "1". */
function inWords(items: ReadonlyArray<string | number>): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function costTable(results: BenchResults): string | undefined {
  const c = results.cost;
  if (!c) return undefined;
  const counted = c.points.every((p) => p.instructionsPerRequest !== undefined);
  const [first, last] = [c.points[0]!, c.points.at(-1)!];
  const growth = (figure: string, ratio: number) =>
    `${figure} per request at ${number(last.pending)} pending is ${number(ratio)}× that at ${number(first.pending)}`;
  return [
    table(
      [
        'purges pending',
        'status requests',
        'per purge',
        'CPU per request',
        'event-loop delay p99',
        'event-loop delay max',
        ...(counted ? ['instructions per request (callgrind)'] : []),
      ],
      [true, true, true, true, true, true, ...(counted ? [true] : [])],
      c.points.map((p) => [
        number(p.pending),
        number(p.requests),
        number(p.requestsPerPurge),
        `${number(p.cpuMicrosecondsPerRequest)} µs`,
        `${number(p.eventLoopDelayP99Ms)} ms`,
        `${number(p.eventLoopDelayMaxMs)} ms`,
        ...(counted ? [number(p.instructionsPerRequest!)] : []),
      ]),
    ),
    '',
    `${growth('CPU', c.goals.cpuGrowth)} (goal: at most 2×, ${c.goals.cpuWithinTwice ? '**met**' : '**missed**'})` +
      (c.goals.instructionGrowth === undefined
        ? ''
        : `; ${growth('counted in instructions, the work', c.goals.instructionGrowth)}`) +
      `; event-loop delay p99 at ${number(last.pending)} under 50 ms: ${c.goals.delayUnder50Ms ? '**met**' : '**missed**'}. Load average ${c.loadAverage.map(number).join(' before, ')} after (the instruction counts do not depend on it).`,
  ].join('\n');
}

function figureTable(rows: Array<[string, string]>, header = 'figure'): string {
  return table([header, 'value'], [false, false], rows);
}

/** ", load average N at start": a wall-clock table's load, from the run its part came from. */
function loadOf(results: BenchResults, part: Part): string {
  const load = runOf(results, part)?.loadAverage;
  return load === undefined ? '' : `, load average ${number(load)} at start`;
}

function scaleTable(results: BenchResults): string | undefined {
  const s = results.scale;
  if (!s) return undefined;
  return `Machine: ${number(runOf(results, 'scale')?.cores ?? NaN)} cores${loadOf(results, 'scale')}.\n\n${figureTable(
    [
      ['purges completed', `${number(s.completed)} of ${number(s.purges)}`],
      ['wall time (to all completed + 3 s)', `${number(s.wallSeconds)} s`],
      [
        'CPU',
        `${number(s.cpuSeconds.total)} s (user ${number(s.cpuSeconds.user)}, system ${number(s.cpuSeconds.system)}): ${Math.round(s.cpuShareOfOneCore * 100)} % of one core`,
      ],
      ['peak RSS', `${number(s.peakRssMiB)} MiB`],
      ['store writes', `${number(s.storeWrites)}, file ${number(s.storeFileKiB)} KiB`],
      ['status requests', `${number(s.requests)} (${number(s.requestsPerPurge)} per purge)`],
      [
        'requests/s: mean, peak in any 1 s',
        `${number(s.meanRequestsPerSecond)}, ${number(s.peakRequestsPerSecond)}, against a budget of ${number(s.budgetRequestsPerSecond)}${scaleBudgetVerdict(s)}`,
      ],
      [
        'idle afterwards: `tracker.isIdle`, timers armed',
        `${String(s.idle.isIdle)}, ${number(s.idle.timersArmed)}`,
      ],
      ['idle afterwards: CPU over 5 s', `${number(s.idle.cpuMsOver5s)} ms`],
    ],
  )}`;
}

/** Whether the peak stayed within the budget the tracker used (older results did not say). */
function scaleBudgetVerdict(s: NonNullable<BenchResults['scale']>): string {
  if (s.peakWithinBudget === undefined) return '';
  const learned =
    s.accountRequestsPerSecond === undefined
      ? ''
      : ` (learned from an account limit of ${number(s.accountRequestsPerSecond)}/s)`;
  const verdict = s.peakWithinBudget ? 'within the budget' : '**over the budget**';
  return `${learned}: ${verdict}, ${number(s.rateLimitedAnswers ?? 0)} answers 429`;
}

function overheadTable(results: BenchResults): string | undefined {
  const o = results.overhead;
  if (!o) return undefined;
  const row = (
    name: string,
    f: {
      cpuMicrosecondsPerRequest: number;
      requestsPerSecondOnOneCore: number;
      requestsPerSecondWall: number;
    },
  ) => [
    name,
    `${number(f.cpuMicrosecondsPerRequest)} µs`,
    number(f.requestsPerSecondOnOneCore),
    number(f.requestsPerSecondWall),
  ];
  const load = o.loadAverage
    ? `Node ${results.runs?.overhead?.node ?? ''}, ${number(o.rounds)} blocks of ${number(o.roundSeconds)} s per client, load average ${o.loadAverage.map(number).join(' before, ')} after.\n\n`
    : '';
  return `${load}${table(
    ['client', 'CPU per request', 'requests/s on one core', 'requests/s measured (wall)'],
    [false, true, true, true],
    [
      row('Purge Watch', o.purgeWatch),
      row(`ImageKit SDK ${o.imagekitSdk.version}`, o.imagekitSdk),
      row(`@imagekit/nodejs ${o.imagekitNodeSdk.version}`, o.imagekitNodeSdk),
      ['ratio (Purge Watch ÷ SDK 6)', '', bold(number(o.ratio)), ''],
      ['ratio (Purge Watch ÷ SDK 7)', '', bold(number(o.ratioToNodeSdk)), ''],
    ],
  )}`;
}

function storeTable(results: BenchResults): string | undefined {
  const s = results.store;
  if (!s) return undefined;
  const row = (label: string, f: WriteFigures) => [
    `${label} (${number(f.purges)} purges, ${number(f.fileKiB)} KiB)`,
    `${number(f.cpuMs.median)} ms`,
    `${number(f.cpuMs.p90)} ms`,
    `${number(f.wallMs.median)} ms`,
    `${number(f.wallMs.p90)} ms`,
  ];
  return [
    table(
      ['write', 'CPU median', 'CPU p90', 'wall median', 'wall p90'],
      [false, true, true, true, true],
      [
        row('the ceiling', s.atCeiling),
        row('half of it', s.atHalf),
        row("0.1.0's write through conf", s.throughConf010),
      ],
    ),
    '',
    `The goal, ${s.goal.measuredBy} under ${number(s.goal.cpuMs)} ms, is ` +
      `${s.goal.met ? '**met**' : '**missed**'}; ${number(s.atCeiling.writes)} writes timed at ` +
      `load average ${s.loadAverage.map((load) => number(load)).join(', ')}.`,
  ].join('\n');
}

const RENDERER_FIGURES: Array<[keyof RendererFigures, string]> = [
  ['firstFrame5000Rows', 'at load, snapshot of 5,000 to the first painted frame'],
  ['firstFrame50Rows', 'at load, snapshot of 50 to the first painted frame'],
  ['scrollLongTasks', 'scrolling through 5,000 rows (60 frames): the longest task over 50 ms'],
  ['render5000Rows', '5,000 rows, first render (push into an empty list, to end of layout)'],
  ['update100Moving', '100 statuses change, rows move (off screen)'],
  ['update100InPlace', '100 re-checked in place, rendered rows among them'],
  ['update100InPlaceOffScreen', '100 re-checked in place, off screen (no change on the page)'],
  ['update100MovingOnScreen', '100 complete among the rendered rows (the window re-renders)'],
  ['removeOne', 'remove one'],
  ['statusFilter', 'status filter change over 5,000'],
];

function rendererTable(results: BenchResults): string | undefined {
  const r = results.renderer;
  if (!r) return undefined;
  let figures: RendererFigures;
  if ('pending' in r) return `_No figures: ${r.pending}_`;
  if ('output' in r) {
    const json = r.output.slice(r.output.indexOf('{'));
    figures = JSON.parse(json) as RendererFigures;
  } else figures = r;
  const rows = RENDERER_FIGURES.filter(([key]) => figures[key] !== undefined).map(
    ([key, label]) => {
      const stat = figures[key] as RendererStat;
      return [
        label,
        number(stat.medianMs),
        number(stat.p90Ms),
        number(stat.maxMs),
        number(stat.runs),
      ];
    },
  );
  rows.push([
    bold('moving ÷ in place, on screen / off screen'),
    `${bold(`${number(figures.movingToInPlace.medianRatio)}×`)} / ${number(figures.movingToInPlace.offScreenRatio)}×`,
    '',
    '',
    '',
  ]);
  const scrolled = figures.scrollLongTasks
    ? ` Scrolling met ${number(figures.scrollLongTasks.longTasks)} long tasks in ${number(figures.scrollLongTasks.runs)} runs.`
    : '';
  return `Chromium ${figures.chromium}, ${number(figures.rows)} purges (${number(figures.renderedRows)} rendered rows)${loadOf(results, 'renderer')}.${scrolled}\n\n${table(
    ['figure', 'median (ms)', 'p90 (ms)', 'max (ms)', 'samples'],
    [false, true, true, true, true],
    rows,
  )}`;
}

function cliInstallTable(results: BenchResults): string | undefined {
  const c = results.cliInstall;
  if (!c) return undefined;
  const seconds = (f: { min: number; median: number }) =>
    `${number(f.min / 1000)} s min, ${number(f.median / 1000)} s median`;
  return figureTable(
    [
      ['version', c.version],
      ['tarball', `${kilobytes(c.tarballBytes)} KB`],
      [
        'installed (`node_modules`, file sizes)',
        `${kilobytes(c.installedBytes)} KB, ${c.installedPackages.length} package${c.installedPackages.length === 1 ? '' : 's'}`,
      ],
      [`\`npm install --omit=optional <tarball>\` (${c.rounds} rounds)`, seconds(c.installMs)],
      ['first `npx purge-watch --version`', seconds(c.firstRunMs)],
      ['`node_modules/.bin/purge-watch --version`', seconds(c.binRunMs)],
    ],
    'what',
  );
}

function runsTable(results: BenchResults): string {
  const rows = PARTS.map((part) => {
    const run = runOf(results, part);
    if (!run) return [part, 'not run yet', '', '', ''];
    return [
      part,
      run.startedAt.slice(0, 16).replace('T', ' ') + ' UTC',
      run.node,
      run.cores === undefined ? 'not recorded' : number(run.cores),
      run.loadAverage === undefined ? 'not recorded' : number(run.loadAverage),
    ];
  });
  return table(
    ['part', 'figures from the run of', 'Node', 'cores', 'load average at start'],
    [false, false, false, true, true],
    rows,
  );
}

function summary(results: BenchResults): string {
  const reports = unsaturated(results);
  const ours = (r: WorkloadReport) =>
    r.results.find((f) => f.poller === 'purge-watch' && f.budget === 'default')!;
  const slash = (values: string[]) => values.join(' / ');
  const limited = results.budget?.reports ?? [];
  const sweep = results.budget?.sweep ?? [];
  const swept = sweep.length
    ? ` (at ${new Set(sweep.map((r) => r.limit)).size} limits: ${sweep.filter(reachesBestFixed).length} of ${sweep.length})`
    : '';
  const underLimit = limited.length
    ? ` Under an account's limit, at least as many within the goal as the best fixed 5/10/20 s poller spending the same in ${limited.filter((r) => r.goals.withinGoalAtLeastBestFixed).length} of ${limited.length} deploys${swept}.`
    : '';
  const detection = reports.length
    ? `- **Detection** (virtual time, ${slash(reports.map((r) => r.workload))}): ${slash(reports.map((r) => percent(ours(r).withinGoalShare)))} of purges found within the goal, for ${slash(reports.map((r) => number(ours(r).meanRequestsPerPurge)))} requests per purge: ${slash(reports.map((r) => `${number(r.requestRatio.vsCheapestBaseline ?? NaN)}×`))} the cheapest fixed interval meeting the goal.${underLimit}`
    : `- **Detection**: ${missing('detection')}`;
  const cost: string[] = [];
  if (results.cost) {
    const [few, , many] = results.cost.points;
    cost.push(
      `polling costs ${number(many!.cpuMicrosecondsPerRequest)} µs of CPU per check with ${number(many!.pending)} purges pending (${number(few!.cpuMicrosecondsPerRequest)} µs with ${number(few!.pending)}; HTTP aside)`,
    );
  }
  if (results.scale) {
    const s = results.scale;
    cost.push(
      `${number(s.purges)} purges over real HTTP complete in ${number(s.wallSeconds)} s for ${number(s.cpuSeconds.total)} s of CPU, ${number(s.peakRssMiB)} MiB at peak`,
    );
  }
  if (results.overhead) {
    const o = results.overhead;
    cost.push(
      `a status request costs ${number(o.purgeWatch.cpuMicrosecondsPerRequest)} µs of CPU (SDK 6: ${number(o.imagekitSdk.cpuMicrosecondsPerRequest)} µs, SDK 7: ${number(o.imagekitNodeSdk.cpuMicrosecondsPerRequest)} µs)`,
    );
  }
  if (results.store) {
    cost.push(
      `a store write at ${number(results.store.atCeiling.purges)} purges ${number(results.store.atCeiling.cpuMs.median)} ms of CPU`,
    );
  }
  const window: string[] = [];
  const renderer = results.renderer;
  if (renderer && !('pending' in renderer)) {
    const figures =
      'output' in renderer
        ? (JSON.parse(renderer.output.slice(renderer.output.indexOf('{'))) as RendererFigures)
        : renderer;
    const firstFrame = figures.firstFrame5000Rows
      ? `the first frame of ${number(figures.rows)} rows is painted ${number(figures.firstFrame5000Rows.medianMs)} ms after the snapshot`
      : `${number(figures.rows)} rows render in ${number(figures.render5000Rows.medianMs)} ms`;
    window.push(
      `${firstFrame}, 100 moving status changes take ${number(figures.update100Moving.medianMs)} ms (medians)`,
    );
  }
  if (results.cliInstall) {
    const c = results.cliInstall;
    window.push(
      `the CLI installs in ${number(c.installMs.median / 1000)} s (median), ${kilobytes(c.installedBytes)} KB`,
    );
  }
  return [
    detection,
    `- **Cost** (wall-clock figures vary with the machine's load): ${cost.length ? `${cost.join('; ')}.` : missing('scale')}`,
    `- **Window and CLI**: ${window.length ? `${window.join('; ')}.` : missing('renderer')}`,
  ].join('\n');
}

type Block = (results: BenchResults) => string | undefined;

function workloadBlock(name: string, part: (r: WorkloadReport) => string): Block {
  return (results) => {
    const report = results.detection?.find((r) => r.workload === name);
    return report ? part(report) : undefined;
  };
}

function calibrationTable(results: BenchResults): string | undefined {
  const figures = results.calibration;
  if (!figures) return undefined;
  const rows = figures.map((f) => {
    const flagged = Math.round(f.flaggedShare * f.estimated);
    const none = f.estimated === 0;
    return [
      f.workload,
      `${number(f.estimated)} / ${number(f.purges)}`,
      none ? '—' : percent(f.insideRangeShare),
      none ? '—' : percent(f.flaggedShare),
      none ? '—' : `${number(f.falseAlarms)} of ${number(flagged)} (${percent(f.falseAlarmShare)})`,
      none ? '—' : percent(f.falseAlarmPerPurge),
      `${number(f.notified)} (${number(f.notifiedFalseAlarms)})`,
    ];
  });
  return table(
    [
      'workload',
      'estimated',
      'inside "usually"',
      'flagged',
      'false alarms: of flagged',
      'of estimated',
      'notified (false)',
    ],
    [false, true, true, true, true, true, true],
    rows,
  );
}

/** The API and CDN requests of the same purges with and without `--verify`. */
function verifyTable(results: BenchResults): string | undefined {
  const v = results.verify;
  if (!v) return undefined;
  const rows = v.runs.map((run) => [
    `\`${run.args.join(' ')}\`${run.edge === undefined ? '' : `, edge ${run.edge}`}`,
    number(run.apiRequests.total),
    `${number(run.apiRequests.submit)} + ${number(run.apiRequests.status)}`,
    number(run.cdnRequests),
    Object.entries(run.verdicts)
      .map(([verdict, count]) => `${number(count)} ${verdict}`)
      .join(', ') || '—',
    String(run.exitCode),
  ]);
  const [without, ...withVerify] = v.runs;
  const same = withVerify.every((run) => run.apiRequests.total === without?.apiRequests.total);
  const line = `${number(v.purges)} purges: **${number(without?.apiRequests.total ?? 0)} ImageKit API requests without \`--verify\`, ${withVerify.map((run) => number(run.apiRequests.total)).join(' and ')} with it**${same ? ': checking the CDN spends no API request' : ''}.`;
  return `${line}\n\n${table(
    ['run', 'API requests', 'submit + status', 'CDN requests', 'verdicts', 'exit'],
    [false, true, true, true, false, true],
    rows,
  )}`;
}

/** Every generated block, by the name its markers carry. */
export const BLOCKS: Record<string, { part: Part; render: Block }> = {
  summary: { part: 'detection', render: summary },
  runs: { part: 'detection', render: runsTable },
  'detection-minutes': { part: 'detection', render: workloadBlock('minutes', detectionTable) },
  'detection-long-tail': { part: 'detection', render: workloadBlock('long-tail', detectionTable) },
  'detection-fast': { part: 'detection', render: workloadBlock('fast', detectionTable) },
  'detection-ratios': {
    part: 'detection',
    render: (r) => (unsaturated(r).length ? ratiosTable(r) : undefined),
  },
  'detection-goals': {
    part: 'detection',
    render: (r) => (unsaturated(r).length ? goalsTable(r) : undefined),
  },
  'detection-learning': { part: 'detection', render: learningTable },
  'detection-deploy-burst': {
    part: 'detection',
    render: workloadBlock('deploy-burst', detectionTable),
  },
  'detection-burst-sizes': {
    part: 'detection',
    render: workloadBlock('deploy-burst', saturationTable),
  },
  budget: { part: 'budget', render: budgetTable },
  cost: { part: 'cost', render: costTable },
  scale: { part: 'scale', render: scaleTable },
  overhead: { part: 'overhead', render: overheadTable },
  calibration: { part: 'calibration', render: calibrationTable },
  store: { part: 'store', render: storeTable },
  renderer: { part: 'renderer', render: rendererTable },
  'cli-install': { part: 'cli-install', render: cliInstallTable },
  verify: { part: 'verify', render: verifyTable },
};

const MARKER = /<!-- bench:([a-z0-9-]+) -->\n[\s\S]*?<!-- \/bench:\1 -->/g;

/** The document with every generated block rewritten from `results`, formatted as Prettier does. */
export async function renderReport(
  results: BenchResults,
  markdown: string,
  file: string = BENCHMARKS_DOC,
): Promise<string> {
  const unknown = [...markdown.matchAll(/<!-- bench:([a-z0-9-]+) -->/g)]
    .map((m) => m[1]!)
    .filter((name) => !(name in BLOCKS));
  if (unknown.length) throw new Error(`unknown bench block(s): ${unknown.join(', ')}`);
  const rewritten = markdown.replace(MARKER, (_, name: string) => {
    const block = BLOCKS[name]!;
    const body = block.render(results) ?? missing(block.part);
    return `<!-- bench:${name} -->\n\n${body}\n\n<!-- /bench:${name} -->`;
  });
  const options = (await resolveConfig(file)) ?? {};
  return format(rewritten, { ...options, parser: 'markdown' });
}

async function main(): Promise<void> {
  const results = readResults();
  if (!results) {
    process.stderr.write(`bench:report: ${LATEST} does not exist; run \`npm run bench\` first.\n`);
    process.exit(1);
  }
  const before = fs.readFileSync(BENCHMARKS_DOC, 'utf8');
  const after = await renderReport(results, before);
  fs.writeFileSync(BENCHMARKS_DOC, after);
  process.stdout.write(
    `bench:report: docs/BENCHMARKS.md ${before === after ? 'unchanged' : 'rewritten'} from bench/results/latest.json\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
