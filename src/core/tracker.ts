// The tracker: the state machine of every tracked purge (pending → completed | not_found |
// given_up) and its events, fed by status checks the PollScheduler starts, persisted through a
// PurgeStore. What it leans on lives beside it: when to check (./poll-schedule), when to retry
// (./retry-policy), one `changed` event per burst (./change-batch), a record's own steps
// (./purge-request), submitting (./purge-submission), the tracking limits (./purge-limits).
// What the first check learns: ./first-check-learner over ./duration-history. Over 300 lines
// because it is one state machine with its public API (the app, the window's service and the
// CLI use it).
import { DEFAULT_KEEP_FINISHED_MS, MAX_TRACKED_PURGES } from '../shared/purge';
import type {
  AddResult,
  ApiError,
  PauseReason,
  PurgeRequest,
  PurgesChanged,
  SubmitResult,
  TrackerStatus,
} from '../shared/purge';
import type { Clock } from './clock';
import { systemClock } from './clock';
import { ChangeBatch } from './change-batch';
import type { PurgeStatusApi } from './imagekit-client';
import type { ScheduleOptions } from './poll-schedule';
import {
  DEFAULT_SCHEDULE,
  detectionDeadline,
  firstCheckAt,
  giveUpAt,
  nextCheckAt,
} from './poll-schedule';
import type { RequestBudget } from './poll-scheduler';
import { PollScheduler } from './poll-scheduler';
import { finishedBefore, overCeiling, PRUNE_EVERY_SETTLEMENTS } from './purge-limits';
import { copyPurge, newPurge, rebaseAfterClockSetBack } from './purge-request';
import { DurationHistory } from './duration-history';
import { FirstCheckLearner } from './first-check-learner';
import type { ConfLikeStore, RecoveredStore } from './purge-store';
import { PurgeStore } from './purge-store';
import { submitPurge } from './purge-submission';
import { parseRequestIds } from './request-ids';
import { POLLING_RETRIES, RetryPolicy, SUBMISSION_RETRIES } from './retry-policy';
import { TypedEvents } from './typed-events';

export interface TrackerEvents extends Record<string, unknown> {
  /** A purge was detected as completed. */
  completed: PurgeRequest;
  /** A purge ended without completing: not found, or given up. */
  failed: PurgeRequest;
  /** The key is missing or rejected: all polling holds until `keyChanged()`. Once per episode. */
  'auth-required': ApiError;
  /** Purges were added, changed or removed (coalesced: one event per burst of changes). */
  changed: PurgesChanged;
  /** The tracker's status (pause, auth, rate limit, storage) changed. */
  status: TrackerStatus;
}

export interface TrackerOptions {
  api: PurgeStatusApi;
  /** The purges file (core/purge-file.ts). Without one, purges live in memory (the CLI). */
  store?: ConfLikeStore;
  /** Longest a change from polling waits before it is written. */
  coalesceWritesMs?: number;
  clock?: Clock;
  /** Random numbers in [0, 1) for jitter. */
  random?: () => number;
  schedule?: Partial<ScheduleOptions>;
  budget?: RequestBudget;
  /** Set when the store file was unreadable at start and moved aside. */
  recoveredStore?: RecoveredStore;
  /**
   * Where errors go that no user should see: one thrown by an event listener, or by a status
   * check (that purge is then checked again later, as after a transient error).
   */
  onError?: (error: unknown) => void;
  /** How long a finished purge stays listed before it is pruned (default 30 days). */
  keepFinishedMs?: number;
  /** The most purges tracked at once (default MAX_TRACKED_PURGES). */
  maxTracked?: number;
  /** How long this account's purges took (default: a history in memory, empty). */
  history?: DurationHistory;
}

export class Tracker {
  private readonly api: PurgeStatusApi;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly schedule: ScheduleOptions;
  private readonly store: PurgeStore;
  private readonly scheduler: PollScheduler;
  private readonly events: TypedEvents<TrackerEvents>;
  private readonly changes: ChangeBatch;
  private readonly retries: RetryPolicy;
  private readonly onError: (error: unknown) => void;
  private readonly closed = new AbortController();
  private readonly purges = new Map<string, PurgeRequest>();
  /** How long this account's purges took (the first check learns from it). */
  readonly history: DurationHistory;
  private readonly learner: FirstCheckLearner;
  private authProblem: ApiError | undefined;
  private storageProblem: string | undefined;
  private recoveredStore: RecoveredStore | undefined;
  private keepFinishedMs: number;
  private readonly maxTracked: number;
  private settledSincePrune = 0;

