// What adding a paste or purging URLs did, in words: a tone, a summary and one line per
// rejected input or failed URL. Pure; tested as data.
import type { AddResult } from '../shared/purge';
import type { PurgeUrlsResult } from '../shared/ipc';
import { errorInWords, formatCount } from './view-model';
import { MAY_HAVE_BEEN_SUBMITTED } from '../shared/state-words';

/** How a message should look: good news, something to notice, or a failure. */
type Tone = 'success' | 'warning' | 'error';

export interface Outcome {
  tone: Tone;
  summary: string;
  /** One line per rejected input or failed URL, and what a purge does not clear. */
  details: string[];
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

function rejectionLines(rejected: AddResult['rejected']): string[] {
  return rejected.map((r) => `“${r.text}”: ${r.reason}`);
}

/** What adding a paste did, in words. */
export function addOutcome(result: AddResult): Outcome {
  const { added, alreadyTracked, rejected } = result;
  const parts: string[] = [];
  if (added.length > 0) parts.push(`Added ${count(added.length, 'purge')}`);
  if (alreadyTracked.length > 0) {
    parts.push(`${formatCount(alreadyTracked.length)} already tracked`);
  }
  if (rejected.length > 0) parts.push(`${count(rejected.length, 'entry', 'entries')} rejected`);
  const details = rejectionLines(rejected);
  if (!result.persisted) {
    details.unshift('They could not be saved to disk: they are tracked until Purge Watch quits.');
  }
  if (parts.length === 0) {
    return { tone: 'error', summary: 'No request IDs found in that text.', details };
  }
  const tone: Tone =
    added.length === 0
      ? rejected.length > 0
        ? 'error'
        : 'warning'
      : rejected.length > 0 || !result.persisted
        ? 'warning'
        : 'success';
  return { tone, summary: `${parts.join(', ')}.`, details };
}

/** The purges' warnings: one line for one URL, else one for all the URLs it concerns. */
function warningLines(purged: PurgeUrlsResult['results']): string[] {
  const warned = purged.filter((r) => r.warning !== undefined);
  const [only] = warned;
  if (warned.length === 1 && only) return [`${only.url}: ${only.warning}`];
  const distinct = [...new Set(warned.map((r) => r.warning))];
  return distinct.map((warning) => {
    const count = warned.filter((r) => r.warning === warning).length;
    return `${formatCount(count)} images or videos: ${warning}`;
  });
}

/** What purging URLs did, in words. */
export function purgeUrlsOutcome(result: PurgeUrlsResult): Outcome {
  const purged = result.results.filter((r) => r.requestId !== undefined);
  const failed = result.results.filter((r) => r.requestId === undefined);
  const parts: string[] = [];
  if (purged.length > 0)
    parts.push(`Purge requested for ${count(purged.length, 'URL')}, now tracked`);
  if (failed.length > 0) parts.push(`${count(failed.length, 'URL')} failed`);
  if (result.rejected.length > 0)
    parts.push(`${count(result.rejected.length, 'entry', 'entries')} rejected`);
  const details = [
    ...failed.map(
      (r) =>
        `${r.url}: ${r.error ? errorInWords(r.error) : 'no request ID came back.'}${r.mayHaveBeenSubmitted ? ` ${MAY_HAVE_BEEN_SUBMITTED}` : ''}`,
    ),
    ...rejectionLines(result.rejected),
    ...warningLines(purged),
    ...(result.quotaWarning ? [result.quotaWarning] : []),
  ];
  if (parts.length === 0) return { tone: 'error', summary: 'No URLs found in that text.', details };
  const tone: Tone = purged.length === 0 ? 'error' : details.length > 0 ? 'warning' : 'success';
  return { tone, summary: `${parts.join(', ')}.`, details };
}
