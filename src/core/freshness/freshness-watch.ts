// The app's freshness checks: when a URL purge completes (and the setting is on), what the CDN's
// nearest edge serves for it is checked (./freshness-check) and kept with the purge, `checking`
// meanwhile, so the window shows it and a restart resumes it; `checked` then says the verdict is
// in (the notification waits for it). A few checks run at once; the rest queue.
import type { CdnAnswer, PurgeRequest } from '../../shared/purge';
import type { Clock } from '../clock';
import type { DeliveryFetch, RecheckPolicy } from './freshness-check';
import { isWildcard, notChecked, verifyFreshness, WILDCARD_NOT_CHECKED } from './freshness-check';
import { probeBeforePurges } from './pre-purge-probes';
import type { Tracker } from '../tracking/tracker';
import { TypedEvents } from '../typed-events';

interface FreshnessWatchOptions {
  tracker: Tracker;
  /** Requests to the CDN: never the API client's (the app: a session with no cookies or cache). */
  fetch: DeliveryFetch;
  clock: Clock;
  userAgent: string;
  /** The setting: are completed URL purges checked? */
  enabled: () => boolean;
  recheck?: RecheckPolicy;
  /** A check's request deadline (tests shorten it). */
  timeoutMs?: number;
  onError?: (error: unknown) => void;
}

interface FreshnessWatchEvents extends Record<string, unknown> {
  /** A purge's verdict is in (kept with it): the purge as it is now. */
  checked: PurgeRequest;
}

/** Checks running at once; a wake from sleep may complete hundreds of purges together. */
export const CONCURRENT_CHECKS = 4;
/** The pre-purge probe holds back the purge itself: it gets less time than a check. */
const PROBE_TIMEOUT_MS = 5_000;

export class FreshnessWatch {
  private readonly events: TypedEvents<FreshnessWatchEvents>;
  private readonly queue: string[] = [];
  private readonly inFlight = new Set<string>();
  private readonly closed = new AbortController();

  constructor(private readonly options: FreshnessWatchOptions) {
    this.events = new TypedEvents(options.onError);
    const { tracker } = options;
    tracker.on('completed', (purge) => {
      if (this.willCheck(purge)) this.begin(purge);
    });
    // A check the app was doing when it quit goes on (its bound counts from when it began).
    tracker.on('changed', ({ updated }) => {
      for (const purge of updated) {
        if (purge.freshness?.verdict === 'checking') this.enqueue(purge.requestId);
      }
    });
  }

  on<K extends keyof FreshnessWatchEvents>(
    event: K,
    listener: (payload: FreshnessWatchEvents[K]) => void,
  ): () => void {
    return this.events.on(event, listener);
  }

  /** Is this completed purge checked (so what is told of it waits for the verdict)? */
  willCheck(purge: PurgeRequest): boolean {
    return purge.state === 'completed' && purge.url !== undefined && this.options.enabled();
  }

  /**
   * What the CDN serves for each URL now (when checks are on): kept with the purge submitted
   * for it, so its verdict can say whether the content changed.
   */
  async probe(urls: readonly string[]): Promise<ReadonlyMap<string, CdnAnswer> | undefined> {
    if (!this.options.enabled()) return undefined;
    return probeBeforePurges(urls, { ...this.ports(), timeoutMs: PROBE_TIMEOUT_MS });
  }

  /** Ends the checks in progress and starts no other. */
  close(): void {
    this.closed.abort();
    this.queue.length = 0;
  }

  private begin(purge: PurgeRequest): void {
    const { tracker, clock } = this.options;
    const since = clock.now();
    if (isWildcard(purge.url ?? '')) {
      // Nothing to ask: a wildcard cannot be checked whole. Said at once.
      const verdict = notChecked(WILDCARD_NOT_CHECKED, since);
      if (tracker.setFreshness(purge.requestId, verdict)) this.told(purge.requestId);
      return;
    }
    tracker.setFreshness(purge.requestId, { verdict: 'checking', since, checks: 0 });
    this.enqueue(purge.requestId);
  }

  private enqueue(requestId: string): void {
    if (this.closed.signal.aborted || this.inFlight.has(requestId)) return;
    if (this.queue.includes(requestId)) return;
    this.queue.push(requestId);
    this.next();
  }

  private next(): void {
    while (this.inFlight.size < CONCURRENT_CHECKS && this.queue.length > 0) {
      const requestId = this.queue.shift()!;
      this.inFlight.add(requestId);
      this.check(requestId)
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => {
          this.inFlight.delete(requestId);
          this.next();
        });
    }
  }

  private async check(requestId: string): Promise<void> {
    const { tracker } = this.options;
    const purge = tracker.get(requestId);
    const checking = purge?.freshness;
    if (!purge?.url || checking?.verdict !== 'checking') return;
    const target = {
      url: purge.url,
      submittedAt: purge.submittedAt,
      since: checking.since,
      ...(purge.before ? { before: purge.before } : {}),
    };
    const freshness = await verifyFreshness(target, this.ports());
    // Closing ends a check with what it found so far: kept `checking`, it resumes at the next start.
    if (this.closed.signal.aborted) return;
    if (tracker.setFreshness(requestId, freshness)) this.told(requestId);
  }

  private told(requestId: string): void {
    const purge = this.options.tracker.get(requestId);
    if (purge) this.events.emit('checked', purge);
  }

  private ports() {
    const { fetch, clock, userAgent, recheck, timeoutMs } = this.options;
    return {
      fetch,
      clock,
      userAgent,
      signal: this.closed.signal,
      ...(recheck ? { recheck } : {}),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    };
  }
}
