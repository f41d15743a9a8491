// `purge-watch purge <url>...`: submit each purge through the tracker with the account named or
// the default one (a 429 is waited out as in the app, within --timeout), print
// `<request ID>  <url>`; `--wait` then waits for what was accepted.
import { parseRequestIds } from '../core/input/request-ids';
import { formatDuration } from '../shared/format';
import type { CdnAnswer } from '../shared/purge';
import { spentAPurge } from '../shared/purge';
import { MAY_HAVE_BEEN_SUBMITTED } from '../shared/state-words';
import { chooseAccounts } from './account-choice';
import type { CliContext } from './cli-context';
import { pollScale, requestBudget } from './cli-context';
import { ExitCode } from './exit-codes';
import { FreshnessStep } from './freshness-step';
import { urlOperands } from './operands';
import { confirmMany, purgeLedger, QuotaCount, readUse } from './purge-quota';
import type { Output } from './output';
import { accountError, errorData, listedInALine, resultLine } from './output';
import { stopExitCode, stopReason } from './stop';
import type { WaitOptions } from './wait-command';
import { PurgeWaiter } from './wait-command';

export async function purgeCommand(
  context: CliContext,
  operands: readonly string[],
  options: WaitOptions & { wait: boolean; account?: string; maxPurges: number },
  output: Output,
): Promise<ExitCode> {
  const urls = urlOperands(operands);
  const scale = pollScale(context);
  const budget = requestBudget(context);
  const verify = options.verify && new FreshnessStep(context, options.verify, scale);
  verify?.checkNamedUrlsFor(urls);
  const accounts = await chooseAccounts(context, output, {
    account: options.account,
    lookup: false,
  });
  const account = accounts.used[0]!.name;
  const shownAccount = accounts.several ? account : undefined;
  // The month's quota: checked before anything is sent, each purge that may spend one counted.
  const ledger = purgeLedger(context, output);
  await confirmMany(context, urls.length, options.maxPurges, readUse(ledger, account, output));
  const count = new QuotaCount(ledger, account, output);
  const waiter = new PurgeWaiter(context, accounts, output, scale, budget, verify);
  // Without --wait nothing is checked: a status request would only spend the account's rate limit
  // (and, sent between two submissions, delay the next one).
  if (!options.wait) waiter.tracker.pause('user');
  // --verify: what the CDN serves before the purges, so the report can say if the content changed.
  const before: ReadonlyMap<string, CdnAnswer> | undefined = await verify?.probeBeforePurge(urls);
  let exitCode: ExitCode = ExitCode.ok;
  let accepted = 0;
  /** The index of the URL being submitted, while it is. */
  let submitting: number | undefined;
  // --timeout bounds the submissions, with or without --wait (a 429 may hold them for an hour):
  // once it passes, the URL being submitted and those after it are said, as for a signal, and
  // the wait gets no time.
  const { clock } = context;
  // On the clock timers run on: a wall clock set forward meanwhile takes nothing from it.
  const submittingSince = clock.monotonic();
  let timeUp: () => void = () => undefined;
  const timedOut = new Promise<undefined>((resolve) => (timeUp = () => resolve(undefined)));
  const deadline = clock.setTimeout(() => timeUp(), options.timeoutMs);
  // A signal ends the command before this loop sees it (run.ts): said from the signal itself.
  output.reportsItsStop();
  context.stop?.addEventListener('abort', () => {
    if (submitting === undefined) return;
    // Sent and unanswered: ImageKit may have made it. Else it waited out a 429: not sent.
    const sent = waiter.watch.submissionsUnanswered > 0;
    if (sent) count.add();
    count.done();
    // A closed stdout (`purge … | head -1`) too: stderr may still be read, and a script that took
    // the first ID would otherwise never learn that the other URLs were not purged.
    const reason = stopReason(context.stop!);
    const words = reason === 'EPIPE' ? 'stopped: stdout was closed' : `interrupted by ${reason}`;
    sayUnsent(output, { kind: 'interrupted', words }, account, urls.slice(submitting), sent);
  });
  // A long rate-limit hold is said, or the command would sit silent for up to an hour.
  waiter.watch.onRateLimited(({ resetMs }) => {
    if (submitting === undefined || resetMs === undefined || resetMs < SAID_HOLD_MS) return;
    output.error(
      `ImageKit answered 429: its rate limit holds purges for another ${formatDuration(resetMs)}.`,
    );
  });
  try {
    for (const [index, url] of urls.entries()) {
      submitting = index;
      const results = await Promise.race([waiter.tracker.submit([url], account, before), timedOut]);
      if (results === undefined) {
        // Sent and unanswered: ImageKit may have made it (counted, never sent again).
        const sent = waiter.watch.submissionsUnanswered > 0;
        submitting = undefined;
        if (sent) count.add();
        const words = `--timeout ${formatDuration(options.timeoutMs)} reached`;
        sayUnsent(output, { kind: 'timeout', words }, account, urls.slice(index), sent);
        exitCode = ExitCode.failed;
        break;
      }
      const [result] = results;
      submitting = undefined;
      if (context.stop?.aborted) {
        // Stopped: said above (what was being submitted is unknown: its request was abandoned).
        waiter.close();
        return stopExitCode(stopReason(context.stop));
      }
      if (result && spentAPurge(result)) count.add();
      if (result?.error) {
        const { error } = result;
        if (error.kind === 'auth') {
          const shown = accountError(errorData(error), account, accounts.several);
          if (output.json) output.result('', { url, account, error: shown });
          // Said on stderr by the waiter, which hears every refused key.
          waiter.close();
          count.done();
          return ExitCode.auth;
        }
        // Its answer was lost after it may have reached ImageKit: said, and never sent again.
        const unknown = result.mayHaveBeenSubmitted === true;
        output.itemError(
          url,
          { url, account, ...(unknown ? { mayHaveBeenSubmitted: true } : {}) },
          unknown ? { ...error, message: `${error.message} ${MAY_HAVE_BEEN_SUBMITTED}` } : error,
        );
        exitCode = ExitCode.failed;
        continue;
      }
      // What the tracker keys the purge by; a returned ID that is not one was not tracked.
      const requestId = parseRequestIds(result?.requestId ?? '').ids[0];
      if (requestId === undefined || waiter.tracker.get(requestId) === undefined) {
        output.itemError(
          url,
          { url, account },
          {
            kind: 'protocol',
            message: 'ImageKit accepted the purge but sent no usable request ID.',
          },
        );
        exitCode = ExitCode.failed;
        continue;
      }
      output.result(resultLine(requestId, shownAccount, url), { requestId, account, url });
      accepted += 1;
      if (options.wait) waiter.expect({ requestId, url });
    }
  } finally {
    clock.clearTimeout(deadline);
  }
  count.done();
  if (!options.wait || accepted === 0) {
    waiter.close();
    return exitCode;
  }
  const timeLeftMs = Math.max(0, options.timeoutMs - (clock.monotonic() - submittingSince));
  const waited = await waiter.wait(options, timeLeftMs);
  // A URL that failed (or was not sent) wins over the timeout and over an old copy at the CDN,
  // as a failed purge does in `wait`.
  const failedWins =
    waited === ExitCode.ok || waited === ExitCode.timeout || waited === ExitCode.stale;
  return failedWins && exitCode !== ExitCode.ok ? exitCode : waited;
}

