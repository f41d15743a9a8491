// `purge-watch status <id>...`: one status request per ID, retried on transient errors and
// after a rate limit's reset.
import type { StatusOutcome } from '../core/imagekit-client';
import type { CliContext } from './cli-context';
import { apiClient, pollScale, sleep } from './cli-context';
import { ExitCode } from './exit-codes';
import { requestIdOperands } from './operands';
import type { Output } from './output';
import { describeError, errorData } from './output';

const ATTEMPTS = 3;
const FIRST_RETRY_MS = 1_000;

export async function statusCommand(
  context: CliContext,
  operands: readonly string[],
  output: Output,
): Promise<ExitCode> {
  const ids = await requestIdOperands(operands, context.stdin);
  const client = apiClient(context);
  let exitCode: ExitCode = ExitCode.ok;
  for (const requestId of ids) {
    const outcome = await withRetries(context, () => client.getPurgeStatus(requestId));
    if (outcome.ok) {
      output.result(`${requestId}  ${outcome.status}`, { requestId, status: outcome.status });
      continue;
    }
    output.result(`${requestId}  error: ${describeError(outcome.error)}`, {
      requestId,
      error: errorData(outcome.error),
    });
    if (outcome.error.kind === 'auth') {
      output.error(outcome.error.message);
      return ExitCode.auth;
    }
    exitCode = ExitCode.failed;
  }
  return exitCode;
}

async function withRetries(
  context: CliContext,
  attempt: () => Promise<StatusOutcome>,
): Promise<StatusOutcome> {
  const scale = pollScale(context);
  let outcome = await attempt();
  for (let retry = 1; retry < ATTEMPTS && !outcome.ok; retry++) {
    const { error } = outcome;
    if (error.kind === 'rate_limited') await sleep(context.clock, error.resetMs ?? FIRST_RETRY_MS);
    else if (error.kind === 'transient')
      await sleep(context.clock, FIRST_RETRY_MS * 2 ** (retry - 1) * scale);
    else break;
    outcome = await attempt();
  }
  return outcome;
}
