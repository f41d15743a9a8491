// The heap the poll scheduler keeps its checks in: whatever is pushed, removed or re-keyed, it
// gives them back in order (checked against a sorted copy over seeded random operations).
import { describe, expect, it } from 'vitest';
import { IndexedHeap } from '../../src/core/tracking/indexed-heap';
import { seededRandom } from '../support/seeded-random';

interface Item {
  key: number;
  name: number;
}

const before = (a: Item, b: Item) => a.key < b.key || (a.key === b.key && a.name < b.name);

describe('IndexedHeap', () => {
  it('pops in order after any mix of pushes, removals and key changes', () => {
    const random = seededRandom(3);
    const heap = new IndexedHeap<Item>(before);
    const model = new Set<Item>();
    for (let step = 0; step < 5_000; step++) {
      const roll = random();
      const items = [...model];
      const any = items[Math.floor(random() * items.length)];
      if (roll < 0.45 || !any) {
        const item = { key: Math.floor(random() * 100), name: step };
        heap.push(item);
        model.add(item);
      } else if (roll < 0.65) {
        expect(heap.remove(any)).toBe(true);
        model.delete(any);
      } else if (roll < 0.85) {
        any.key = Math.floor(random() * 100);
        heap.update(any);
      } else {
        const first = [...model].sort((a, b) => (before(a, b) ? -1 : 1))[0];
        expect(heap.pop()).toBe(first);
        model.delete(first!);
      }
      expect(heap.size).toBe(model.size);
    }
    const rest: Item[] = [];
    for (let item = heap.pop(); item; item = heap.pop()) rest.push(item);
    expect(rest).toEqual([...model].sort((a, b) => (before(a, b) ? -1 : 1)));
  });

  it('says what it holds, refuses an item twice and ignores one it does not hold', () => {
    const heap = new IndexedHeap<Item>(before);
    const item = { key: 1, name: 1 };
    heap.push(item);
    expect(heap.has(item)).toBe(true);
    expect(heap.peek()).toBe(item);
    expect(() => heap.push(item)).toThrow('already in the heap');
    expect(heap.remove({ key: 1, name: 1 })).toBe(false);
    heap.clear();
    expect([heap.size, heap.peek(), heap.has(item)]).toEqual([0, undefined, false]);
  });
});
