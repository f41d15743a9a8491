// A binary min-heap that knows where each of its items sits, so an item can be removed or
// re-ordered in O(log n) when its key changes, not only popped. The poll scheduler keeps its
// checks in two of these (by due time, and by which to start first when the budget is short),
// so a start costs the same with 10,000 purges pending as with 100.

export class IndexedHeap<T> {
  private readonly items: T[] = [];
  private readonly slots = new Map<T, number>();

  /** `before(a, b)`: true when `a` must come out before `b`. */
  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  has(item: T): boolean {
    return this.slots.has(item);
  }

  /** The first item, left in place. */
  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    if (this.slots.has(item)) throw new Error('The item is already in the heap.');
    this.items.push(item);
    this.slots.set(item, this.items.length - 1);
    this.up(this.items.length - 1);
  }

  pop(): T | undefined {
    const first = this.items[0];
    if (first !== undefined) this.remove(first);
    return first;
  }

  /** Takes `item` out wherever it is; false if it was not in the heap. */
  remove(item: T): boolean {
    const slot = this.slots.get(item);
    if (slot === undefined) return false;
    this.slots.delete(item);
    const last = this.items.pop()!;
    if (slot < this.items.length) {
      this.place(last, slot);
      this.down(this.up(slot));
    }
    return true;
  }

  /** `item`'s key changed: put it where it now belongs. */
  update(item: T): void {
    const slot = this.slots.get(item);
    if (slot !== undefined) this.down(this.up(slot));
  }

  clear(): void {
    this.items.length = 0;
    this.slots.clear();
  }

  private place(item: T, slot: number): void {
    this.items[slot] = item;
    this.slots.set(item, slot);
  }

  /** Moves the item at `slot` towards the top while it comes out first; returns where it ends. */
  private up(slot: number): number {
    const item = this.items[slot]!;
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      const above = this.items[parent]!;
      if (!this.before(item, above)) break;
      this.place(above, slot);
      slot = parent;
    }
    this.place(item, slot);
    return slot;
  }

  private down(slot: number): void {
    const item = this.items[slot]!;
    const count = this.items.length;
    for (;;) {
      const left = 2 * slot + 1;
      if (left >= count) break;
      const right = left + 1;
      const child =
        right < count && this.before(this.items[right]!, this.items[left]!) ? right : left;
      if (!this.before(this.items[child]!, item)) break;
      this.place(this.items[child]!, slot);
      slot = child;
    }
    this.place(item, slot);
  }
}
