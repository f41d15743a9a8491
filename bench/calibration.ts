// How honest the estimates are: each workload replayed in submission order, every purge given
// the estimate the app would show at its submission, from the completions seen before it. A
// duration is taken as an on-schedule check sees it (the first check of the default schedule at
// or after the purge completed: 5 s, then every 10 % of the age), as the history records it.
// Reported: how often a purge completed inside its "usually" range (the aim: about 80 %), and
// how often "taking longer than usual" was a false alarm, i.e. the purge then completed within
// 2× of the age at which it was flagged (the aim: under 5 % of flagged purges).
import { DEFAULT_SCHEDULE, pollInterval } from '../src/core/tracking/poll-schedule';
import { HISTORY_LIMIT } from '../src/core/storage/duration-history';
import { farPastAfter, summarizeDurations } from '../src/shared/duration-estimate';
import { round } from './detection';
import type { Workload } from './workload';

export interface CalibrationFigures {
  workload: string;
  purges: number;
  /** Purges that got an estimate (5 completions seen before their submission). */
  estimated: number;
  /** Share of estimated purges that completed inside their "usually" range. */
  insideRangeShare: number;
  /** Share of estimated purges flagged "taking longer than usual". */
  flaggedShare: number;
  /** Flagged purges that then completed within 2× of their flag age. */
  falseAlarms: number;
  /** falseAlarms / flagged. */
  falseAlarmShare: number;
  /** falseAlarms / estimated: how often any estimated purge got a false alarm. */
  falseAlarmPerPurge: number;
  /** Purges that ran far past usual (the notification: 3× p95, at least 10 min). */
  notified: number;
  /** Notified purges that then completed within 2× of the notification's age. */
  notifiedFalseAlarms: number;
}

/** The duration as an on-schedule check sees it (no jitter, no budget wait). */
export function seenDuration(completionMs: number): number {
  let age = DEFAULT_SCHEDULE.firstCheckAfterMs;
  while (age < completionMs) age += pollInterval(age);
  return age;
}

export function calibrate(workload: Workload): CalibrationFigures {
  const purges = workload.completionSeconds
    .map((seconds, i) => ({
      submittedAt: (workload.submittedAtSeconds?.[i] ?? 0) * 1000,
      durationMs: seenDuration(seconds * 1000),
    }))
    .sort((a, b) => a.submittedAt - b.submittedAt);
  const byCompletion = [...purges].sort(
    (a, b) => a.submittedAt + a.durationMs - (b.submittedAt + b.durationMs),
  );
  let estimated = 0;
  let inside = 0;
  let flagged = 0;
  let falseAlarms = 0;
  let notified = 0;
  let notifiedFalseAlarms = 0;
  let seen = 0; // purges in byCompletion completed before the current submission
  for (const purge of purges) {
    while (
      seen < byCompletion.length &&
      byCompletion[seen]!.submittedAt + byCompletion[seen]!.durationMs <= purge.submittedAt
    ) {
      seen++;
    }
    const history = byCompletion.slice(Math.max(0, seen - HISTORY_LIMIT), seen);
    const summary = summarizeDurations(history.map((p) => p.durationMs));
    if (!summary) continue;
    estimated++;
    const { fromMs, toMs, p95Ms } = summary.usually;
    if (purge.durationMs >= fromMs && purge.durationMs <= toMs) inside++;
    if (purge.durationMs > p95Ms) {
      flagged++;
      if (purge.durationMs <= 2 * p95Ms) falseAlarms++;
    }
    const notifyAt = farPastAfter(summary);
    if (purge.durationMs > notifyAt) {
      notified++;
      if (purge.durationMs <= 2 * notifyAt) notifiedFalseAlarms++;
    }
  }
  return {
    workload: workload.name,
    purges: purges.length,
    estimated,
    insideRangeShare: estimated ? round(inside / estimated, 3) : 0,
    flaggedShare: estimated ? round(flagged / estimated, 3) : 0,
    falseAlarms,
    falseAlarmShare: flagged ? round(falseAlarms / flagged, 3) : 0,
    falseAlarmPerPurge: estimated ? round(falseAlarms / estimated, 3) : 0,
    notified,
    notifiedFalseAlarms,
  };
}

export function summariseCalibration(figures: CalibrationFigures[]): string {
  const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
  const lines = ['\ncalibration: estimates replayed in submission order'];
  for (const f of figures) {
    lines.push(
      `  ${f.workload.padEnd(13)} estimated ${String(f.estimated).padStart(4)}/${f.purges}  inside "usually" ${pct(f.insideRangeShare).padStart(6)}  flagged ${pct(f.flaggedShare).padStart(6)}  false alarms ${f.falseAlarms} (${pct(f.falseAlarmShare)} of flagged, ${pct(f.falseAlarmPerPurge)} of estimated)  notified ${f.notified} (${f.notifiedFalseAlarms} false)`,
    );
  }
  return lines.join('\n');
}
