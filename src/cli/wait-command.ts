// `purge-watch wait <id>...` (and `purge --wait`): the engine's tracker, in memory, with the
// accounts chosen (each polled in its own lane; an ID of unknown account is looked up account by
// account), until every purge has completed, failed or had its account's key refused, ImageKit
// has not answered at all for NO_ANSWER_GIVE_UP_MS, --timeout passes, or a signal stops it.
import type { TimerHandle } from '../core/clock';
import type { DurationHistory } from '../core/storage/duration-history';
import type { RequestBudget } from '../core/tracking/request-budget';
import { notChecked } from '../core/freshness/freshness-check';
import { Tracker } from '../core/tracking/tracker';
import { estimatePurge } from '../shared/duration-estimate';
import { formatDuration } from '../shared/format';
import type { AccountApiError, PurgeRequest } from '../shared/purge';
import type { ChosenAccounts } from './account-choice';
import { chooseAccounts } from './account-choice';
import type { CliContext } from './cli-context';
import { pollScale, requestBudget, scaledSchedule } from './cli-context';
import { ConnectionWatch, NO_ANSWER_GIVE_UP_MS } from './connection-watch';
import { estimateData, durationHistory } from './duration-figures';
import { ExitCode } from './exit-codes';
import type { Invocation } from './args';
import type { FreshnessReport } from './freshness-step';
import { FreshnessStep, freshnessData, freshnessSuffix, worstOf } from './freshness-step';
import { requestIdOperands } from './operands';
import type { Output, ShownError } from './output';
import {
  accountError,
  errorData,
  interruptedError,
  resultLine,
  sayIgnoredRateLimits,
} from './output';
import type { StopReason } from './stop';
import { stopExitCode, whenStopped } from './stop';

interface WaitTarget {
  /** Canonical (lowercase), as the tracker keys it. */
  requestId: string;
  /** Known when this run submitted the purge. */
  url?: string;
}

/** How long a wait may take, how it shows its progress, what it checks at the CDN. */
export type WaitOptions = Pick<Invocation, 'timeoutMs' | 'progress' | 'progressEveryMs' | 'verify'>;

/** `purge-watch wait <id>...`. */
export async function waitCommand(
  context: CliContext,
  operands: readonly string[],
  options: WaitOptions & { account?: string },
  output: Output,
): Promise<ExitCode> {
  const ids = await requestIdOperands(operands, context.stdin);
  const scale = pollScale(context);
  const budget = requestBudget(context);
  const verify = options.verify && new FreshnessStep(context, options.verify, scale);
  verify?.checkNamedUrlsForIds(ids);
  const accounts = await chooseAccounts(context, output, {
    account: options.account,
    lookup: true,
  });
  const waiter = new PurgeWaiter(context, accounts, output, scale, budget, verify);
  // No account given to `add`: with several, each ID is looked up (the default first).
  await waiter.tracker.add(ids);
  for (const requestId of ids) waiter.expect({ requestId });
  return waiter.wait(options);
}

/**
 * A tracker with no store, and what the CLI prints as its purges settle. `purge` submits
 * through `tracker` (so a 429 is waited out as in the app) and then `expect`s what it waits for.
 * A refused key ends the wait for its account's purges only. With `verify`, a completed purge is
 * reported once the CDN has been checked for it; a stale verdict exits 6.
 */
export class PurgeWaiter {
  readonly tracker: Tracker;
  /** Whether ImageKit answers: every request of the tracker's passes through it. */
  readonly watch: ConnectionWatch;
  private readonly targets: WaitTarget[] = [];
  private readonly unsettled = new Set<string>();
  /** IDs for which ImageKit has said something other than completed (e.g. Pending). */
  private readonly answeredBefore = new Set<string>();
  /** The accounts whose key ImageKit refused, and what was said. */
  private readonly refused = new Map<string, ShownError>();
  /** More than one account exists: lines name each purge's account. */
  private readonly several: boolean;
  private exitCode: ExitCode = ExitCode.ok;
  private ended: ExitCode | undefined;
  private closed = false;
  private finish: (code: ExitCode) => void = () => undefined;
  private readonly finished = new Promise<ExitCode>((resolve) => (this.finish = resolve));
  private silenceTimer: TimerHandle | undefined;
  private readonly noAnswerLimitMs: number;
  private startedAt: number;
  /** How long each account's purges take, from the app's history (read at start). */
  private readonly history: DurationHistory;
  /** Completed purges whose CDN check is in progress. */
  private readonly verifying = new Set<string>();
  /** Some purge's CDN still served its old copy: exit 6 if nothing worse happens. */
  private stale = false;

