// How long this account's purges take, as figures every surface shows the same way: the
// summary of recent durations (count, percentiles, a log-scaled histogram) and the estimate a
// pending purge gets from it. Pure; imports nothing of ours.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** With fewer completions than this, say nothing rather than guess. */
export const MIN_ESTIMATE_SAMPLES = 5;
/** The estimate follows this many of the most recent completions (a shift shows within them). */
const ESTIMATE_FROM_RECENT = 50;
/** "Far past usual": this many times the 95th percentile… */
const FAR_PAST_FACTOR = 3;
/** …and at least this long. */
const FAR_PAST_MIN_MS = 10 * MINUTE;

/**
 * Histogram bins, roughly evenly spaced on a log scale of time (each edge 1.5–3× the last),
 * fixed so that a text histogram and the window's picture read the same everywhere.
 */
const DURATION_BIN_EDGES_MS: readonly number[] = [
  0,
  5 * SECOND,
  10 * SECOND,
  20 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  3 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
];

export interface DurationBin {
  /** Inclusive lower edge (ms). */
  fromMs: number;
  /** Exclusive upper edge (ms); absent for the last bin (JSON has no Infinity). */
  toMs?: number;
  count: number;
}

/** The account's recent purge durations, as figures. */
export interface DurationSummary {
  /** Completions summarised (all the history keeps). */
  count: number;
  medianMs: number;
  p90Ms: number;
  p95Ms: number;
  bins: DurationBin[];
  /** The estimate's figures, from the most recent `ESTIMATE_FROM_RECENT` completions. */
  usually: { fromMs: number; toMs: number; p95Ms: number };
}

/**
 * The q-quantile (0–1) of sorted values, interpolated between the two nearest ranks (the
 * spreadsheet PERCENTILE.INC definition). NaN for no values.
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

/** Counts per histogram bin (empty bins included). */
export function durationBins(durationsMs: readonly number[]): DurationBin[] {
  const bins = DURATION_BIN_EDGES_MS.map((fromMs, i): DurationBin => {
    const toMs = DURATION_BIN_EDGES_MS[i + 1];
    return toMs === undefined ? { fromMs, count: 0 } : { fromMs, toMs, count: 0 };
  });
  for (const ms of durationsMs) {
    const bin = bins.findLast((b) => ms >= b.fromMs) ?? bins[0]!;
    bin.count += 1;
  }
  return bins;
}

/** The summary of these durations (oldest first), or undefined with fewer than 5. */
export function summarizeDurations(durationsMs: readonly number[]): DurationSummary | undefined {
  const valid = durationsMs.filter((ms) => Number.isFinite(ms) && ms >= 0);
  if (valid.length < MIN_ESTIMATE_SAMPLES) return undefined;
  const sorted = [...valid].sort((a, b) => a - b);
  const recent = valid.slice(-ESTIMATE_FROM_RECENT).sort((a, b) => a - b);
  // Whole milliseconds: 200 + 0.35 × 200 is 269.99999… in floating point, "4m 29s" to a reader.
  const at = (values: number[], q: number) => Math.round(quantile(values, q));
  return {
    count: valid.length,
    medianMs: at(sorted, 0.5),
    p90Ms: at(sorted, 0.9),
    p95Ms: at(sorted, 0.95),
    bins: durationBins(valid),
    usually: { fromMs: at(recent, 0.1), toMs: at(recent, 0.9), p95Ms: at(recent, 0.95) },
  };
}

/** What a pending purge may expect, from the account's recent purges. */
export interface PurgeEstimate {
  /** The middle 80 % of recent purges would complete between these times (epoch ms). */
  expectedBy: { earliest: number; latest: number };
  /** Past the 95th percentile of recent purges: "taking longer than usual". */
  slow: boolean;
  /** Far past usual (3× the 95th percentile and at least 10 min): worth a notification. */
  farPast: boolean;
  /** "usually done in 1–3 min" or "taking longer than usual (usually 1–3 min)". */
  text: string;
  /** The usual range alone, "1–3 min" (where a surface words it shorter). */
  range: string;
}

/**
 * The estimate for a purge submitted at `submittedAt`, at `now`; undefined without a summary
 * (too little history). `resolution: 'minute'` words the range in whole minutes (the tray).
 */
export function estimatePurge(
  submittedAt: number,
  now: number,
  summary: DurationSummary | undefined,
  resolution: 'second' | 'minute' = 'second',
): PurgeEstimate | undefined {
  if (!summary || !Number.isFinite(submittedAt)) return undefined;
  const { fromMs, toMs, p95Ms } = summary.usually;
  const age = now - submittedAt;
  const slow = age > p95Ms;
  const range = formatDurationRange(fromMs, toMs, resolution);
  return {
    expectedBy: { earliest: submittedAt + fromMs, latest: submittedAt + toMs },
    slow,
    farPast: age > farPastAfter(summary),
    text: slow ? `taking longer than usual (usually ${range})` : `usually done in ${range}`,
    range,
  };
}

/** The age past which a pending purge is far past usual. */
export function farPastAfter(summary: DurationSummary): number {
  return Math.max(FAR_PAST_FACTOR * summary.usually.p95Ms, FAR_PAST_MIN_MS);
}

/**
 * A range of durations for people: "10–40 s", "1–3 min", "about 2 min", "1–2 h". The lower
 * end is rounded down, the upper end up, so the range never claims more precision than it has.
 */
export function formatDurationRange(
  fromMs: number,
  toMs: number,
  resolution: 'second' | 'minute' = 'second',
): string {
  if (toMs < MINUTE && resolution === 'second') {
    const from = Math.floor(fromMs / SECOND);
    const to = Math.max(from + 1, Math.ceil(toMs / SECOND));
    return `${from}–${to} s`;
  }
  if (toMs < MINUTE) return 'under 1 min';
  if (toMs <= 2 * HOUR) {
    const from = Math.floor(fromMs / MINUTE);
    const to = Math.ceil(toMs / MINUTE);
    if (from === 0) return `under ${to} min`;
    return from === to ? `about ${to} min` : `${from}–${to} min`;
  }
  const from = Math.floor(fromMs / HOUR);
  const to = Math.ceil(toMs / HOUR);
  return from === to ? `about ${to} h` : `${from}–${to} h`;
}
