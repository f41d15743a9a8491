// Everything the detection benchmark says about one workload: Purge Watch and the fixed-interval
// baselines (budgeted and unconstrained), the cheapest interval meeting the goal, the request
// ratios, whether the goals are met, and for a burst how delay grows with its size.
import type { DetectionFigures, FixedIntervalModel, Poller } from './detection';
import {
  GOAL_SHARE,
  cheapestFixedInterval,
  fixedIntervalModel,
  fixedIntervalPoller,
  purgeWatchPoller,
  quantile,
  round,
  simulateDetection,
} from './detection';
import type { Workload } from './workload';

export const BASELINE_SECONDS = [5, 10, 20] as const;
/** The budget counts as saturated when most requests go out back to back at its rate. */
export const SATURATED_AT = 0.5;
/** "Purges take minutes": the workload's median time to complete is at least this. */
const MINUTES_MEDIAN_SECONDS = 60;
const BURST_SIZES = [50, 100, 250, 500, 1000, 2000];

export interface SaturationPoint {
  purges: number;
  meanDelaySeconds: number;
  p95DelaySeconds: number;
  maxDelaySeconds: number;
  maxGapBetweenChecksSeconds: number;
  withinGoalShare: number;
}

export interface WorkloadReport {
  workload: string;
  description?: string;
  /** How long each status answer took, when not at once (`--answer-ms`). */
  answerMs?: number;
  purges: number;
  medianCompletionSeconds: number;
  goal: string;
  /** Purge Watch and each baseline, with the default budget and unconstrained. */
  results: DetectionFigures[];
  budgetSaturated: boolean;
  cheapest: {
    /** The cheapest of the fixed 5/10/20 s baselines (default budget) meeting the goal. */
    amongBaselines?: { poller: string; meanRequestsPerPurge: number; withinGoalShare: number };
    /** Exact model: the cheapest interval on a 0.5 s grid, no budget; tuned after the fact. */
    anyInterval?: FixedIntervalModel;
  };
  /** Purge Watch's mean requests per purge ÷ the cheapest's (not when the budget is saturated). */
  requestRatio: {
    vsCheapestBaseline?: number;
    vsCheapestAnyInterval?: number;
    /** ÷ the longest interval meeting the goal on every shipped workload (set by the runner). */
    vsIntervalMeetingEveryWorkload?: { intervalSeconds: number; ratio: number };
  };
  goals: {
    detectedWithinGoal: boolean | 'saturated';
    fewerRequestsThanCheapestBaseline?: boolean;
    fewerRequestsThanCheapestAnyInterval?: boolean;
    /** Only where purges take minutes (median ≥ 60 s). */
    atMostHalfOfCheapestBaseline?: boolean;
  };
  /** Bursts (everything submitted at once): how delay grows with the burst's size. */
  saturation?: SaturationPoint[];
  /**
   * Purge Watch (default budget) with the first check always at its no-history delay: what the
   * learned first check saves and costs. Not for a saturated budget, which caps everyone.
   */
  withoutLearning?: DetectionFigures;
}

/**
 * The longest fixed interval (0.5 s grid) meeting the goal on every one of these workloads: what a
 * fixed poller must use when it does not know which workload it faces, as Purge Watch does not.
 */
export function intervalMeetingEveryWorkload(workloads: Workload[]): number | undefined {
  let longest: number | undefined;
  for (let half = 2; half <= 240; half++) {
    const seconds = half / 2;
    if (workloads.every((w) => fixedIntervalModel(w, seconds).withinGoalShare >= GOAL_SHARE)) {
      longest = seconds;
    }
  }
  return longest;
}

/** Adds the ratio against `intervalSeconds` (from intervalMeetingEveryWorkload) to a report. */
export function compareWithInterval(
  report: WorkloadReport,
  workload: Workload,
  intervalSeconds: number,
): void {
  if (report.budgetSaturated) return;
  const ours = report.results.find((r) => r.poller === 'purge-watch' && r.budget === 'default')!;
  const model = fixedIntervalModel(workload, intervalSeconds);
  report.requestRatio.vsIntervalMeetingEveryWorkload = {
    intervalSeconds,
    ratio: round(ours.meanRequestsPerPurge / model.meanRequestsPerPurge, 2),
  };
}