  constructor(
    private readonly context: CliContext,
    accounts: ChosenAccounts,
    private readonly output: Output,
    scale: number,
    budget: RequestBudget,
    private readonly verify?: FreshnessStep,
  ) {
    const { clock } = context;
    this.noAnswerLimitMs = NO_ANSWER_GIVE_UP_MS * scale;
    this.startedAt = clock.now();
    this.history = durationHistory(context, output);
    this.several = accounts.several;
    this.watch = new ConnectionWatch(clock);
    this.tracker = new Tracker({
      accounts: accounts.used.map(({ name, api }) => ({ name, api: this.watch.watched(api) })),
      clock,
      schedule: scaledSchedule(scale),
      budget,
      // What this command sees complete goes into the app's history (stats, estimates).
      history: this.history,
      // A bug that threw in the engine or in one of this command's handlers: said, and the
      // command ends (exit 1) rather than wait on for a report that will never come.
      onError: (error) => this.broke(error),
    });
    this.tracker.on('changed', ({ updated }) => {
      for (const purge of updated) {
        if (purge.state === 'pending' && purge.status !== '')
          this.answeredBefore.add(purge.requestId);
      }
      // A lookup that ended at an account whose key was refused: it waits for nothing more.
      this.endRefused(updated.map((purge) => purge.requestId));
    });
    this.tracker.on('status', (status) =>
      sayIgnoredRateLimits(output, status.ignoredRateLimits, this.several),
    );
    this.tracker.on('completed', (purge) => this.settle(purge));
    this.tracker.on('failed', (purge) => this.settle(purge));
    this.tracker.on('auth-required', (error) => this.refuse(error));
    this.watch.onSilence(() => this.armSilenceTimer());
  }

  /** Wait for this purge (already tracked). */
  expect(target: WaitTarget): void {
    if (this.ended !== undefined || this.unsettled.has(target.requestId)) return;
    this.targets.push(target);
    this.unsettled.add(target.requestId);
    const purge = this.tracker.get(target.requestId);
    if (purge && purge.state !== 'pending') this.settle(purge);
  }

  /**
   * Until every expected purge has settled, or the wait ends otherwise: at the latest after
   * `timeLeftMs` (`purge` spent the rest of its --timeout submitting).
   */
  async wait(options: WaitOptions, timeLeftMs = options.timeoutMs): Promise<ExitCode> {
    const { timeoutMs } = options;
    const { clock } = this.context;
    this.startedAt = clock.now();
    if (this.unsettled.size === 0 && this.ended === undefined) this.end(this.finalCode());
    const timeout = clock.setTimeout(() => this.timedOut(timeoutMs), timeLeftMs);
    let ticker: TimerHandle | undefined;
    const style = this.output.progressStyle(options.progress);
    const tick = () => {
      if (style === 'live') this.output.progress(this.progressLine());
      // The first line after one period: a wait that ends sooner prints none.
      else if (ticker !== undefined) this.output.progressLine(this.pendingLine());
      ticker = clock.setTimeout(tick, style === 'live' ? 1_000 : options.progressEveryMs);
    };
    if (style !== 'none' && this.ended === undefined) tick();
    this.output.reportsItsStop();
    void whenStopped(this.context.stop).then((reason) => this.stopped(reason));

    const code = await this.finished;
    clock.clearTimeout(timeout);
    if (ticker !== undefined) clock.clearTimeout(ticker);
    this.close();
    return code;
  }

