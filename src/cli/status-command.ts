// `purge-watch status <id>...`: one answer per ID, printed in the order given. Each account asks
// through its own PollScheduler, with the app's learned budget (ImageKit limits each account on
// its own), and failures are retried by the app's retry policy (ONE_ANSWER_RETRIES): a 429 holds
// that account's requests until its reset, a transient error backs off. An ID of unknown account
// is asked of each account in turn, as the tracker does (core/account-lookup.ts).
import { nextAccount, startingAccount, unknownToEveryAccount } from '../core/account-lookup';
import type { PurgeStatusApi, StatusOutcome } from '../core/imagekit-client';
import { DEFAULT_SCHEDULE } from '../core/poll-schedule';
import { PollScheduler } from '../core/poll-scheduler';
import { ONE_ANSWER_RETRIES, RetryPolicy } from '../core/retry-policy';
import { plausibleSubmissionTime } from '../core/request-ids';
import { estimatePurge } from '../shared/duration-estimate';
import type { ApiError } from '../shared/purge';
import { chooseAccounts } from './account-choice';
import type { CliContext } from './cli-context';
import { pollScale, requestBudget, scaledSchedule } from './cli-context';
import { estimateData, readDurationHistory } from './duration-figures';
import { ConnectionWatch, isNoAnswer, NO_ANSWER_GIVE_UP_REQUESTS } from './connection-watch';
import { ExitCode } from './exit-codes';
import { requestIdOperands } from './operands';
import type { Output, ShownError } from './output';
import { accountError, errorData, resultLine } from './output';
import { stopExitCode, whenStopped } from './stop';

/** One ID's answer; `shared`: an error already said once on stderr for several IDs. */
interface Answer {
  outcome: StatusOutcome | { ok: false; error: ShownError };
  shared?: boolean;
}

interface Lane {
  api: PurgeStatusApi;
  scheduler: PollScheduler;
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
  const history = readDurationHistory(context);
  const { clock } = context;
  const { used, several } = await chooseAccounts(context, output, { account, lookup: true });
  const order = used.map((chosen) => chosen.name);
  const watch = new ConnectionWatch(clock);
  const lanes = new Map<string, Lane>();
  /** Each ID's account: the one that knows it, or while it is looked up, the one asked now. */
  const owners = new Map<string, string>();
  const lookingUp = new Set<string>();
  /** The accounts whose key ImageKit refused, and what was said. */
  const refused = new Map<string, ShownError>();
  const answers = new Map<string, Answer>();
  const retries = new RetryPolicy(ONE_ANSWER_RETRIES, schedule);
  let printed = 0;
  let ended = false;
  let failed = false;
  let finish: (code: ExitCode) => void = () => undefined;
  const finished = new Promise<ExitCode>((resolve) => (finish = resolve));

  const check = async (name: string, requestId: string): Promise<void> => {
    const lane = lanes.get(name)!;
    const outcome = await lane.api.getPurgeStatus(requestId);
    lane.scheduler.learn(outcome.rateLimit);
    // Answered meanwhile (its account's key was refused while this check was in flight).
    if (ended || answers.has(requestId)) return;
    if (!outcome.ok) {
      const { error } = outcome;
      if (error.kind === 'auth') return refuse(name, error);
      if (isNoAnswer(error) && watch.streak >= NO_ANSWER_GIVE_UP_REQUESTS) {
        return end(ExitCode.failed, error);
      }
      if (error.kind === 'not_found' && lookingUp.has(requestId)) return notHere(name, requestId);
      const retry = retries.failed(requestId, error);
      if (retry) {
        lane.scheduler.retry(requestId, retry);
        return;
      }
    }
    lookingUp.delete(requestId);
    answer(requestId, { outcome });
  };

  for (const { name, api } of used) {
    const scheduler = new PollScheduler({
      clock,
      budget,
      run: (requestId) => check(name, requestId),
      // A check that threw (a bug) is that ID's answer: the command must not wait for it forever.
      onCheckError: (requestId, error) => {
        if (ended) return;
        const reason = error instanceof Error ? error.message : String(error);
        answer(requestId, {
          outcome: {
            ok: false,
            error: { kind: 'protocol', message: `Purge Watch could not check it: ${reason}` },
          },
        });
      },
    });
    lanes.set(name, { api: watch.watched(api), scheduler });
  }

  /** Ask `name` about the ID, or answer at once when that account's key was refused. */
  const ask = (requestId: string, name: string) => {
    owners.set(requestId, name);
    const refusal = refused.get(name);
    if (refusal) answer(requestId, { outcome: { ok: false, error: refusal }, shared: true });
    else lanes.get(name)!.scheduler.schedule(requestId, clock.now());
  };

  /** "No request found" from `name` while looking the ID up: the next account, or none knows it. */
  const notHere = (name: string, requestId: string) => {
    retries.answered(requestId);
    const next = nextAccount(order, name);
    if (next !== undefined) return ask(requestId, next);
    lookingUp.delete(requestId);
    owners.set(requestId, order[0]!); // no account knows it: the default's, as in the tracker
    const message = unknownToEveryAccount(order);
    answer(requestId, { outcome: { ok: false, error: { kind: 'not_found', message } } });
  };

  /**
   * ImageKit refused `name`'s key: one line on stderr, and that answer for each ID it holds (now
   * or later); the other accounts' IDs are still answered.
   */
  const refuse = (name: string, error: ApiError) => {
    if (refused.has(name)) return;
    const shown = accountError(errorData(error), name, several);
    refused.set(name, shown);
    lanes.get(name)!.scheduler.dispose();
    output.error(shown.message);
    for (const requestId of ids) {
      if (owners.get(requestId) === name && !answers.has(requestId)) ask(requestId, name);
    }
  };

  const answer = (requestId: string, result: Answer) => {
    if (answers.has(requestId)) return;
    answers.set(requestId, result);
    printReady();
    if (printed === ids.length) end(exitCode());
  };

  const exitCode = (): ExitCode =>
    refused.size > 0 ? ExitCode.auth : failed ? ExitCode.failed : ExitCode.ok;

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
      } else if (output.json) {
        output.result('', { requestId, account: owner, error });
      }
    }
  };

  /** Ends the command: an error shared by every ID not answered yet, or a stop. */
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
    for (const { scheduler } of lanes.values()) scheduler.dispose();
    finish(code);
  };

  void whenStopped(context.stop).then((reason) => end(stopExitCode(reason)));
  const start = startingAccount(order, undefined);
  for (const requestId of ids) {
    if (start.accountLookup) lookingUp.add(requestId);
    ask(requestId, start.account!);
  }
  return finished;
}
