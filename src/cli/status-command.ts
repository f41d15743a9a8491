// `purge-watch status <id>...`: one answer per ID, printed in the order given. Each account asks
// through its own lane (core/accounts/account-lanes.ts, as the tracker does), with the app's learned
// budget (ImageKit limits each account on its own), and failures are retried by the app's
// retry policy (ONE_ANSWER_RETRIES): a 429 holds that account's requests until its reset, a
// transient error backs off. An ID of unknown account is looked up as the tracker looks it up
// (core/accounts/account-lookup.ts); where the tracker would wait for a refused key, `status` answers
// with the refusal. `status` is a question asked once: it waits out a 429 only while its reset
// comes within RATE_LIMIT_PATIENCE_MS of the command's start; a longer hold is the answer for
// every ID of that account still open ("rate limited for another …", exit 1).
import { AccountLane } from '../core/accounts/account-lane';
import { AccountLanes } from '../core/accounts/account-lanes';
import type { StatusOutcome } from '../core/imagekit/imagekit-answer';
import { DEFAULT_SCHEDULE } from '../core/tracking/poll-schedule';
import { ONE_ANSWER_RETRIES, RetryPolicy } from '../core/imagekit/retry-policy';
import { plausibleSubmissionTime } from '../core/input/request-id';
import { estimatePurge } from '../shared/duration-estimate';
import { formatDuration } from '../shared/format';
import type { ApiError } from '../shared/purge';
import { chooseAccounts } from './account-choice';
import type { CliContext } from './cli-context';
import { pollScale, requestBudget, scaledSchedule } from './cli-context';
import { estimateData, durationHistory } from './duration-figures';
import { ConnectionWatch, isNoAnswer, NO_ANSWER_GIVE_UP_REQUESTS } from './connection-watch';
import { ExitCode } from './exit-codes';
import { requestIdOperands } from './operands';
import type { Output, ShownError } from './output';
import {
  accountError,
  errorData,
  interruptedError,
  resultLine,
  sayIgnoredRateLimits,
} from './output';
import { stopExitCode, whenStopped } from './stop';

/**
 * The longest `status` waits for ImageKit's rate limit, from its start: a 429 whose reset comes
 * later answers the IDs of its account (a one-shot question; `wait` waits any hold out).
 */
export const RATE_LIMIT_PATIENCE_MS = 30_000;

/** One ID's answer; `shared`: an error already said once on stderr for several IDs. */
interface Answer {
  outcome: StatusOutcome | { ok: false; error: ShownError };
  shared?: boolean;
}