  /** Stop polling and every timer. */
  close(): void {
    this.verify?.stop();
    if (this.silenceTimer !== undefined) this.context.clock.clearTimeout(this.silenceTimer);
    this.silenceTimer = undefined;
    this.output.clearProgress();
    if (this.closed) return;
    this.closed = true;
    this.tracker.close(); // writes what the history recorded
    if (this.history.problem) this.output.error(this.history.problem);
  }

  private settle(purge: PurgeRequest): void {
    if (this.ended !== undefined || !this.unsettled.has(purge.requestId)) return;
    if (purge.state === 'completed' && this.verify) {
      if (this.verifying.has(purge.requestId)) return;
      this.verifying.add(purge.requestId);
      void this.verify.check(purge).then((report) => {
        if (!this.verifying.delete(purge.requestId) || this.ended !== undefined) return;
        this.unsettled.delete(purge.requestId);
        this.output.clearProgress();
        if (worstOf(report).verdict === 'stale') this.stale = true;
        this.printCompleted(purge, report);
        if (this.unsettled.size === 0) this.end(this.finalCode());
      });
      return;
    }
    this.unsettled.delete(purge.requestId);
    this.output.clearProgress();
    if (purge.state === 'completed') this.printCompleted(purge);
    else {
      if (this.exitCode === ExitCode.ok) this.exitCode = ExitCode.failed;
      const error: ShownError =
        purge.state === 'given_up'
          ? {
              kind: 'given_up',
              message: `still ${purge.status || 'unanswered'} ${formatDuration(this.context.clock.now() - purge.submittedAt)} after submission`,
            }
          : (purge.lastError ?? {
              kind: 'not_found',
              message: 'No request found for this requestId.',
            });
      this.output.idError(purge.requestId, error, this.labelData(purge));
    }
    if (this.unsettled.size === 0) this.end(this.finalCode());
  }

  /** The exit code once every purge has settled: a failure's, else 6 when an edge was stale. */
  private finalCode(): ExitCode {
    return this.exitCode === ExitCode.ok && this.stale ? ExitCode.stale : this.exitCode;
  }

  /**
   * The wait ends (timeout, signal) while the CDN is checked for these completed purges: each is
   * reported completed, its check cut short (unknown).
   */
  private cutVerificationShort(why: string): void {
    const now = this.context.clock.now();
    for (const requestId of this.verifying) {
      const purge = this.tracker.get(requestId);
      this.unsettled.delete(requestId);
      if (!purge) continue;
      this.printCompleted(purge, { checks: [notChecked(`not checked: ${why}`, now)] });
    }
    this.verifying.clear();
    this.verify?.stop();
  }

  /**
   * "Completed after 20s" is the time from submission to the check that saw it completed. When
   * the very first answer already says completed, that is only an upper bound: for an ID this run
   * did not submit it is the ID's age, so it says "already completed" instead.
   */
  private printCompleted(purge: PurgeRequest, freshness?: FreshnessReport): void {
    const took = (purge.completedAt ?? this.context.clock.now()) - purge.submittedAt;
    const firstAnswer = !this.answeredBefore.has(purge.requestId);
    const datable = purge.url !== undefined || purge.submittedAt !== purge.addedAt;
    const data = {
      requestId: purge.requestId,
      ...this.labelData(purge),
      status: purge.status,
      ...(datable ? { durationMs: took } : {}),
      ...(firstAnswer
        ? { alreadyCompleted: purge.url === undefined, durationIsUpperBound: true }
        : {}),
      ...(freshness ? { verify: freshnessData(freshness) } : {}),
    };
    const human = !firstAnswer
      ? `${purge.status} after ${formatDuration(took)}`
      : purge.url
        ? `${purge.status} within ${formatDuration(took)}`
        : `${purge.status} (already completed at the first answer)`;
    const verdict = freshness ? freshnessSuffix(freshness, purge.url) : '';
    this.output.result(this.label(purge, human + verdict), data);
  }