  constructor(options: TrackerOptions) {
    this.keepFinishedMs = options.keepFinishedMs ?? DEFAULT_KEEP_FINISHED_MS;
    this.maxTracked = options.maxTracked ?? MAX_TRACKED_PURGES;
    this.api = options.api;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.schedule = { ...DEFAULT_SCHEDULE, ...options.schedule };
    this.onError = options.onError ?? (() => undefined);
    this.events = new TypedEvents(this.onError);
    this.changes = new ChangeBatch(
      (requestId) => this.get(requestId),
      (change) => this.events.emit('changed', change),
    );
    this.retries = new RetryPolicy(POLLING_RETRIES, this.schedule);
    this.history = options.history ?? new DurationHistory({ clock: this.clock });
    this.learner = new FirstCheckLearner(this.history, this.schedule);
    this.recoveredStore = options.recoveredStore;
    this.store = new PurgeStore(options.store, {
      clock: this.clock,
      coalesceMs: options.coalesceWritesMs,
      onWriteProblem: (problem) => {
        this.storageProblem = problem;
        this.emitStatus();
      },
    });
    this.storageProblem = this.store.currentProblem;
    this.scheduler = new PollScheduler({
      clock: this.clock,
      budget: options.budget,
      run: (requestId) => this.check(requestId),
      onCheckError: (requestId, error) => this.checkThrew(requestId, error),
    });
  }

  on<K extends keyof TrackerEvents>(event: K, listener: (payload: TrackerEvents[K]) => void) {
    return this.events.on(event, listener);
  }

  /** Load what the store holds and start polling what is pending. */
  start(): void {
    const loaded = this.store.load();
    this.recoveredStore ??= this.store.setAside;
    for (const purge of loaded) {
      this.purges.set(purge.requestId, purge);
      if (purge.state === 'pending') this.scheduler.schedule(purge.requestId, this.clock.now());
    }
    this.changes.changed(this.purges.keys());
    this.pruneFinished();
  }

  /** How long finished purges stay listed (a setting): those older are pruned now and later. */
  setKeepFinished(ms: number): void {
    this.keepFinishedMs = ms;
    this.pruneFinished();
  }

  /** The share of the account's rate limit to spend (a setting): applies from the next check. */
  setBudgetShare(share: number): void {
    this.scheduler.setShare(share);
  }

  /** Status requests a second the budget allows now (a share of what the account advertised). */
  get requestsPerSecond(): number {
    return this.scheduler.requestsPerSecond;
  }

  /**
   * Stop tracking finished purges (completed, not found, given up) that finished longer ago
   * than `keepFinishedMs`. Runs at start and whenever a purge settles.
   */
  pruneFinished(): void {
    const old = finishedBefore(this.purges.values(), this.clock.now() - this.keepFinishedMs);
    if (old.length > 0) this.remove(old);
  }

  /** Every tracked purge, newest first. */
  list(): PurgeRequest[] {
    return [...this.purges.values()].sort((a, b) => b.addedAt - a.addedAt).map(copyPurge);
  }

  get(requestId: string): PurgeRequest | undefined {
    const purge = this.purges.get(requestId);
    return purge && copyPurge(purge);
  }

  status(): TrackerStatus {
    const status: TrackerStatus = { pausedFor: this.scheduler.pausedFor };
    if (this.authProblem) status.authProblem = { ...this.authProblem };
    const heldUntil = this.scheduler.heldUntilTime;
    if (heldUntil !== undefined) status.rateLimitedUntil = heldUntil;
    if (this.storageProblem) status.storageProblem = this.storageProblem;
    if (this.recoveredStore) status.recoveredStore = { ...this.recoveredStore };
    return status;
  }

