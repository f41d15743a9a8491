// When the tray and notifications name a purge's ImageKit account: only when the user has more
// than one (with one account, nothing changes). Pure.
import type { AccountsState } from '../shared/ipc';
import type { PurgeRequest, TrackerStatus } from '../shared/purge';

/**
 * True when more than one account is in play: the listed ones (those with a key), and any a key
 * problem names (an account removed, or whose key is gone, still holding its purges).
 */
export function namesAccounts(
  accounts: AccountsState | undefined,
  status?: Pick<TrackerStatus, 'authProblems'>,
): boolean {
  const names = new Set((accounts?.accounts ?? []).map((account) => account.name));
  for (const problem of status?.authProblems ?? []) {
    names.add(problem.account);
  }
  return names.size > 1;
}

/** The account a purge belongs to, or undefined while it is still being looked up. */
export function ownerOf(purge: PurgeRequest): string | undefined {
  return purge.accountLookup ? undefined : purge.account;
}
