// The list's order kept by binary search, and which key does what on a row: tested as data.
import { describe, expect, it } from 'vitest';
import { comparePurges } from '../../src/renderer/filter';
import { listKeyCommand, PAGE_ROWS } from '../../src/renderer/list-keys';
import { ListOrder, orderChanged } from '../../src/renderer/list-order';
import type { PurgeRequest } from '../../src/shared/purge';
import { seededRandom } from '../support/seeded-random';

const T0 = Date.UTC(2026, 0, 1);
const STATES = ['pending', 'completed', 'not_found', 'given_up'] as const;

function purgeAt(n: number, random: () => number): PurgeRequest {
  return {
    requestId: n.toString(16).padStart(24, '0'),
    state: STATES[Math.floor(random() * STATES.length)]!,
    status: '',
    submittedAt: T0 + Math.floor(random() * 50) * 1_000,
    addedAt: T0 + Math.floor(random() * 20) * 1_000,
    checks: 0,
  };
}

const sortedIds = (purges: Iterable<PurgeRequest>) =>
  [...purges].sort(comparePurges).map((p) => p.requestId);

describe('orderChanged', () => {
  it("is true when a purge's account becomes known or changes (the account filter may take it in or out)", () => {
    const base: PurgeRequest = {
      requestId: 'a'.repeat(24),
      state: 'pending',
      status: '',
      submittedAt: T0,
      addedAt: T0,
      checks: 1,
      account: 'production',
      accountLookup: true,
    };
    expect(orderChanged(base, { ...base, checks: 2 })).toBe(false);
    expect(orderChanged(base, { ...base, account: 'staging' })).toBe(true);
    expect(orderChanged(base, { ...base, accountLookup: undefined })).toBe(true);
  });
});

describe('the order of the shown purges', () => {
  it('stays sorted through changes applied by binary search, as a full sort would order them', () => {
    const random = seededRandom(13);
    const purges = new Map<string, PurgeRequest>();
    for (let n = 1; n <= 200; n++) {
      const purge = purgeAt(n, random);
      purges.set(purge.requestId, purge);
    }
    const order = new ListOrder();
    order.reset(sortedIds(purges.values()));
    for (let round = 0; round < 50; round++) {
      // Some purges change (state, times), some are removed, some are added.
      const out = new Map<string, PurgeRequest>();
      const put: PurgeRequest[] = [];
      for (const [id, before] of [...purges].slice(round, round + 5)) {
        const after = { ...purgeAt(Number.parseInt(id, 16), random), requestId: id };
        out.set(id, before);
        purges.set(id, after);
        put.push(after);
      }
      const candidate = [...purges.keys()][Math.floor(random() * purges.size)]!;
      const gone = out.has(candidate) ? undefined : candidate;
      if (gone !== undefined) {
        out.set(gone, purges.get(gone)!);
        purges.delete(gone);
      }
      const added = purgeAt(1_000 + round, random);
      purges.set(added.requestId, added);
      put.push(added);
      order.move(out, put, (id) => purges.get(id)!);
      const ids = Array.from({ length: order.length }, (_, i) => order.idAt(i));
      expect(ids).toEqual(sortedIds(purges.values()));
      expect(order.indexOf(added.requestId)).toBe(ids.indexOf(added.requestId));
      if (gone !== undefined) expect(order.indexOf(gone)).toBeUndefined();
    }
  });

  it('says where the first change was, so rows above it are left alone', () => {
    const random = seededRandom(7);
    const purges = Array.from({ length: 10 }, (_, i) => purgeAt(i + 1, random));
    const byId = new Map(purges.map((p) => [p.requestId, p]));
    const order = new ListOrder();
    order.reset(sortedIds(purges));
    const last = order.idAt(9)!;
    expect(order.move(new Map([[last, byId.get(last)!]]), [], (id) => byId.get(id)!)).toBe(9);
    expect(order.length).toBe(9);
    expect(order.move(new Map(), [], (id) => byId.get(id)!)).toBe(9);
  });
});

describe('the keys on a row of the list', () => {
  it.each([
    ['ArrowDown', { move: 6 }],
    ['ArrowUp', { move: 4 }],
    ['Home', { move: 0 }],
    ['End', { move: 99 }],
    ['PageDown', { move: 5 + PAGE_ROWS }],
    ['PageUp', { move: 5 - PAGE_ROWS }],
    ['Escape', 'leave'],
    ['Delete', 'remove'],
    ['Enter', 'activate'],
    ['a', undefined],
  ])('%s on the row', (key, command) => {
    expect(listKeyCommand(key, 5, 100, true)).toEqual(command);
  });

  it('Delete and Enter on a button inside the row are the button’s own', () => {
    expect(listKeyCommand('Delete', 5, 100, false)).toBeUndefined();
    expect(listKeyCommand('Enter', 5, 100, false)).toBeUndefined();
    expect(listKeyCommand('Escape', 5, 100, false)).toBe('leave');
  });
});
