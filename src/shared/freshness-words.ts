// A freshness check in words, one spelling for every surface: the CLI's line ("fresh at
// FRA56-P1", "FRA56-P1 still serves a copy from 2h ago"), the window's row and the notification
// ("Completed · fresh", "Completed, but FRA56-P1 still serves the old copy"), and the headers
// that decided it for a row's details. Pure; the texts in a Freshness are already safe to show.
import { formatAge } from './format';
import type { CdnAnswer, Freshness } from './purge';

/** Who served the copy: the edge's name when it gave one. */
function edgeOf(seen: CdnAnswer | undefined): string | undefined {
  return seen?.pop;
}

/** "2h ago": how old the edge's copy was when it was checked. */
export function copyAge(seen: Pick<CdnAnswer, 'age' | 'checkedAt'>): string {
  return formatAge(seen.checkedAt - (seen.age ?? 0) * 1000, seen.checkedAt);
}

/** Whether the content changed since the pre-purge probe, in a few words (or nothing). */
function changeWords(freshness: Freshness): string {
  if (freshness.contentChanged === undefined) return '';
  return freshness.contentChanged ? ' (new content)' : ' (same content as before the purge)';
}

/** The verdict as the CLI says it after "Completed after 20s · ". */
export function freshnessWords(freshness: Freshness): string {
  const edge = edgeOf(freshness.seen);
  switch (freshness.verdict) {
    case 'checking':
      return 'checking the CDN…';
    case 'fresh':
      return `${edge ? `fresh at ${edge}` : 'fresh'}${changeWords(freshness)}`;
    case 'stale': {
      const age = freshness.seen ? ` from ${copyAge(freshness.seen)}` : '';
      return `${edge ?? 'the nearest edge'} still serves a copy${age}${changeWords(freshness)}`;
    }
    case 'unknown':
      return unknownWords(freshness.reason);
  }
}

/** "not checked: wildcard" as it is; any other reason as "freshness unknown: <reason>". */
function unknownWords(reason: string | undefined): string {
  if (reason?.startsWith('not checked')) return reason;
  return `freshness unknown${reason ? `: ${reason}` : ''}`;
}

/**
 * A completed purge as the window's row and the notification name it. An unknown verdict is
 * short here ("freshness unknown"): its reason is said beside it (the row's details, the
 * notification's body).
 */
export function completedWords(freshness: Freshness | undefined): string {
  if (!freshness) return 'Completed';
  switch (freshness.verdict) {
    case 'checking':
      return 'Completed · checking the CDN…';
    case 'fresh':
      return 'Completed · fresh';
    case 'stale':
      return `Completed, but ${edgeOf(freshness.seen) ?? 'the nearest edge'} still serves the old copy`;
    case 'unknown':
      return `Completed · ${freshness.reason?.startsWith('not checked') ? freshness.reason : 'freshness unknown'}`;
  }
}

/** The verdict under a row's "Completed": "Fresh at FRA56-P1", "FRA56-P1 still serves the old copy". */
export function freshnessDetail(freshness: Freshness): string {
  const edge = edgeOf(freshness.seen);
  switch (freshness.verdict) {
    case 'checking':
      return 'Checking the CDN…';
    case 'fresh':
      return edge ? `Fresh at ${edge}` : 'Fresh at the CDN';
    case 'stale':
      return `${edge ?? 'The nearest edge'} still serves the old copy`;
    case 'unknown': {
      const words = unknownWords(freshness.reason);
      return words.charAt(0).toUpperCase() + words.slice(1);
    }
  }
}

/**
 * The headers the verdict rests on, one "Name: value" each: the status when it was not a 2xx,
 * X-Cache, Age and the edge.
 */
export function decidingHeaders(seen: CdnAnswer | undefined): string[] {
  if (!seen) return [];
  const status = seen.httpStatus;
  const lines: Array<[string, string | number | undefined]> = [
    ['HTTP', status !== undefined && (status < 200 || status > 299) ? status : undefined],
    ['X-Cache', seen.cache],
    ['Age', seen.age],
    ['x-amz-cf-pop', seen.pop],
  ];
  return lines.flatMap(([name, value]) => (value === undefined ? [] : [`${name}: ${value}`]));
}
