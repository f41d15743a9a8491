// Which purges the window lists, in what order, and the counts beside each filter.
import { describe, expect, it } from 'vitest';
import type { PurgeRequest } from '../../src/shared/purge';
import { countByStatus, countsShown, visiblePurges } from '../../src/renderer/filter';
import { countsSummary } from '../../src/renderer/window-words';

function purge(requestId: string, patch: Partial<PurgeRequest> = {}): PurgeRequest {
  return {
    requestId,
    state: 'pending',
    status: '',
    submittedAt: 0,
    addedAt: 0,
    checks: 0,
    ...patch,
  };
}

const purges = [
  purge('aaa', { state: 'completed', addedAt: 300, url: 'https://ik.imagekit.io/demo/Hero.JPG' }),
  purge('bbb', { addedAt: 100 }),
  purge('ccc', { addedAt: 200, lastError: { kind: 'transient', message: 'x', at: 0 } }),
  purge('ddd', { state: 'not_found', addedAt: 400 }),
  purge('eee', { state: 'given_up', addedAt: 50 }),
  purge('fff', { state: 'given_up', addedAt: 50, submittedAt: 10 }),
];
const ids = (list: PurgeRequest[]) => list.map((p) => p.requestId);

describe('visiblePurges', () => {
  it('lists pending purges (retrying ones too) first, then newest added, then newest submitted', () => {
    expect(ids(visiblePurges(purges, { status: 'all', query: '' }))).toEqual([
      'ccc',
      'bbb',
      'ddd',
      'aaa',
      'fff',
      'eee',
    ]);
  });

  it('filters by status', () => {
    expect(ids(visiblePurges(purges, { status: 'retrying', query: '' }))).toEqual(['ccc']);
    expect(ids(visiblePurges(purges, { status: 'pending', query: '' }))).toEqual(['bbb']);
    expect(ids(visiblePurges(purges, { status: 'given_up', query: '' }))).toEqual(['fff', 'eee']);
  });

  it('searches request IDs and URLs, ignoring case and surrounding blanks', () => {
    expect(ids(visiblePurges(purges, { status: 'all', query: '  hero.jpg ' }))).toEqual(['aaa']);
    expect(ids(visiblePurges(purges, { status: 'all', query: 'DD' }))).toEqual(['ddd']);
    expect(ids(visiblePurges(purges, { status: 'pending', query: 'hero' }))).toEqual([]);
  });

  it("filters by account; a purge whose account is still being looked up is only every account's", () => {
    const mixed = [
      purge('p1', { account: 'production', addedAt: 3 }),
      purge('s1', { account: 'staging', addedAt: 2, state: 'completed' }),
      purge('l1', { account: 'staging', accountLookup: true, addedAt: 1 }),
    ];
    expect(ids(visiblePurges(mixed, { status: 'all', query: '', account: 'staging' }))).toEqual([
      's1',
    ]);
    expect(
      ids(visiblePurges(mixed, { status: 'pending', query: '', account: 'production' })),
    ).toEqual(['p1']);
    expect(ids(visiblePurges(mixed, { status: 'all', query: '', account: '' }))).toEqual([
      'p1',
      'l1',
      's1',
    ]);
  });
});

describe('countByStatus and countsSummary', () => {
  it('counts each status, on hold split out of pending as the rows show it', () => {
    const counts = countByStatus(purges);
    expect(counts).toEqual({
      all: 6,
      pending: 1,
      retrying: 1,
      held: 0,
      completed: 1,
      not_found: 1,
      given_up: 2,
    });
    const held = [purge('s1', { account: 'staging' }), purge('p1', { account: 'production' })];
    expect(
      countByStatus(held, { waitingForKey: false, accountsOnHold: ['staging'] }),
    ).toMatchObject({
      pending: 1,
      held: 1,
    });
    // Filtering by "On hold" shows those.
    expect(
      ids(
        visiblePurges(
          held,
          { status: 'held', query: '' },
          {
            waitingForKey: false,
            accountsOnHold: ['staging'],
          },
        ),
      ),
    ).toEqual(['s1']);
  });

  it('the header counts what is shown, in the chips’ words, and of how many when some are hidden', () => {
    const counts = countByStatus(purges);
    expect(countsSummary(counts, 6, 6)).toBe('6 purges · 1 pending · 1 retrying');
    // Filtered to completed (1 of 6 shown): only what the filter shows.
    expect(countsSummary(countsShown(counts, 'completed'), 1, 6)).toBe('1 of 6 purges');
    expect(countsSummary(countsShown(counts, 'retrying'), 1, 6)).toBe('1 of 6 purges · 1 retrying');
    expect(countsSummary(countByStatus([purge('x')]), 1, 1)).toBe('1 purge · 1 pending');
    expect(countsSummary(countByStatus([]), 0, 0)).toBe('Nothing tracked yet');
  });
});
