// The line of calls into keytar (one at a time per process), in virtual time: each call's time
// runs from its turn, and what a call waiting behind one the keychain does not answer gets.
import { describe, expect, it } from 'vitest';
import type { CallBounds } from '../../src/core/accounts/keytar-queue';
import { oneAtATime } from '../../src/core/accounts/keytar-queue';
import { VirtualClock } from '../support/virtual-clock';

const WAIT_MS = 5_000;

class TimedOut extends Error {
  constructor(readonly ran: boolean) {
    super(ran ? 'no answer' : 'not run');
  }
}

/** A keytar stand-in whose calls answer on the virtual clock; it records what ran. */
function keytarOn(clock: VirtualClock) {
  const ran: string[] = [];
  let inKeytar = 0;
  let mostAtOnce = 0;
  const bounds: CallBounds = { clock, waitMs: WAIT_MS, timedOut: (r) => new TimedOut(r) };
  const keytar = {};
  /** A call that answers `name` after `ms` (Infinity: only once `release` is called). */
  const call = (name: string, ms: number) => {
    let release = (): void => undefined;
    const outcome: { value?: string; error?: unknown } = {};
    const promise = oneAtATime(
      keytar,
      () =>
        new Promise<string>((resolve) => {
          ran.push(name);
          mostAtOnce = Math.max(mostAtOnce, ++inKeytar);
          release = () => {
            inKeytar--;
            resolve(name);
          };
          if (ms !== Infinity) clock.setTimeout(release, ms);
        }),
      bounds,
    ).then(
      (value) => (outcome.value = value),
      (error: unknown) => (outcome.error = error),
    );
    return { outcome, promise, release: () => release() };
  };
  return { call, ran, mostAtOnce: () => mostAtOnce };
}

describe('calls into keytar, one at a time', () => {
  it('run one after another, each with all of its time from its turn, however long the ones before took', async () => {
    const clock = new VirtualClock();
    const keytar = keytarOn(clock);
    // The first answers after 4 s (a keyring being unlocked), the second 3 s after it starts.
    const first = keytar.call('read production', 4_000);
    const second = keytar.call('read staging', 3_000);
    await clock.advance(6_000);
    expect(first.outcome).toEqual({ value: 'read production' });
    expect(second.outcome).toEqual({}); // 6 s after it was made, 2 s into its turn
    await clock.advance(1_000);
    expect(second.outcome).toEqual({ value: 'read staging' });
    expect(keytar.mostAtOnce()).toBe(1);
  });

  it('behind a call the keychain does not answer, wait their own time for it, then fail without ever running', async () => {
    const clock = new VirtualClock();
    const keytar = keytarOn(clock);
    const stuck = keytar.call('read production', Infinity);
    const store = keytar.call('store staging', 0);
    await clock.advance(WAIT_MS);
    expect(stuck.outcome.error).toEqual(new TimedOut(true));
    expect(store.outcome).toEqual({}); // it may still answer: the store waits for it
    await clock.advance(1_000);
    const later = keytar.call('delete ci', 0); // made while the keychain is not answering
    await clock.advance(WAIT_MS - 1_000);
    expect(store.outcome.error).toEqual(new TimedOut(false));
    expect(later.outcome).toEqual({});
    await clock.advance(1_000);
    expect(later.outcome.error).toEqual(new TimedOut(false));
    // The keychain answers at last: what its callers were told failed never happens after.
    stuck.release();
    await clock.advance(WAIT_MS);
    expect(keytar.ran).toEqual(['read production']);
    // And a call made now runs.
    const next = keytar.call('read ci', 1_000);
    await clock.advance(1_000);
    expect(next.outcome).toEqual({ value: 'read ci' });
  });

  it('behind one that answers late but within their time, run once it has, with all of theirs', async () => {
    const clock = new VirtualClock();
    const keytar = keytarOn(clock);
    const stuck = keytar.call('read production', Infinity);
    const store = keytar.call('store staging', 4_000);
    await clock.advance(WAIT_MS + 2_000);
    stuck.release();
    await clock.advance(WAIT_MS - 1_000); // 2 s past the store's own wait, 4 s into its turn
    expect(store.outcome).toEqual({ value: 'store staging' });
    expect(keytar.ran).toEqual(['read production', 'store staging']);
  });

  it('go on after a call that throws at once (keytar refuses some arguments so)', async () => {
    const clock = new VirtualClock();
    const keytar = {};
    const bounds: CallBounds = { clock, waitMs: WAIT_MS, timedOut: (r) => new TimedOut(r) };
    const refused = oneAtATime(
      keytar,
      () => {
        throw new TypeError('Parameter 1 must be a string');
      },
      bounds,
    );
    const next = oneAtATime(keytar, async () => 'read', bounds);
    await expect(refused).rejects.toThrow(TypeError);
    await expect(next).resolves.toBe('read');
  });
});
