// Which purges the list shows and in what order: filter by status and account, search by ID or
// URL, pending first then newest first. Pure; tested as data.
import type { PurgeRequest } from '../shared/purge';
import type { HoldContext, StatusKind } from './view-model';
import { NO_ROW_CONTEXT, STATUS_KINDS, statusKind } from './view-model';

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
 * is still being looked up is no account's yet: only "every account" shows it. `hold` says which
 * pending purges are on hold (their own status).
 */
export function matchesFilter(
  purge: PurgeRequest,
  status: StatusFilter,
  query: string,
  account = '',
  hold: HoldContext = NO_ROW_CONTEXT,
): boolean {
  if (status !== 'all' && statusKind(purge, hold) !== status) return false;
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
export function visiblePurges(
  purges: Iterable<PurgeRequest>,
  filter: ListFilter,
  hold: HoldContext = NO_ROW_CONTEXT,
): PurgeRequest[] {
  const query = normalizedQuery(filter.query);
  const shown: PurgeRequest[] = [];
  for (const purge of purges) {
    if (matchesFilter(purge, filter.status, query, filter.account, hold)) shown.push(purge);
  }
  return shown.sort(comparePurges);
}

/** No purge counted yet. */
export function noCounts(): StatusCounts {
  const counts = { all: 0 } as StatusCounts;
  for (const kind of STATUS_KINDS) counts[kind] = 0;
  return counts;
}

export function countByStatus(
  purges: Iterable<PurgeRequest>,
  hold: HoldContext = NO_ROW_CONTEXT,
): StatusCounts {
  const counts = noCounts();
  for (const purge of purges) {
    counts.all += 1;
    counts[statusKind(purge, hold)] += 1;
  }
  return counts;
}

/** The counts of what a status filter shows, from those of the purges it chooses among. */
export function countsShown(counts: StatusCounts, status: StatusFilter): StatusCounts {
  if (status === 'all') return counts;
  const shown = noCounts();
  shown.all = counts[status];
  shown[status] = counts[status];
  return shown;
}