  /**
   * Track the request IDs found in `input` (pasted text, or IDs). Resolves once they are
   * written to the store (or `persisted: false` says they are kept in memory only).
   */
  async add(input: string | readonly string[], meta: { url?: string } = {}): Promise<AddResult> {
    const text = typeof input === 'string' ? input : input.join('\n');
    const { ids, rejected } = parseRequestIds(text);
    const now = this.clock.now();
    const created: PurgeRequest[] = [];
    const alreadyTracked: string[] = [];
    let refused = 0;
    for (const requestId of ids) {
      if (this.purges.has(requestId)) {
        alreadyTracked.push(requestId);
        continue;
      }
      if (this.purges.size >= this.maxTracked) {
        refused++;
        continue;
      }
      const purge = newPurge(requestId, now, meta.url);
      this.purges.set(requestId, purge);
      created.push(purge);
    }
    const added = created.map((purge) => purge.requestId);
    const persisted = added.length === 0 || this.persistNow();
    const firstDelay = this.learner.firstCheckDelay();
    for (const purge of created) {
      this.scheduler.schedule(
        purge.requestId,
        firstCheckAt(purge.submittedAt, now, firstDelay),
        detectionDeadline(purge.submittedAt, purge.submittedAt, this.schedule),
      );
      this.learner.added(purge.requestId, purge.submittedAt, now, firstDelay);
    }
    this.changes.changed(added);
    if (refused > 0) rejected.push(overCeiling(refused, this.maxTracked));
    return { added, alreadyTracked, rejected, persisted };
  }

  /**
   * Submit a cache purge for each URL, one after the other, and track what ImageKit accepted.
   * A rate limit is waited out (SUBMISSION_RETRIES), not skipped; polling holds meanwhile.
   * Closing the tracker ends the wait: the URL's answer is then the 429, and the rest are not sent.
   */
  async submit(urls: readonly string[]): Promise<SubmitResult[]> {
    const results: SubmitResult[] = [];
    const retries = new RetryPolicy(SUBMISSION_RETRIES, this.schedule);
    const { api, clock, scheduler } = this;
    for (const url of urls) {
      if (this.closed.signal.aborted) break;
      const ports = { api, clock, scheduler, retries, closed: this.closed.signal };
      const outcome = await submitPurge(url, ports);
      if (!outcome.ok) {
        results.push({ url, error: outcome.error });
        if (outcome.error.kind === 'auth') this.requireAuth(outcome.error);
        continue;
      }
      await this.add([outcome.requestId], { url });
      results.push({ url, requestId: outcome.requestId });
    }
    return results;
  }

  /** Stop tracking these purges. */
  remove(requestIds: readonly string[]): void {
    const removed = requestIds.filter((id) => this.purges.delete(id));
    for (const id of removed) {
      this.scheduler.cancel(id);
      this.forgetPolling(id);
    }
    if (removed.length > 0) {
      this.persistNow();
      this.changes.removed(removed);
    }
  }

  /** Stop tracking every completed purge. */
  clearCompleted(): void {
    this.remove(
      [...this.purges.values()].filter((p) => p.state === 'completed').map((p) => p.requestId),
    );
  }

  /** Poll a given_up purge again, with a fresh deadline. */
  resumeGivenUp(requestId: string): boolean {
    const purge = this.purges.get(requestId);
    if (!purge || purge.state !== 'given_up') return false;
    const now = this.clock.now();
    purge.state = 'pending';
    purge.resumedAt = now;
    this.scheduler.schedule(requestId, now);
    this.persistNow();
    this.changes.changed([requestId]);
    return true;
  }

  /** Check these pending purges (default: all) as soon as the budget allows. */
  checkNow(requestIds?: readonly string[]): void {
    this.scheduler.checkNow(requestIds);
  }

  /** Hold all polling for this reason (the user, the system sleeping, the network offline). */
  pause(reason: PauseReason): void {
    if (this.scheduler.pause(reason)) this.emitStatus();
  }

  resume(reason: PauseReason): void {
    if (this.scheduler.resume(reason)) this.emitStatus();
  }

  /** The private key was set or replaced: try again whatever the last one was refused for. */
  keyChanged(): void {
    if (!this.authProblem) return;
    this.authProblem = undefined;
    this.scheduler.resume('auth');
    this.emitStatus();
  }

  /**
   * Stop polling, abort the checks in flight, end a submission's wait for a rate limit, and
   * write what is waiting once (no retry timer is left behind, even when the store cannot be
   * written): nothing keeps the process alive.
   */
  close(): void {
    this.closed.abort();
    this.scheduler.dispose();
    this.api.abortAll?.();
    this.store.close();
    this.history.close();
  }

  /** Store writes so far (benchmarks). */
  get storeWrites(): number {
    return this.store.writes;
  }

