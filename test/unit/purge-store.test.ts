// The store's write timing in virtual time: what the user adds is written at once, a write that
// fails is retried a few seconds later (not at once, over and over).
import { describe, expect, it } from 'vitest';
import type { ConfLikeStore } from '../../src/core/storage/purge-store';
import { PurgeStore } from '../../src/core/storage/purge-store';
import { VirtualClock } from '../support/virtual-clock';

/** A store file whose first `failures` writes fail as a read-only file does on Windows. */
function failingFile(failures: number) {
  const file = {
    path: '/virtual/purges.json',
    attempts: 0,
    get: () => [],
    set() {
      if (++file.attempts <= failures) {
        throw Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' });
      }
    },
  };
  return file satisfies ConfLikeStore;
}

describe('a write that fails', () => {
  it('is retried 5 s later even where writes are not coalesced (Windows), not at every tick', async () => {
    const clock = new VirtualClock();
    // Bounded, so the retry-at-every-tick this guards against ends instead of hanging the test.
    const file = failingFile(100);
    const store = new PurgeStore(file, { clock, coalesceMs: 0 });
    expect(store.writeNow(() => [])).toBe(false);
    expect(store.currentProblem).toMatch(/Could not save tracked purges .*EPERM/);
    await clock.advance(4_999);
    expect(file.attempts).toBe(1);
    await clock.advance(1);
    expect(file.attempts).toBe(2);
    store.close();
  });

  it('is retried after the coalescing window when that is longer, and clears the problem', async () => {
    const clock = new VirtualClock();
    const file = failingFile(1);
    const problems: Array<string | undefined> = [];
    const store = new PurgeStore(file, {
      clock,
      coalesceMs: 8_000,
      onWriteProblem: (problem) => problems.push(problem),
    });
    expect(store.writeNow(() => [])).toBe(false);
    await clock.advance(7_999);
    expect(file.attempts).toBe(1);
    await clock.advance(1);
    expect(file.attempts).toBe(2);
    expect(problems).toEqual([expect.stringMatching(/EPERM/), undefined]);
    store.close();
  });
});