/** `answerMs`: how long each status answer takes (./detection `simulateDetection`). */
export async function reportWorkload(workload: Workload, answerMs = 0): Promise<WorkloadReport> {
  const simulate = (poller: Poller, w: Workload = workload) =>
    simulateDetection(w, poller, undefined, undefined, answerMs);
  const results: DetectionFigures[] = [];
  for (const budget of ['default', 'unconstrained'] as const) {
    results.push((await simulate(purgeWatchPoller(budget))).figures);
    for (const seconds of BASELINE_SECONDS) {
      results.push((await simulate(fixedIntervalPoller(seconds, budget))).figures);
    }
  }
  const ours = results.find((r) => r.poller === 'purge-watch' && r.budget === 'default')!;
  const budgetSaturated = ours.atBudgetShare >= SATURATED_AT;
  const meeting = results
    .filter((r) => r.poller !== 'purge-watch' && r.budget === 'default')
    .filter((r) => r.withinGoalShare >= GOAL_SHARE)
    .sort((a, b) => a.meanRequestsPerPurge - b.meanRequestsPerPurge)[0];
  const anyInterval = cheapestFixedInterval(workload);
  const ratio = (other?: number) =>
    other === undefined ? undefined : round(ours.meanRequestsPerPurge / other, 2);
  // A saturated budget caps everyone's requests: a ratio would say nothing about the schedule.
  const vsCheapestBaseline = budgetSaturated ? undefined : ratio(meeting?.meanRequestsPerPurge);
  const vsCheapestAnyInterval = budgetSaturated
    ? undefined
    : ratio(anyInterval?.meanRequestsPerPurge);
  const medianCompletionSeconds = quantile(workload.completionSeconds, 0.5);

  const report: WorkloadReport = {
    workload: workload.name,
    ...(workload.description ? { description: workload.description } : {}),
    ...(answerMs > 0 ? { answerMs } : {}),
    purges: workload.completionSeconds.length,
    medianCompletionSeconds,
    goal: `${GOAL_SHARE * 100}% detected within max(5 s, 10% of the time to complete)`,
    results,
    budgetSaturated,
    cheapest: {
      ...(meeting
        ? {
            amongBaselines: {
              poller: meeting.poller,
              meanRequestsPerPurge: meeting.meanRequestsPerPurge,
              withinGoalShare: meeting.withinGoalShare,
            },
          }
        : {}),
      ...(anyInterval ? { anyInterval } : {}),
    },
    requestRatio: {
      ...(vsCheapestBaseline === undefined ? {} : { vsCheapestBaseline }),
      ...(vsCheapestAnyInterval === undefined ? {} : { vsCheapestAnyInterval }),
    },
    goals: {
      detectedWithinGoal: budgetSaturated ? 'saturated' : ours.withinGoalShare >= GOAL_SHARE,
      ...(vsCheapestBaseline === undefined
        ? {}
        : { fewerRequestsThanCheapestBaseline: vsCheapestBaseline < 1 }),
      ...(vsCheapestAnyInterval === undefined
        ? {}
        : { fewerRequestsThanCheapestAnyInterval: vsCheapestAnyInterval < 1 }),
      ...(vsCheapestBaseline !== undefined && medianCompletionSeconds >= MINUTES_MEDIAN_SECONDS
        ? { atMostHalfOfCheapestBaseline: vsCheapestBaseline <= 0.5 }
        : {}),
    },
  };
  if (!budgetSaturated) {
    const unlearned = { ...purgeWatchPoller('default'), schedule: { learnFromRecent: 0 } };
    report.withoutLearning = (await simulate(unlearned)).figures;
  }
  const submitted = workload.submittedAtSeconds ?? [];
  if (submitted.every((at) => at === submitted[0])) {
    report.saturation = await saturationCurve(workload, simulate);
  }
  return report;
}

/** The burst at growing sizes (its purges repeated as needed), Purge Watch with the default budget. */
async function saturationCurve(
  workload: Workload,
  simulate: (poller: Poller, w: Workload) => ReturnType<typeof simulateDetection>,
): Promise<SaturationPoint[]> {
  const points: SaturationPoint[] = [];
  for (const size of BURST_SIZES) {
    const completionSeconds = Array.from(
      { length: size },
      (_, i) => workload.completionSeconds[i % workload.completionSeconds.length]!,
    );
    const { figures } = await simulate(purgeWatchPoller('default'), {
      name: `${workload.name}-${size}`,
      completionSeconds,
    });
    points.push({
      purges: size,
      meanDelaySeconds: figures.meanDelaySeconds,
      p95DelaySeconds: figures.p95DelaySeconds,
      maxDelaySeconds: figures.maxDelaySeconds,
      maxGapBetweenChecksSeconds: figures.maxGapBetweenChecksSeconds,
      withinGoalShare: figures.withinGoalShare,
    });
  }
  return points;
}