/** A 429 asking to wait this long or longer is said on stderr while `purge` submits. */
const SAID_HOLD_MS = 10_000;

/**
 * Stopped (a signal, stdout closed by its reader, --timeout) while the first of `urls` was being
 * submitted and before the others were sent: each said, with --json one object each. When it was
 * `sent` (its request abandoned unanswered), ImageKit may have made the purge, and it is never
 * sent again.
 */
function sayUnsent(
  output: Output,
  why: { kind: 'interrupted' | 'timeout'; words: string },
  account: string,
  urls: readonly string[],
  sent: boolean,
): void {
  const { kind, words } = why;
  const [submitting, ...rest] = urls;
  if (sent) {
    output.itemError(
      submitting!,
      { url: submitting, account, mayHaveBeenSubmitted: true },
      { kind, message: `${words} while it was being submitted. ${MAY_HAVE_BEEN_SUBMITTED}` },
    );
  }
  const unsent = sent ? rest : urls;
  if (unsent.length === 0) return;
  const notSent = { kind, message: `${words} before it was sent: not purged` };
  if (output.json) for (const url of unsent) output.result('', { url, account, error: notSent });
  output.error(
    `${words}: ${unsent.length} URL${unsent.length === 1 ? '' : 's'} not sent: ${listedInALine(unsent)}`,
  );
}
