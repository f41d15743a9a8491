// Which account a request ID belongs to. A pasted ID says nothing about its account: with
// several, it is asked of each in lookup order (shared/account.ts: the default first) until one
// knows it; ImageKit's "No request found" from one account sends it on to the next. An account
// whose key is missing or refused cannot answer: it is passed over, and the ID waits for it only
// when no account that can answer knows the ID. The one rule for the tracker (the app, `wait`)
// and `status`.
import type { PurgeRequest } from '../../shared/purge';

/** Where an ID looking for its account goes next. */
export type LookupStep =
  /** Ask this account: its key works, and it comes next in the lookup order. */
  | { kind: 'ask'; account: string }
  /**
   * No account that can answer is left, but this one's key is missing or refused (the first
   * such in lookup order): it may know the ID. The app waits for its key; `status` answers
   * with its refusal.
   */
  | { kind: 'held'; account: string }
  /** No account knows it: it stays with the default account, and `message` says whom it asked. */
  | { kind: 'unknown'; account: string; message: string };

/**
 * The step after `after` (the account that said "not found", or whose key was just refused;
 * undefined at the start). `held(account)`: that account's key is missing or refused now.
 */
export function lookupStep(
  order: readonly string[],
  after: string | undefined,
  held: (account: string) => boolean,
): LookupStep {
  const from = after === undefined ? 0 : order.indexOf(after) + 1;
  const next = order.slice(from).find((account) => !held(account));
  if (next !== undefined) return { kind: 'ask', account: next };
  const waiting = order.find(held);
  if (waiting !== undefined) return { kind: 'held', account: waiting };
  return {
    kind: 'unknown',
    account: order[0]!,
    message: `No request found for this requestId in any of your accounts (${order.join(', ')}).`,
  };
}

/**
 * Where a new purge starts: the account named, else with several accounts the lookup's first
 * step (the default account, unless its key is held), else the one account there is.
 */
export function startingAccount(
  order: readonly string[],
  named: string | undefined,
  held: (account: string) => boolean,
): Pick<PurgeRequest, 'account' | 'accountLookup'> {
  if (named !== undefined) return { account: named };
  if (order.length <= 1) return { account: order[0] };
  return { account: lookupStep(order, undefined, held).account, accountLookup: true };
}