  /**
   * ImageKit refused an account's key (or it has none): said once on stderr. The purges waited
   * for that it holds end with that error (the tracker has sent the IDs still looking for their
   * account on to the others first); the other accounts' go on. Exit code 4 once one has.
   */
  private refuse(error: AccountApiError): void {
    if (this.ended !== undefined) return;
    const shown = accountError(errorData(error), error.account, this.several);
    this.refused.set(error.account, shown);
    this.output.clearProgress();
    this.output.error(shown.message);
    this.endRefused(this.unsettled);
  }

  /** Those of these purges whose account's key is refused end with that refusal. */
  private endRefused(requestIds: Iterable<string>): void {
    let ended = 0;
    for (const requestId of [...requestIds]) {
      const refusal = this.refused.get(this.tracker.get(requestId)?.account ?? '');
      if (!refusal || this.ended !== undefined || !this.unsettled.delete(requestId)) continue;
      this.output.clearProgress();
      this.output.saidBefore(requestId, refusal, this.dataFor(requestId));
      this.exitCode = ExitCode.auth;
      ended += 1;
    }
    if (ended > 0 && this.unsettled.size === 0) this.end(this.finalCode());
  }

  /** ImageKit has not answered at all since `watch.silentSince`: give up once that is too long. */
  private armSilenceTimer(): void {
    if (this.silenceTimer !== undefined || this.watch.silentSince === undefined) return;
    const { clock } = this.context;
    const left = this.watch.silentSince + this.noAnswerLimitMs - clock.now();
    this.silenceTimer = clock.setTimeout(
      () => {
        this.silenceTimer = undefined;
        const since = this.watch.silentSince;
        if (since === undefined || this.ended !== undefined || this.unsettled.size === 0) return;
        if (clock.now() - since < this.noAnswerLimitMs) return this.armSilenceTimer();
        const last = this.watch.lastError?.message ?? 'ImageKit could not be reached.';
        this.output.clearProgress();
        this.output.sharedError(
          this.unsettled,
          {
            kind: 'transient',
            message: `${last} No answer from ImageKit for ${formatDuration(clock.now() - since)}: giving up.`,
          },
          (id) => this.dataFor(id),
        );
        this.end(ExitCode.failed);
      },
      Math.max(0, left),
    );
  }

  private timedOut(timeoutMs: number): void {
    if (this.ended !== undefined) return;
    this.output.clearProgress();
    const limit = `--timeout ${formatDuration(timeoutMs)}`;
    this.cutVerificationShort(`${limit} reached`);
    for (const requestId of this.unsettled) {
      const purge = this.tracker.get(requestId);
      // The purge's own last error (kept while polling goes on); it is cleared by an answer.
      const lastError = purge?.lastError ? ` (last error: ${purge.lastError.message})` : '';
      const message = purge?.status
        ? `still ${purge.status} after ${limit}${lastError}`
        : !purge || purge.checks === 0
          ? `not checked yet after ${limit}${this.heldBy()}`
          : `still unanswered after ${limit}${lastError}`;
      this.output.idError(requestId, { kind: 'timeout', message }, this.dataFor(requestId));
    }
    // A purge that already failed, or a refused key, wins: a script that tolerates a timeout
    // (`|| [ $? -eq 3 ]`) must still see it.
    this.end(this.exitCode === ExitCode.ok ? ExitCode.timeout : this.exitCode);
  }

  /**
   * Why a purge was never checked, when ImageKit's last answer was a 429: a check it holds is not
   * made, so nothing else would say that ImageKit did answer, every time, "not now".
   */
  private heldBy(): string {
    const held = this.watch.checkHeldBy;
    return held
      ? `: ImageKit's rate limit (HTTP 429) held every check (last answer: ${held.message})`
      : '';
  }

