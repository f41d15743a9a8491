// The command line's top level: parse, dispatch, and turn every failure into one line on
// stderr and an exit code. Never a stack trace, never the key, never a raw control character.
import { VERSION } from '../shared/version';
import type { CliContext } from './cli-context';
import type { Invocation } from './args';
import { parseInvocation } from './args';
import { CliError, ExitCode } from './exit-codes';
import { accountsCommand } from './accounts-command';
import { keyCommand } from './key-command';
import { Output } from './output';
import { purgeCommand } from './purge-command';
import { SafeText } from './safe-text';
import { statsCommand } from './stats-command';
import { statusCommand } from './status-command';
import { stopExitCode, whenStopped } from './stop';
import { USAGE, usageOf } from './usage';
import { waitCommand } from './wait-command';

/**
 * Where a command's results and errors go (`--json` is read before parsing, so there is an
 * Output to report a usage error with), with the key masked in every line.
 */
export function cliOutput(
  argv: readonly string[],
  context: Pick<CliContext, 'env' | 'stdout' | 'stderr'>,
): Output {
  const safe = new SafeText();
  safe.addSecret(context.env.IMAGEKIT_PRIVATE_KEY);
  return new Output(context.stdout, context.stderr, argv.includes('--json'), safe, context.env);
}

/** Runs one command; `output` is the entry point's when its ports report too (cliOutput). */
export async function runCli(
  argv: readonly string[],
  context: CliContext,
  output: Output = cliOutput(argv, context),
): Promise<ExitCode> {
  try {
    const invocation = parseInvocation(argv);
    // A signal ends every command at once, e.g. while it reads stdin or the keychain. Once a
    // command has said it reports its own stop (wait names what was pending), it says what; else
    // one line here says which command was interrupted.
    return await Promise.race([
      dispatch(invocation, context, output),
      whenStopped(context.stop).then((reason) => {
        output.stopped(reason, invocation.command.replace('-', ' '));
        return stopExitCode(reason);
      }),
    ]);
  } catch (error) {
    if (error instanceof CliError) {
      output.error(error.message);
      return error.exitCode;
    }
    output.error(`unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    return ExitCode.failed;
  }
}

async function dispatch(
  invocation: Invocation,
  context: CliContext,
  output: Output,
): Promise<ExitCode> {
  switch (invocation.command) {
    case 'help': {
      const topic = invocation.helpTopic;
      const usage = topic ? usageOf(topic) : USAGE;
      // --json: one object, as every command prints (the text is ours: no key, no control).
      if (output.json) writeJson(context, { ...(topic ? { command: topic } : {}), usage });
      else context.stdout.write(usage);
      return ExitCode.ok;
    }
    case 'version':
      if (output.json) writeJson(context, { version: VERSION });
      else context.stdout.write(`${VERSION}\n`);
      return ExitCode.ok;
    case 'status':
      return statusCommand(context, invocation.operands, invocation.account, output);
    case 'wait':
      return waitCommand(context, invocation.operands, invocation, output);
    case 'purge':
      return purgeCommand(context, invocation.operands, invocation, output);
    case 'key-set':
      return keyCommand(context, 'set', invocation.account, output, invocation.checkKey);
    case 'key-status':
      return keyCommand(context, 'status', invocation.account, output);
    case 'key-delete':
      return keyCommand(context, 'delete', invocation.account, output);
    case 'accounts':
      return accountsCommand(context, output);
    case 'stats':
      return statsCommand(context, invocation.account, output);
  }
}

/** One JSON line of the CLI's own text, its line breaks kept (Output.result would fold them). */
function writeJson(context: CliContext, data: object): void {
  context.stdout.write(`${JSON.stringify(data)}\n`);
}
