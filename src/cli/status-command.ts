// `purge-watch status <id>...`: one answer per ID, printed in the order given. Requests go
// through the app's PollScheduler and its learned budget, and failures are retried by the app's
// retry policy (ONE_ANSWER_RETRIES): a 429 holds every request until its reset, a transient
// error backs off.
import type { StatusOutcome } from '../core/imagekit-client';
import { DEFAULT_SCHEDULE } from '../core/poll-schedule';
import { PollScheduler } from '../core/poll-scheduler';
import { ONE_ANSWER_RETRIES, RetryPolicy } from '../core/retry-policy';
import { plausibleSubmissionTime } from '../core/request-ids';
import { estimatePurge } from '../shared/duration-estimate';
import type { CliContext } from './cli-context';
import { openApi, pollScale, requestBudget, scaledSchedule } from './cli-context';
import { estimateData, readDurationSummary } from './duration-figures';
import { ConnectionWatch, isNoAnswer, NO_ANSWER_GIVE_UP_REQUESTS } from './connection-watch';
import { ExitCode } from './exit-codes';
import { requestIdOperands } from './operands';
import type { Output, ShownError } from './output';
import { stopExitCode, whenStopped } from './stop';

export async function statusCommand(
  context: CliContext,
  operands: readonly string[],
  output: Output,
): Promise<ExitCode> {
  const ids = await requestIdOperands(operands, context.stdin);
  const schedule = { ...DEFAULT_SCHEDULE, ...scaledSchedule(pollScale(context)) };
  // The app's budget: the share (PURGE_WATCH_RATE_SHARE) of what ImageKit's rate-limit headers
  // advertise, learned from every answer; 2 a second until the first answer says more.
  const budget = requestBudget(context);
  const durations = readDurationSummary(context);
  const { clock } = context;
  const api = new ConnectionWatch(await openApi(context, output), clock);
  const answers = new Map<string, StatusOutcome>();
  const retries = new RetryPolicy(ONE_ANSWER_RETRIES, schedule);
  let printed = 0;
  let ended = false;
  let exitCode: ExitCode = ExitCode.ok;
  let finish: (code: ExitCode) => void = () => undefined;
  const finished = new Promise<ExitCode>((resolve) => (finish = resolve));

  const scheduler = new PollScheduler({
    clock,
    budget,
    run: async (requestId): Promise<void> => {
      const outcome = await api.getPurgeStatus(requestId);
      scheduler.learn(outcome.rateLimit);
      if (ended) return;
      if (!outcome.ok) {
        const { error } = outcome;
        if (error.kind === 'auth') return end(ExitCode.auth, error);
        if (isNoAnswer(error) && api.streak >= NO_ANSWER_GIVE_UP_REQUESTS) {
          return end(ExitCode.failed, error);
        }
        const retry = retries.failed(requestId, error);
        if (retry) {
          scheduler.retry(requestId, retry);
          return;
        }
      }
      answer(requestId, outcome);
    },
    // A check that threw (a bug) is that ID's answer: the command must not wait for it forever.
    onCheckError: (requestId, error) => {
      if (ended) return;
      const reason = error instanceof Error ? error.message : String(error);
      answer(requestId, {
        ok: false,
        error: { kind: 'protocol', message: `Purge Watch could not check it: ${reason}` },
      });
    },
  });

  const answer = (requestId: string, outcome: StatusOutcome) => {
    answers.set(requestId, outcome);
    printReady();
    if (printed === ids.length) end(exitCode);
  };

  /** Prints the answers that are next in the order given. */
  const printReady = () => {
    for (; printed < ids.length; printed++) {
      const requestId = ids[printed]!;
      const outcome = answers.get(requestId);
      if (!outcome) return;
      if (outcome.ok) {
        const now = clock.now();
        const submittedAt = plausibleSubmissionTime(requestId, now);
        const estimate =
          outcome.completed || submittedAt === undefined
            ? undefined
            : estimatePurge(submittedAt, now, durations);
        output.result(`${requestId}  ${outcome.status}`, {
          requestId,
          status: outcome.status,
          ...estimateData(estimate),
        });
      } else {
        output.idError(requestId, outcome.error);
        exitCode = ExitCode.failed;
      }
    }
  };

  /** Ends the command: an error shared by every ID not answered yet, or a stop. */
  const end = (code: ExitCode, error?: ShownError) => {
    if (ended) return;
    ended = true;
    scheduler.dispose();
    if (error) {
      printReady();
      output.sharedError(ids.slice(printed), error);
    }
    finish(code);
  };

  void whenStopped(context.stop).then((reason) => end(stopExitCode(reason)));
  for (const requestId of ids) scheduler.schedule(requestId, clock.now());
  return finished;
}