  private stopped(reason: StopReason): void {
    if (this.ended !== undefined) return;
    if (reason !== 'EPIPE') {
      this.output.clearProgress();
      this.cutVerificationShort(`interrupted by ${reason}`);
      const pending = [...this.unsettled];
      this.output.sharedError(
        pending,
        interruptedError(reason, pending, this.targets.length, 'purge', 'still pending'),
        (id) => this.dataFor(id),
      );
    }
    this.end(stopExitCode(reason));
  }

  private broke(error: unknown): void {
    const what = error instanceof Error ? error.message : String(error);
    this.output.errorOnce(`internal error (a bug in purge-watch, please report it): ${what}`);
    this.end(ExitCode.failed);
  }

  private end(code: ExitCode): void {
    if (this.ended !== undefined) return;
    this.ended = code;
    this.finish(code);
  }

  private progressLine(): string {
    const total = this.targets.length;
    const elapsed = formatDuration(this.context.clock.now() - this.startedAt);
    const error = this.watch.lastError;
    const estimate = this.estimateWords();
    const checking =
      this.verifying.size > 0 ? ` · checking the CDN for ${this.verifying.size}` : '';
    return `Waiting for ${this.unsettled.size} of ${total} purge${total === 1 ? '' : 's'} · ${elapsed} elapsed${checking}${estimate ? ` · ${estimate}` : ''}${error ? ` · last error: ${error.message}` : ''}`;
  }

  /**
   * A progress line for a log: how many purges are still pending and for how long, the one
   * pending longest (since its submission), and the last error if any.
   */
  private pendingLine(): string {
    const now = this.context.clock.now();
    const total = this.targets.length;
    const pending = [...this.unsettled].flatMap((id) => this.tracker.get(id) ?? []);
    const longest = pending.reduce<PurgeRequest | undefined>(
      (oldest, purge) => (oldest && oldest.submittedAt <= purge.submittedAt ? oldest : purge),
      undefined,
    );
    const error = this.watch.lastError;
    return [
      `${this.unsettled.size} of ${total} purge${total === 1 ? '' : 's'} still pending after ${formatDuration(now - this.startedAt)}`,
      ...(longest
        ? [
            `longest pending: ${longest.requestId} (${formatDuration(now - longest.submittedAt)} since submission)`,
          ]
        : []),
      ...(error ? [`last error: ${error.message}`] : []),
    ].join('; ');
  }

  /**
   * The estimate of the purge expected last (the newest submitted still pending), or "taking
   * longer than usual" when any is: what the wait as a whole can expect.
   */
  private estimateWords(): string | undefined {
    const now = this.context.clock.now();
    const pending = [...this.unsettled].flatMap((id) => {
      const purge = this.tracker.get(id);
      return purge?.state === 'pending' ? [purge] : [];
    });
    const estimates = pending
      .sort((a, b) => b.submittedAt - a.submittedAt)
      .map((purge) => estimatePurge(purge.submittedAt, now, this.summaryOf(purge)));
    const slow = estimates.find((estimate) => estimate?.slow);
    return (slow ?? estimates[0])?.text;
  }

  private dataFor(requestId: string): object {
    const purge = this.tracker.get(requestId);
    if (!purge) return {};
    const estimate =
      purge.state === 'pending'
        ? estimatePurge(purge.submittedAt, this.context.clock.now(), this.summaryOf(purge))
        : undefined;
    return {
      ...this.labelData(purge),
      ...(purge.status ? { status: purge.status } : {}),
      ...estimateData(estimate),
    };
  }

  /** How long the purge's account's purges take. */
  private summaryOf(purge: PurgeRequest) {
    return purge.account === undefined ? undefined : this.history.summary(purge.account);
  }

  private labelData(purge: PurgeRequest): object {
    return { account: purge.account, ...(purge.url ? { url: purge.url } : {}) };
  }

  /** `<id>  [<account>]  [<url>]  <what>`: the account when several exist. */
  private label(purge: PurgeRequest, what: string): string {
    const account = this.several ? purge.account : undefined;
    return resultLine(purge.requestId, account, ...(purge.url ? [purge.url] : []), what);
  }
}
