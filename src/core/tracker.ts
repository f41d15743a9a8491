// The tracker: the state machine of every tracked purge (pending → completed | not-found |
// given-up), fed by status checks the PollScheduler starts, persisted through a PurgeStore.
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
import type { PurgeStatusApi, SubmitOutcome } from './imagekit-client';
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
import { DurationHistory } from './duration-history';
import { FirstCheckLearner } from './first-check-learner';
import type { ConfLikeStore, RecoveredStore } from './purge-store';
import { PurgeStore } from './purge-store';
import { parseRequestIds, plausibleSubmissionTime } from './request-ids';
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
  /** The conf-compatible store file (electron-store in the app). Without one, purges live in memory (the CLI). */
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
  /** Where errors thrown by event listeners go. */
  onListenerError?: (error: unknown) => void;
  /** How long a finished purge stays listed before it is pruned (default 30 days). */
  keepFinishedMs?: number;
  /** The most purges tracked at once (default MAX_TRACKED_PURGES). */
  maxTracked?: number;
  /** How long this account's purges took (default: a history in memory, empty). */
  history?: DurationHistory;
}

const AUTH_PAUSE = 'auth';
const SUBMIT_ATTEMPTS = 3;

export class Tracker {
  private readonly api: PurgeStatusApi;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly schedule: ScheduleOptions;
  private readonly store: PurgeStore;
  private readonly scheduler: PollScheduler;
  private readonly events: TypedEvents<TrackerEvents>;
  private readonly purges = new Map<string, PurgeRequest>();
  /** How long this account's purges took (the first check learns from it). */
  readonly history: DurationHistory;
  private readonly learner: FirstCheckLearner;
  /** Consecutive transient failures per pending purge (not persisted). */
  private readonly failures = new Map<string, number>();
  private readonly pausedFor = new Set<PauseReason>();
  private authProblem: ApiError | undefined;
  private storageProblem: string | undefined;
  private recoveredStore: RecoveredStore | undefined;
  private changedIds = new Set<string>();
  private removedIds = new Set<string>();
  private changeQueued = false;
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
    this.events = new TypedEvents(options.onListenerError);
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
    this.noteChanged([...this.purges.keys()]);
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
    const before = this.clock.now() - this.keepFinishedMs;
    const old = [...this.purges.values()].filter(
      (p) => p.state !== 'pending' && (p.completedAt ?? p.lastCheckedAt ?? p.addedAt) < before,
    );
    if (old.length > 0) this.remove(old.map((p) => p.requestId));
  }

  /** Every tracked purge, newest first. */
  list(): PurgeRequest[] {
    return [...this.purges.values()].sort((a, b) => b.addedAt - a.addedAt).map(copy);
  }

  get(requestId: string): PurgeRequest | undefined {
    const purge = this.purges.get(requestId);
    return purge && copy(purge);
  }

  status(): TrackerStatus {
    const status: TrackerStatus = { pausedFor: [...this.pausedFor] };
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
    let overCeiling = 0;
    for (const requestId of ids) {
      if (this.purges.has(requestId)) {
        alreadyTracked.push(requestId);
        continue;
      }
      if (this.purges.size >= this.maxTracked) {
        overCeiling++;
        continue;
      }
      const submittedAt = meta.url ? now : (plausibleSubmissionTime(requestId, now) ?? now);
      const purge: PurgeRequest = {
        requestId,
        state: 'pending',
        status: '',
        submittedAt,
        addedAt: now,
        checks: 0,
      };
      if (meta.url) purge.url = meta.url;
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
    this.noteChanged(added);
    if (overCeiling > 0) {
      rejected.push({
        text: overCeiling === 1 ? '1 request ID' : `${overCeiling} request IDs`,
        reason: `not tracked: Purge Watch tracks at most ${this.maxTracked.toLocaleString('en-US')} purges at once; remove finished ones to add more`,
      });
    }
    return { added, alreadyTracked, rejected, persisted };
  }

  /**
   * Submit a cache purge for each URL, one after the other, and track what ImageKit accepted.
   * A rate limit is waited out (up to `SUBMIT_ATTEMPTS` tries per URL), not skipped.
   */
  async submit(urls: readonly string[]): Promise<SubmitResult[]> {
    const results: SubmitResult[] = [];
    for (const url of urls) {
      let outcome = await this.api.submitPurge(url);
      this.scheduler.learn(outcome.rateLimit);
      for (let attempt = 1; attempt < SUBMIT_ATTEMPTS && isRateLimited(outcome); attempt++) {
        const resetMs = outcome.error.resetMs ?? 1_000;
        this.scheduler.holdUntil(this.clock.now() + resetMs);
        await new Promise<void>((resolve) => this.clock.setTimeout(resolve, resetMs));
        outcome = await this.api.submitPurge(url);
        this.scheduler.learn(outcome.rateLimit);
      }
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
      this.removedIds.add(id);
      this.changedIds.delete(id);
    }
    if (removed.length > 0) {
      this.persistNow();
      this.queueChanged();
    }
  }

  /** Stop tracking every completed purge. */
  clearCompleted(): void {
    this.remove(
      [...this.purges.values()].filter((p) => p.state === 'completed').map((p) => p.requestId),
    );
  }

  /** Poll a given-up purge again, with a fresh deadline. */
  resumeGivenUp(requestId: string): boolean {
    const purge = this.purges.get(requestId);
    if (!purge || purge.state !== 'given-up') return false;
    const now = this.clock.now();
    purge.state = 'pending';
    purge.resumedAt = now;
    this.scheduler.schedule(requestId, now);
    this.persistNow();
    this.noteChanged([requestId]);
    return true;
  }

  /** Check these pending purges (default: all) as soon as the budget allows. */
  checkNow(requestIds?: readonly string[]): void {
    this.scheduler.checkNow(requestIds);
  }

  /** Hold all polling for this reason (the user, the system sleeping, the network offline). */
  pause(reason: PauseReason): void {
    if (this.pausedFor.has(reason)) return;
    this.pausedFor.add(reason);
    this.scheduler.pause(reason);
    this.emitStatus();
  }

  resume(reason: PauseReason): void {
    if (!this.pausedFor.delete(reason)) return;
    this.scheduler.resume(reason);
    this.emitStatus();
  }

  /** The private key was set or replaced: try again whatever the last one was refused for. */
  keyChanged(): void {
    if (!this.authProblem) return;
    this.authProblem = undefined;
    this.scheduler.resume(AUTH_PAUSE);
    this.emitStatus();
  }

  /**
   * Stop polling, abort the checks in flight, and write what is waiting once (no retry timer
   * is left behind, even when the store cannot be written): nothing keeps the process alive.
   */
  close(): void {
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
      this.failures.delete(requestId);
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
        purge.state = 'not-found';
        purge.lastError = { kind: error.kind, message: error.message, at: now };
        this.settle(purge, 'failed');
        return;
      case 'auth':
        this.scheduler.schedule(requestId, now);
        this.requireAuth(error);
        return;
      case 'rate_limited':
        this.scheduler.holdUntil(now + (error.resetMs ?? 1_000));
        this.scheduler.schedule(requestId, now);
        this.emitStatus();
        return;
      default: {
        const failures = (this.failures.get(requestId) ?? 0) + 1;
        this.failures.set(requestId, failures);
        purge.checks += 1;
        purge.lastCheckedAt = now;
        purge.lastError = { kind: error.kind, message: error.message, at: now };
        this.scheduleNext(purge, now, failures);
      }
    }
  }

  /** Schedule the next check of a purge still pending, or give it up past its deadline. */
  private scheduleNext(purge: PurgeRequest, now: number, failures: number): void {
    const deadline = giveUpAt(purge.resumedAt ?? purge.submittedAt, this.schedule);
    if (now >= deadline) {
      purge.state = 'given-up';
      this.settle(purge, 'failed');
      return;
    }
    const next = nextCheckAt(purge.submittedAt, now, failures, this.random(), this.schedule);
    this.scheduler.schedule(
      purge.requestId,
      Math.min(next, deadline),
      detectionDeadline(purge.submittedAt, now, this.schedule),
    );
    this.persistSoon();
    this.noteChanged([purge.requestId]);
  }

  /** Drop what was kept in memory while polling this purge. */
  private forgetPolling(requestId: string): void {
    this.failures.delete(requestId);
    this.learner.forget(requestId);
  }

  private settle(purge: PurgeRequest, event: 'completed' | 'failed'): void {
    this.forgetPolling(purge.requestId);
    this.persistSoon();
    this.noteChanged([purge.requestId]);
    this.events.emit(event, copy(purge));
    this.settledSincePrune++;
    // Pruning looks at every purge: once per hundred settlements is plenty.
    if (this.settledSincePrune >= 100) {
      this.settledSincePrune = 0;
      this.pruneFinished();
    }
  }

  private requireAuth(error: ApiError): void {
    this.scheduler.pause(AUTH_PAUSE);
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

  private noteChanged(requestIds: readonly string[]): void {
    for (const id of requestIds) this.changedIds.add(id);
    if (requestIds.length > 0) this.queueChanged();
  }

  private queueChanged(): void {
    if (this.changeQueued) return;
    this.changeQueued = true;
    queueMicrotask(() => {
      this.changeQueued = false;
      const updated = [...this.changedIds].flatMap((id) => {
        const purge = this.purges.get(id);
        return purge ? [copy(purge)] : [];
      });
      const removed = [...this.removedIds];
      this.changedIds = new Set();
      this.removedIds = new Set();
      this.events.emit('changed', { updated, removed });
    });
  }

  private emitStatus(): void {
    this.events.emit('status', this.status());
  }
}

function isRateLimited(
  outcome: SubmitOutcome,
): outcome is { ok: false; error: ApiError & { kind: 'rate_limited' } } {
  return !outcome.ok && outcome.error.kind === 'rate_limited';
}

/**
 * The wall clock was set back since this purge was last looked at: move its times back by as
 * much, so its age (which sets the polling gap and the give-up deadline) and its duration stay
 * true instead of starting over.
 */
function rebaseAfterClockSetBack(purge: PurgeRequest, now: number): void {
  const back = (purge.lastCheckedAt ?? purge.addedAt) - now;
  if (back <= 0) return;
  purge.submittedAt -= back;
  purge.addedAt -= back;
  if (purge.resumedAt !== undefined) purge.resumedAt -= back;
  if (purge.lastCheckedAt !== undefined) purge.lastCheckedAt -= back;
}

function copy(purge: PurgeRequest): PurgeRequest {
  const result = { ...purge };
  if (purge.lastError) result.lastError = { ...purge.lastError };
  return result;
}