  /** Timers armed by the scheduler: none when nothing is pending. */
  get isIdle(): boolean {
    return !this.scheduler.hasTimer && this.scheduler.size === 0;
  }

  private async check(requestId: string): Promise<void> {
    if (this.purges.get(requestId)?.state !== 'pending') return;
    const outcome = await this.api.getPurgeStatus(requestId);
    this.scheduler.learn(outcome.rateLimit);
    const purge = this.purges.get(requestId);
    if (!purge || purge.state !== 'pending') return; // removed (or resolved) meanwhile
    const now = this.clock.now();
    rebaseAfterClockSetBack(purge, now);

    if (outcome.ok) {
      purge.checks += 1;
      purge.lastCheckedAt = now;
      purge.status = outcome.status;
      delete purge.lastError;
      this.retries.answered(requestId);
      if (outcome.completed) {
        purge.state = 'completed';
        purge.completedAt = now;
        this.learner.completed(requestId, purge, now - purge.submittedAt);
        this.settle(purge, 'completed');
      } else {
        this.learner.sawPending(requestId, now - purge.submittedAt);
        this.scheduleNext(purge, now, 0);
      }
      return;
    }

    const { error } = outcome;
    switch (error.kind) {
      case 'not_found':
        purge.checks += 1;
        purge.lastCheckedAt = now;
        purge.state = 'not_found';
        purge.lastError = { kind: error.kind, message: error.message, at: now };
        this.settle(purge, 'failed');
        return;
      case 'auth':
        this.scheduler.schedule(requestId, now);
        this.requireAuth(error);
        return;
      default: {
        const retry = this.retries.failed(requestId, error);
        if (retry?.kind === 'hold') {
          // A 429 holds every check; this one was not made, so it neither counts nor backs off.
          this.scheduler.retry(requestId, retry);
          this.emitStatus();
          return;
        }
        purge.checks += 1;
        purge.lastCheckedAt = now;
        purge.lastError = { kind: error.kind, message: error.message, at: now };
        this.scheduleNext(purge, now, retry?.waitMs ?? 0);
      }
    }
  }

  /** A check threw instead of answering (a bug): say so, and check that purge again later. */
  private checkThrew(requestId: string, error: unknown): void {
    this.onError(error);
    const purge = this.purges.get(requestId);
    if (purge?.state !== 'pending') return;
    const retry = this.retries.failed(requestId, { kind: 'transient', message: 'check failed' });
    this.scheduleNext(purge, this.clock.now(), retry?.waitMs ?? 0);
  }

  /** Schedule the next check of a purge still pending, or give it up past its deadline. */
  private scheduleNext(purge: PurgeRequest, now: number, backoffMs: number): void {
    const deadline = giveUpAt(purge.resumedAt ?? purge.submittedAt, this.schedule);
    if (now >= deadline) {
      purge.state = 'given_up';
      this.settle(purge, 'failed');
      return;
    }
    const next = nextCheckAt(purge.submittedAt, now, backoffMs, this.random(), this.schedule);
    this.scheduler.schedule(
      purge.requestId,
      Math.min(next, deadline),
      detectionDeadline(purge.submittedAt, now, this.schedule),
    );
    this.persistSoon();
    this.changes.changed([purge.requestId]);
  }

  /** Drop what was kept in memory while polling this purge. */
  private forgetPolling(requestId: string): void {
    this.retries.answered(requestId);
    this.learner.forget(requestId);
  }

  private settle(purge: PurgeRequest, event: 'completed' | 'failed'): void {
    this.forgetPolling(purge.requestId);
    this.persistSoon();
    this.changes.changed([purge.requestId]);
    this.events.emit(event, copyPurge(purge));
    this.settledSincePrune++;
    if (this.settledSincePrune >= PRUNE_EVERY_SETTLEMENTS) {
      this.settledSincePrune = 0;
      this.pruneFinished();
    }
  }

  private requireAuth(error: ApiError): void {
    this.scheduler.pause('auth');
    if (this.authProblem) return;
    this.authProblem = error;
    this.events.emit('auth-required', { ...error });
    this.emitStatus();
  }

  private persistNow(): boolean {
    return this.store.writeNow(() => [...this.purges.values()]);
  }

  private persistSoon(): void {
    this.store.writeSoon(() => [...this.purges.values()]);
  }

  private emitStatus(): void {
    this.events.emit('status', this.status());
  }
}
