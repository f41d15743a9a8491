// Which purges the list shows and in what order: filter by status and account, search by ID or
// URL, pending first then newest first. Pure; tested as data.
import type { PurgeRequest } from '../shared/purge';
import { STATE_WORDS } from '../shared/state-words';
import type { StatusKind } from './view-model';
import { formatCount, STATUS_KINDS, statusKind } from './view-model';

export type StatusFilter = 'all' | StatusKind;

export interface ListFilter {
  status: StatusFilter;
  /** Searched in request IDs and URLs, case-insensitively; blank matches everything. */
  query: string;
  /** The account whose purges to show; '' or left out for every account's. */
  account?: string;
}

export const NO_FILTER: ListFilter = { status: 'all', query: '', account: '' };

export type StatusCounts = Record<StatusFilter, number>;

/** A filter's query as it is matched: trimmed and lowercased. */
export function normalizedQuery(query: string): string {
  return query.trim().toLowerCase();
}

/**
 * Does the filter show this purge? `query` as `normalizedQuery` gives it. A purge whose account
 * is still being looked up is no account's yet: only "every account" shows it.
 */
export function matchesFilter(
  purge: PurgeRequest,
  status: StatusFilter,
  query: string,
  account = '',
): boolean {
  if (status !== 'all' && statusKind(purge) !== status) return false;
  if (account !== '' && (purge.accountLookup || purge.account !== account)) return false;
  if (query === '') return true;
  return (
    purge.requestId.toLowerCase().includes(query) ||
    (purge.url !== undefined && purge.url.toLowerCase().includes(query))
  );
}

/**
 * Pending purges (retrying ones too) first, then newest first: latest added, and within one
 * paste latest submitted; ties by request ID.
 */
export function comparePurges(a: PurgeRequest, b: PurgeRequest): number {
  const aPending = a.state === 'pending' ? 0 : 1;
  const bPending = b.state === 'pending' ? 0 : 1;
  if (aPending !== bPending) return aPending - bPending;
  if (a.addedAt !== b.addedAt) return b.addedAt - a.addedAt;
  if (a.submittedAt !== b.submittedAt) return b.submittedAt - a.submittedAt;
  return a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0;
}

/** The purges to show, in order. */
export function visiblePurges(purges: Iterable<PurgeRequest>, filter: ListFilter): PurgeRequest[] {
  const query = normalizedQuery(filter.query);
  const shown: PurgeRequest[] = [];
  for (const purge of purges) {
    if (matchesFilter(purge, filter.status, query, filter.account)) shown.push(purge);
  }
  return shown.sort(comparePurges);
}

export function countByStatus(purges: Iterable<PurgeRequest>): StatusCounts {
  const counts = { all: 0 } as StatusCounts;
  for (const kind of STATUS_KINDS) counts[kind] = 0;
  for (const purge of purges) {
    counts.all += 1;
    counts[statusKind(purge)] += 1;
  }
  return counts;
}

/** A one-line summary for the header, e.g. "3 pending · 12 completed". */
export function countsSummary(counts: StatusCounts): string {
  if (counts.all === 0) return 'Nothing tracked yet';
  const parts: string[] = [];
  const pending = counts.pending + counts.retrying;
  if (pending > 0) parts.push(`${formatCount(pending)} ${STATE_WORDS.pending}`);
  if (counts.completed > 0) parts.push(`${formatCount(counts.completed)} ${STATE_WORDS.completed}`);
  const ended = counts.not_found + counts.given_up;
  if (ended > 0) parts.push(`${formatCount(ended)} need attention`);
  return parts.join(' · ');
}
