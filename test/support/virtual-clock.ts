// A clock whose time moves only when a test (or benchmark) advances it. Timers fire in order,
// and promise callbacks queued by a timer run before the next timer fires.
import type { Clock, TimerHandle } from '../../src/core/clock';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

export class VirtualClock implements Clock {
  private time: number;
  /** Timers run on this; `jump` changes only the wall clock. */
  private mono = 0;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  constructor(start = Date.UTC(2026, 10, 28, 12, 0, 0)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  monotonic(): number {
    return this.mono;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.mono + Math.max(0, delayMs), callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  /**
   * Set the wall clock forward or back without firing timers (a system clock change). Like
   * real timers, armed ones still fire after the delay they were given.
   */
  jump(deltaMs: number): void {
    this.time += deltaMs;
  }

  /** Advance time by `ms`, firing every timer due on the way and settling promises between them. */
  async advance(ms: number): Promise<void> {
    const end = this.mono + ms;
    await settle();
    for (;;) {
      const next = this.earliest();
      if (!next || next.at > end) break;
      this.timers.delete(next.id);
      this.moveTo(Math.max(this.mono, next.at));
      next.callback();
      await settle();
    }
    this.moveTo(end);
    await settle();
  }

  private moveTo(mono: number): void {
    this.time += mono - this.mono;
    this.mono = mono;
  }

  /** Advance until `condition()` holds, at most `limitMs`; returns whether it held. */
  async advanceUntil(condition: () => boolean, limitMs: number, stepMs = 100): Promise<boolean> {
    const end = this.mono + limitMs;
    while (!condition()) {
      if (this.mono >= end) return false;
      await this.advance(Math.min(stepMs, end - this.mono));
    }
    return true;
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.timers.values()) {
      if (!best || timer.at < best.at || (timer.at === best.at && timer.id < best.id)) best = timer;
    }
    return best;
  }
}

/** Let queued microtasks and promise chains run (several turns, for nested awaits). */
export async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve();
}
