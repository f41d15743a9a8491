// `purge-watch purge <url>...`: submit each purge, print its request ID; `--wait` then waits.
import type { CliContext } from './cli-context';
import { apiClient } from './cli-context';
import { ExitCode } from './exit-codes';
import { urlOperands } from './operands';
import type { Output } from './output';
import { describeError, errorData } from './output';
import type { WaitTarget } from './wait-command';
import { waitForPurges } from './wait-command';

export async function purgeCommand(
  context: CliContext,
  operands: readonly string[],
  options: { wait: boolean; timeoutMs: number },
  output: Output,
): Promise<ExitCode> {
  const urls = urlOperands(operands);
  const client = apiClient(context);
  const accepted: WaitTarget[] = [];
  let exitCode: ExitCode = ExitCode.ok;
  for (const url of urls) {
    const outcome = await client.submitPurge(url);
    if (outcome.ok) {
      accepted.push({ requestId: outcome.requestId, url });
      output.result(`${url}  ${outcome.requestId}`, { url, requestId: outcome.requestId });
      continue;
    }
    output.result(`${url}  error: ${describeError(outcome.error)}`, {
      url,
      error: errorData(outcome.error),
    });
    if (outcome.error.kind === 'auth') {
      output.error(outcome.error.message);
      return ExitCode.auth;
    }
    exitCode = ExitCode.failed;
  }
  if (!options.wait || accepted.length === 0) return exitCode;
  const waited = await waitForPurges(context, client, accepted, options.timeoutMs, output);
  return waited === ExitCode.ok ? exitCode : waited;
}
