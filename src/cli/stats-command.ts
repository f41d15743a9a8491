// `purge-watch stats`: how long this account's recent purges took, from the app's duration
// history (read only): count, median, p90, p95 and a text histogram on a log-scaled time axis.
import { HISTORY_LIMIT } from '../core/duration-history';
import type { DurationBin } from '../shared/duration-estimate';
import { MIN_ESTIMATE_SAMPLES } from '../shared/duration-estimate';
import { formatDuration } from '../shared/format';
import type { CliContext } from './cli-context';
import { profileDirectory, readDurationHistory } from './duration-figures';
import { ExitCode } from './exit-codes';
import type { Output } from './output';

/** The longest bar of the histogram, in characters. */
const BAR_WIDTH = 30;

export function statsCommand(context: CliContext, output: Output): ExitCode {
  const history = readDurationHistory(context);
  const count = history.completions.length;
  const summary = history.summary();
  if (!summary) {
    const where = profileDirectory(context) ?? 'no profile directory (set PURGE_WATCH_USER_DATA)';
    output.result(
      `${count} completed purge${count === 1 ? '' : 's'} in the history (${where}): ${MIN_ESTIMATE_SAMPLES} are needed for figures.`,
      { count },
    );
    return ExitCode.ok;
  }
  const bins = trimmed(summary.bins);
  const lines = [
    `${count} completed purges${count >= HISTORY_LIMIT ? ` (the most recent ${HISTORY_LIMIT}, all the history keeps)` : ''}`,
    `median  ${formatDuration(summary.medianMs)}`,
    `p90     ${formatDuration(summary.p90Ms)}`,
    `p95     ${formatDuration(summary.p95Ms)}`,
    '',
    ...histogramLines(bins),
  ];
  const data = {
    count,
    medianMs: Math.round(summary.medianMs),
    p90Ms: Math.round(summary.p90Ms),
    p95Ms: Math.round(summary.p95Ms),
    histogram: bins,
  };
  // One JSON object with --json; else one result per line (a result is one line).
  if (output.json) output.result('', data);
  else for (const line of lines) output.result(line, data);
  return ExitCode.ok;
}

/** The bins from the first with a purge to the last with one. */
function trimmed(bins: readonly DurationBin[]): DurationBin[] {
  const first = bins.findIndex((bin) => bin.count > 0);
  const last = bins.findLastIndex((bin) => bin.count > 0);
  return bins.slice(first, last + 1);
}

/** One line per bin: its range, a bar scaled to the fullest bin, the count. */
export function histogramLines(bins: readonly DurationBin[]): string[] {
  const labels = bins.map(binLabel);
  const width = Math.max(...labels.map((label) => label.length));
  const most = Math.max(...bins.map((bin) => bin.count));
  return bins.map((bin, i) => {
    const bar = '█'.repeat(Math.round((bin.count / most) * BAR_WIDTH));
    const partial = bin.count > 0 && bar === '' ? '▏' : bar;
    return `${labels[i]!.padStart(width)}  ${partial.padEnd(BAR_WIDTH)}  ${bin.count}`;
  });
}

/** "<5s", "1m–2m", "2h+". */
function binLabel(bin: DurationBin): string {
  if (bin.toMs === undefined) return `${formatDuration(bin.fromMs)}+`;
  if (bin.fromMs === 0) return `<${formatDuration(bin.toMs)}`;
  return `${formatDuration(bin.fromMs)}–${formatDuration(bin.toMs)}`;
}
