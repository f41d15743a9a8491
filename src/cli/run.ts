// The command line's top level: parse, dispatch, and turn every failure into one line on
// stderr and an exit code. Never a stack trace, never the key.
import { VERSION } from '../shared/version';
import type { CliContext } from './cli-context';
import { parseInvocation } from './args';
import { CliError, ExitCode } from './exit-codes';
import { keyCommand } from './key-command';
import { Output } from './output';
import { purgeCommand } from './purge-command';
import { statusCommand } from './status-command';
import { USAGE } from './usage';
import { waitCommand } from './wait-command';

export async function runCli(argv: readonly string[], context: CliContext): Promise<ExitCode> {
  // Read before parsing, so there is an Output to report a usage error with.
  const output = new Output(context.stdout, context.stderr, argv.includes('--json'));
  try {
    const invocation = parseInvocation(argv);
    switch (invocation.command) {
      case 'help':
        context.stdout.write(USAGE);
        return ExitCode.ok;
      case 'version':
        context.stdout.write(`${VERSION}\n`);
        return ExitCode.ok;
      case 'status':
        return await statusCommand(context, invocation.operands, output);
      case 'wait':
        return await waitCommand(context, invocation.operands, invocation.timeoutMs, output);
      case 'purge':
        return await purgeCommand(context, invocation.operands, invocation, output);
      case 'key-set':
        return await keyCommand(context, 'set', output);
      case 'key-status':
        return await keyCommand(context, 'status', output);
      case 'key-delete':
        return await keyCommand(context, 'delete', output);
    }
  } catch (error) {
    if (error instanceof CliError) {
      output.error(error.message);
      return error.exitCode;
    }
    output.error(`unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    return ExitCode.failed;
  }
}
