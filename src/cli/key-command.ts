// `purge-watch key set | status | delete`: the private key in the OS keychain.
import { KeychainError } from '../core/keychain';
import type { CliContext, InputStream, OutputStream } from './cli-context';
import { keySource } from './cli-context';
import { CliError, ExitCode } from './exit-codes';
import { readAll } from './operands';
import type { Output } from './output';

export async function keyCommand(
  context: CliContext,
  action: 'set' | 'status' | 'delete',
  output: Output,
): Promise<ExitCode> {
  const keys = keySource(context);
  const keychain = context.keychain.describe();
  try {
    if (action === 'set') {
      const key = context.stdin.isTTY
        ? await promptHidden(context.stdin, context.stderr, 'ImageKit private API key: ')
        : await readAll(context.stdin);
      await context.keychain.setPrivateKey(key);
      output.result(`Stored the private key in ${keychain}.`, { stored: true, keychain });
      if (context.env.IMAGEKIT_PRIVATE_KEY) {
        output.error('note: IMAGEKIT_PRIVATE_KEY is set and takes precedence over the keychain');
      }
      return ExitCode.ok;
    }
    if (action === 'delete') {
      const deleted = await context.keychain.deletePrivateKey();
      output.result(
        deleted
          ? `Deleted the private key from ${keychain}.`
          : `No private key was stored in ${keychain}.`,
        { deleted, keychain },
      );
      return ExitCode.ok;
    }
    const status = await keys.status();
    if (status.problem) throw new CliError(status.problem, ExitCode.failed);
    const where =
      status.source === 'environment'
        ? 'from IMAGEKIT_PRIVATE_KEY (environment)'
        : status.source === 'keychain'
          ? `stored in ${keychain}`
          : `not set (neither IMAGEKIT_PRIVATE_KEY nor ${keychain} holds one)`;
    output.result(`Private key: ${where}`, { source: status.source, keychain });
    return status.source === 'none' ? ExitCode.auth : ExitCode.ok;
  } catch (error) {
    if (error instanceof KeychainError) {
      throw new CliError(
        error.message,
        error.kind === 'invalid' ? ExitCode.usage : ExitCode.failed,
      );
    }
    throw error;
  }
}

/** Reads one line from a terminal without echoing it. */
function promptHidden(stdin: InputStream, stderr: OutputStream, prompt: string): Promise<string> {
  stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed = '';
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString()) {
        if (char === '\r' || char === '\n' || char === '\u0004') return done();
        if (char === '\u0003') return done(new CliError('cancelled', ExitCode.usage));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    const done = (error?: Error) => {
      stdin.removeListener?.('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause?.();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    stdin.setRawMode?.(true);
    stdin.on?.('data', onData);
    stdin.resume?.();
  });
}
