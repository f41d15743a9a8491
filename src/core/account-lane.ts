// One ImageKit account's polling: the client that sends its key, its own request budget and
// 429 hold (ImageKit limits each account on its own), its key hold, and what its first checks
// learn from its own past purges. The tracker keeps one lane per account.
import type { AccountApiError, ApiError } from '../shared/purge';
import type { Clock } from './clock';
import type { DurationHistory } from './duration-history';
import { FirstCheckLearner } from './first-check-learner';
import type { PurgeStatusApi } from './imagekit-client';
import type { ScheduleOptions } from './poll-schedule';
import type { PollPause, RequestBudget } from './poll-scheduler';
import { PollScheduler } from './poll-scheduler';

/** An account as the tracker is given it: its name and the client that sends its key. */
export interface TrackerAccount {
  name: string;
  api: PurgeStatusApi;
}

export interface AccountLaneOptions {
  clock: Clock;
  schedule: ScheduleOptions;
  history: DurationHistory;
  budget?: RequestBudget;
  /** The pauses every lane holds for now (the user's, sleep, offline). */
  pauses: Iterable<PollPause>;
  run: (lane: AccountLane, requestId: string) => Promise<void>;
  onCheckError: (lane: AccountLane, requestId: string, error: unknown) => void;
}

export class AccountLane {
  readonly scheduler: PollScheduler;
  readonly learner: FirstCheckLearner;
  /** Set while ImageKit refused (or there is no) key: this lane holds until the key changes. */
  authProblem: ApiError | undefined;

  constructor(
    public name: string,
    public api: PurgeStatusApi,
    options: AccountLaneOptions,
  ) {
    this.scheduler = new PollScheduler({
      clock: options.clock,
      budget: options.budget,
      run: (requestId) => options.run(this, requestId),
      onCheckError: (requestId, error) => options.onCheckError(this, requestId, error),
    });
    for (const reason of options.pauses) this.scheduler.pause(reason);
    this.learner = new FirstCheckLearner(options.history, options.schedule, name);
  }

  /** The key changed: lift the hold. False if it held for nothing. */
  clearAuth(): boolean {
    if (!this.authProblem) return false;
    this.authProblem = undefined;
    this.scheduler.resume('auth');
    return true;
  }

  /** The key problem, named with its account; undefined while the key works. */
  get accountProblem(): AccountApiError | undefined {
    return this.authProblem && { ...this.authProblem, account: this.name };
  }
}

/**
 * The client of an account purges still name but that has no key any more (removed, or an
 * IMAGEKIT_PRIVATE_KEY no longer set): every request is refused before it is sent, so those
 * purges hold, as under a refused key, until the account is back or they are moved.
 */
export function accountWithoutKey(name: string): PurgeStatusApi {
  const refused = async (): Promise<{ ok: false; error: ApiError }> => ({
    ok: false,
    error: {
      kind: 'auth',
      message: `No key is set up for the account "${name}": add its key again, or move its purges to another account.`,
    },
  });
  return { getPurgeStatus: refused, submitPurge: refused };
}
