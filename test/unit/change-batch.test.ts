import { describe, expect, it } from 'vitest';
import { ChangeBatch } from '../../src/core/tracking/change-batch';
import type { PurgeRequest, PurgesChanged } from '../../src/shared/purge';
import { settle } from '../support/virtual-clock';

function setup() {
  const tracked = new Map<string, PurgeRequest>();
  const track = (requestId: string, status = '') =>
    tracked.set(requestId, {
      requestId,
      state: 'pending',
      status,
      submittedAt: 0,
      addedAt: 0,
      checks: 0,
    });
  const events: PurgesChanged[] = [];
  const batch = new ChangeBatch(
    (requestId) => tracked.get(requestId),
    (change) => events.push(change),
  );
  return { tracked, track, batch, events };
}

const ids = (change: PurgesChanged | undefined) => ({
  updated: change?.updated.map((p) => `${p.requestId}:${p.status}`),
  removed: change?.removed,
});

describe('ChangeBatch', () => {
  it('sends one event per burst, with each purge as it is when the burst ends', async () => {
    const { track, batch, events } = setup();
    track('a');
    track('b');
    batch.changed(['a', 'b']);
    track('a', 'Pending');
    batch.changed(['a']);
    expect(events).toEqual([]); // nothing before the turn ends
    await settle();
    expect(events.map(ids)).toEqual([{ updated: ['a:Pending', 'b:'], removed: [] }]);
    batch.changed(['b']);
    await settle();
    expect(events.map(ids).at(-1)).toEqual({ updated: ['b:'], removed: [] });
  });

  it('says a purge changed then removed in one burst only as removed', async () => {
    const { tracked, track, batch, events } = setup();
    track('a');
    track('b');
    batch.changed(['a', 'b']);
    tracked.delete('a');
    batch.removed(['a']);
    await settle();
    expect(events.map(ids)).toEqual([{ updated: ['b:'], removed: ['a'] }]);
  });

  it('lists a purge removed and added again in one burst in both, removed first', async () => {
    const { track, batch, events } = setup();
    batch.removed(['a']);
    track('a', 'again');
    batch.changed(['a']);
    await settle();
    expect(events.map(ids)).toEqual([{ updated: ['a:again'], removed: ['a'] }]);
  });

  it('sends nothing when nothing changed', async () => {
    const { batch, events } = setup();
    batch.changed([]);
    batch.removed([]);
    await settle();
    expect(events).toEqual([]);
  });
});
