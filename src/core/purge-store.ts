// Persistence of tracked purges through a store compatible with `conf` (the app passes
// electron-store, the tests pass conf). What the user adds is written at once; what polling
// changes is coalesced into a write at most every `coalesceMs`.
import fs from 'node:fs';
import type { Clock, TimerHandle } from './clock';
import type { PurgeRequest } from '../shared/purge';
import { PURGE_STATES } from '../shared/purge';

/** The slice of conf / electron-store that Purge Watch uses. */
export interface ConfLikeStore {
  get(key: 'purges'): unknown;
  set(key: 'purges', value: PurgeRequest[]): void;
  readonly path: string;
}

/** conf's `schema` option for the store file: conf validates it on every read and write. */
export const purgeStoreSchema = {
  purges: {
    type: 'array',
    default: [],
    items: {
      type: 'object',
      required: ['requestId', 'state', 'status', 'submittedAt', 'addedAt', 'checks'],
      properties: {
        requestId: { type: 'string', minLength: 1, maxLength: 200 },
        url: { type: 'string' },
        state: { enum: [...PURGE_STATES] },
        status: { type: 'string' },
        submittedAt: { type: 'number' },
        addedAt: { type: 'number' },
        resumedAt: { type: 'number' },
        lastCheckedAt: { type: 'number' },
        completedAt: { type: 'number' },
        checks: { type: 'integer', minimum: 0 },
        lastError: {
          type: 'object',
          required: ['kind', 'message', 'at'],
          properties: {
            kind: { type: 'string' },
            message: { type: 'string' },
            at: { type: 'number' },
          },
        },
      },
    },
  },
} as const;

export interface PurgeStoreOptions {
  clock: Clock;
  /** Longest a polling change waits before it is written. */
  coalesceMs?: number;
  /** Called when a write fails (disk full, not writable) and again when writing works again. */
  onWriteProblem?: (problem: string | undefined) => void;
}

/** Writes the tracked purges. Without a backing store it keeps them in memory only. */
export class PurgeStore {
  private readonly backing: ConfLikeStore | undefined;
  private readonly clock: Clock;
  private readonly coalesceMs: number;
  private readonly onWriteProblem: (problem: string | undefined) => void;
  private pending: (() => PurgeRequest[]) | undefined;
  private timer: TimerHandle | undefined;
  private problem: string | undefined;
  private closed = false;
  /** Writes performed, for benchmarks and tests. */
  writes = 0;

  constructor(backing: ConfLikeStore | undefined, options: PurgeStoreOptions) {
    this.backing = backing;
    this.clock = options.clock;
    this.coalesceMs = options.coalesceMs ?? 5_000;
    this.onWriteProblem = options.onWriteProblem ?? (() => undefined);
  }

  get path(): string | undefined {
    return this.backing?.path;
  }

  /** The purges in the file. A record that does not hold together is skipped, not fatal. */
  load(): PurgeRequest[] {
    const raw = this.backing?.get('purges');
    if (!Array.isArray(raw)) return [];
    return raw.filter(isPurgeRequest);
  }

  /** Write now (user actions). False when it could not be written; it is retried later. */
  writeNow(snapshot: () => PurgeRequest[]): boolean {
    this.cancelTimer();
    this.pending = undefined;
    return this.write(snapshot);
  }

  /** Write soon, together with whatever else changes meanwhile (polling results). */
  writeSoon(snapshot: () => PurgeRequest[]): void {
    this.pending = snapshot;
    if (this.timer === undefined && this.backing && !this.closed) {
      this.timer = this.clock.setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.coalesceMs);
    }
  }

  /** Write what is waiting, if anything. */
  flush(): void {
    this.cancelTimer();
    const snapshot = this.pending;
    this.pending = undefined;
    if (snapshot) this.write(snapshot);
  }

  /** Write what is waiting, once, and arm no retry: the store is done with. */
  close(): void {
    this.closed = true;
    this.flush();
    this.cancelTimer();
  }

  private write(snapshot: () => PurgeRequest[]): boolean {
    if (!this.backing) return true;
    try {
      this.backing.set('purges', snapshot());
      this.writes += 1;
      if (this.problem !== undefined) {
        this.problem = undefined;
        this.onWriteProblem(undefined);
      }
      return true;
    } catch (error) {
      const problem = `Could not save tracked purges to ${this.backing.path}: ${reasonOf(error)}. They are kept in memory and saving is retried.`;
      if (problem !== this.problem) {
        this.problem = problem;
        this.onWriteProblem(problem);
      }
      // Retry with the latest state after the coalescing window.
      this.writeSoon(snapshot);
      return false;
    }
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}

/** What happened when opening a store file that could not be read. */
export interface RecoveredStore {
  movedTo: string;
  reason: string;
}

/**
 * Opens a conf-like store. If the file cannot be read (corrupt JSON, schema violation), it is
 * moved aside (never deleted) next to the original and a fresh store is opened.
 */
export function openStoreFile<T>(
  open: () => T,
  filePath: string,
  clock: Pick<Clock, 'now'>,
): { store: T; recovered?: RecoveredStore } {
  try {
    return { store: open() };
  } catch (error) {
    if (!fs.existsSync(filePath)) throw error;
    const stamp = new Date(clock.now()).toISOString().replace(/[:.]/g, '-');
    const movedTo = `${filePath}.corrupt-${stamp}`;
    fs.renameSync(filePath, movedTo);
    return { store: open(), recovered: { movedTo, reason: reasonOf(error) } };
  }
}

function reasonOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return error instanceof Error ? error.message : String(error);
}

function isPurgeRequest(value: unknown): value is PurgeRequest {
  if (!value || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.requestId === 'string' &&
    PURGE_STATES.includes(record.state as PurgeRequest['state']) &&
    typeof record.status === 'string' &&
    Number.isFinite(record.submittedAt) &&
    Number.isFinite(record.addedAt) &&
    Number.isInteger(record.checks)
  );
}
