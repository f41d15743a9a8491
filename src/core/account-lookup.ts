// Which account a request ID belongs to. A pasted ID says nothing about its account: with
// several, it is asked of each in lookup order (shared/account.ts: the default first) until one
// knows it; ImageKit's "No request found" from one account sends it on to the next.
import type { PurgeRequest } from '../shared/purge';

/** The account after `current` in `order`, if any is left to ask. */
export function nextAccount(
  order: readonly string[],
  current: string | undefined,
): string | undefined {
  const at = current === undefined ? -1 : order.indexOf(current);
  return at === -1 ? undefined : order[at + 1];
}

/** Where a new purge starts: the account named, or the first of the lookup when none is. */
export function startingAccount(
  order: readonly string[],
  named: string | undefined,
): Pick<PurgeRequest, 'account' | 'accountLookup'> {
  if (named !== undefined) return { account: named };
  const [first] = order;
  return order.length > 1 ? { account: first, accountLookup: true } : { account: first };
}

/** The "not found" of an ID no account knows. */
export function unknownToEveryAccount(order: readonly string[]): string {
  return `No request found for this requestId in any of your accounts (${order.join(', ')}).`;
}