export async function statusCommand(
  context: CliContext,
  operands: readonly string[],
  account: string | undefined,
  output: Output,
): Promise<ExitCode> {
  const ids = await requestIdOperands(operands, context.stdin);
  const schedule = { ...DEFAULT_SCHEDULE, ...scaledSchedule(pollScale(context)) };
  // The app's budget: the share (PURGE_WATCH_RATE_SHARE) of what ImageKit's rate-limit headers
  // advertise, learned from every answer; 2 a second until the first answer says more.
  const budget = requestBudget(context);
  const history = durationHistory(context, output);
  const { clock } = context;
  const { used, several } = await chooseAccounts(context, output, { account, lookup: true });
  const waitsEnd = clock.monotonic() + RATE_LIMIT_PATIENCE_MS;
  const watch = new ConnectionWatch(clock);
  const lanes = new AccountLanes(
    (name, api) =>
      new AccountLane(name, api, {
        clock,
        schedule,
        history,
        budget,
        pauses: [],
        run: (lane, requestId) => check(lane, requestId),
        // A check that threw (a bug) is that ID's answer: the command must not wait for it forever.
        onCheckError: (_lane, requestId, error) => {
          if (ended) return;
          const reason = error instanceof Error ? error.message : String(error);
          answer(requestId, {
            outcome: {
              ok: false,
              error: { kind: 'protocol', message: `Purge Watch could not check it: ${reason}` },
            },
          });
        },
        onIgnoredRateLimit: () => sayIgnoredRateLimits(output, lanes.ignoredRateLimits(), several),
      }),
  );
  lanes.set(used.map(({ name, api }) => ({ name, api: watch.watched(api) })));
  /** Each ID's account: the one that knows it, or while it is looked up, the one asked now. */
  const owners = new Map<string, string>();
  const lookingUp = new Set<string>();
  const answers = new Map<string, Answer>();
  const retries = new RetryPolicy(ONE_ANSWER_RETRIES, schedule);
  let printed = 0;
  let ended = false;
  let failed = false;
  /** Some ID's answer is a refused key (exit 4). */
  let refused = false;
  /** The accounts a 429 holds longer than `status` waits, and what their IDs are answered. */
  const heldTooLong = new Map<string, ShownError>();
  let finish: (code: ExitCode) => void = () => undefined;
  const finished = new Promise<ExitCode>((resolve) => (finish = resolve));

  const check = async (lane: AccountLane, requestId: string): Promise<void> => {
    const outcome = await lane.askStatus(requestId);
    // Answered or sent on meanwhile (its account's key was refused while this was in flight).
    if (ended || answers.has(requestId) || owners.get(requestId) !== lane.name) return;
    if (!outcome.ok) {
      const { error } = outcome;
      if (error.kind === 'auth') return refuse(lane, error);
      if (isNoAnswer(error) && watch.streak >= NO_ANSWER_GIVE_UP_REQUESTS) {
        return end(ExitCode.failed, error);
      }
      if (error.kind === 'not_found' && lookingUp.has(requestId)) {
        return lookOn(requestId, lane.name);
      }
      const retry = retries.failed(requestId, error);
      if (retry?.kind === 'hold' && clock.monotonic() + retry.waitMs > waitsEnd) {
        return rateLimitedTooLong(lane, retry.waitMs);
      }
      if (retry) {
        lane.retryLater(requestId, retry);
        return;
      }
    }
    lookingUp.delete(requestId);
    answer(requestId, { outcome });
  };

  /** Ask `name` about the ID now (within its budget), unless its rate limit holds too long. */
  const ask = (requestId: string, name: string) => {
    owners.set(requestId, name);
    const held = heldTooLong.get(name);
    if (held) return answer(requestId, { outcome: { ok: false, error: held }, shared: true });
    lanes.find(name)!.checkAt({ requestId }, clock.now());
  };

  /**
   * A 429 holds `lane`'s account for `waitMs`, past what `status` waits: one line on stderr, and
   * every ID still open with that account (or sent to it later by a lookup) is answered so.
   */
  const rateLimitedTooLong = (lane: AccountLane, waitMs: number) => {
    const held = accountError<ShownError>(
      {
        kind: 'rate_limited',
        message: `ImageKit's rate limit holds requests for another ${formatDuration(waitMs)}; status waits at most ${formatDuration(RATE_LIMIT_PATIENCE_MS)} for it: ask again then, or use purge-watch wait.`,
      },
      lane.name,
      several,
    );
    heldTooLong.set(lane.name, held);
    failed = true;
    output.error(held.message);
    for (const requestId of ids) {
      if (owners.get(requestId) !== lane.name || answers.has(requestId)) continue;
      lookingUp.delete(requestId);
      lane.stop(requestId);
      answer(requestId, { outcome: { ok: false, error: held }, shared: true });
    }
  };

  /**
   * The ID is not `after`'s, or `after`'s key is refused: the next account that can answer is
   * asked; when none is left, the answer is a refused account's refusal, or "not found".
   */
  const lookOn = (requestId: string, after: string) => {
    retries.answered(requestId);
    const step = lanes.lookupStep(after);
    if (step.kind === 'ask') return ask(requestId, step.account);
    lookingUp.delete(requestId);
    owners.set(requestId, step.account);
    if (step.kind === 'held') return answerRefused(requestId, step.account);
    answer(requestId, {
      outcome: { ok: false, error: { kind: 'not_found', message: step.message } },
    });
  };

  /** The refusal of `name`'s key, as said on stderr. */
  const refusal = (name: string): ShownError =>
    accountError(errorData(lanes.find(name)!.keyProblem!), name, several);

  const answerRefused = (requestId: string, name: string) => {
    refused = true;
    answer(requestId, { outcome: { ok: false, error: refusal(name) }, shared: true });
  };

  /**
   * ImageKit refused the key of `lane`'s account: one line on stderr; the IDs it was asked about
   * are looked up further, or answered with the refusal. The other accounts' go on.
   */
  const refuse = (lane: AccountLane, error: ApiError) => {
    if (lane.holdForKey(error)) output.error(refusal(lane.name).message);
    for (const requestId of ids) {
      if (owners.get(requestId) !== lane.name || answers.has(requestId)) continue;
      if (lookingUp.has(requestId)) lookOn(requestId, lane.name);
      else answerRefused(requestId, lane.name);
    }
  };

  const answer = (requestId: string, result: Answer) => {
    if (answers.has(requestId)) return;
    answers.set(requestId, result);
    printReady();
    if (printed === ids.length) end(exitCode());
  };

  const exitCode = (): ExitCode =>
    refused ? ExitCode.auth : failed ? ExitCode.failed : ExitCode.ok;

  /** Prints the answers that are next in the order given. */
  const printReady = () => {
    for (; printed < ids.length; printed++) {
      const requestId = ids[printed]!;
      const result = answers.get(requestId);
      if (!result) return;
      const { outcome } = result;
      const owner = owners.get(requestId)!;
      if (outcome.ok) {
        const now = clock.now();
        const submittedAt = plausibleSubmissionTime(requestId, now);
        const estimate =
          outcome.completed || submittedAt === undefined
            ? undefined
            : estimatePurge(submittedAt, now, history.summary(owner));
        output.result(resultLine(requestId, several ? owner : undefined, outcome.status), {
          requestId,
          account: owner,
          status: outcome.status,
          ...estimateData(estimate),
        });
        continue;
      }
      const error = errorData(outcome.error);
      if (!result.shared) {
        failed = true;
        output.idError(requestId, error, { account: owner });
      } else output.saidBefore(requestId, error, { account: owner });
    }
  };

  /** Ends the command: an error shared by every ID not answered yet (a signal's too), or a stop. */
  const end = (code: ExitCode, error?: ShownError) => {
    if (ended) return;
    if (error) {
      printReady();
      output.error(error.message);
      const open = ids.filter((requestId) => !answers.has(requestId));
      for (const requestId of open)
        answers.set(requestId, { outcome: { ok: false, error }, shared: true });
      printReady();
    }
    ended = true;
    lanes.close();
    finish(code);
  };

  // A signal is said once, naming the IDs not answered (with --json, an object each); a closed
  // stdout ends it quietly.
  output.reportsItsStop();
  void whenStopped(context.stop).then((reason) => {
    if (reason === 'EPIPE') return end(stopExitCode(reason));
    const open = ids.filter((requestId) => !answers.has(requestId));
    end(
      stopExitCode(reason),
      interruptedError(reason, open, ids.length, 'request ID', 'not answered'),
    );
  });
  for (const requestId of ids) {
    const start = lanes.startingAccount(undefined);
    if (start.accountLookup) lookingUp.add(requestId);
    ask(requestId, start.account!);
  }
  return finished;
}
