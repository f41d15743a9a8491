// `purge-watch key set | status | delete`: the private key in the OS keychain.
// A keychain that cannot be used (no Secret Service or D-Bus, locked, not answering) exits 5.
import { KeychainError } from '../core/keychain';
import type { CliContext } from './cli-context';
import { keychainFailure, keySource } from './cli-context';
import { CliError, ExitCode } from './exit-codes';
import { readAll } from './operands';
import type { Output } from './output';
import { hasControlCharacters, promptHidden } from './hidden-prompt';

export async function keyCommand(
  context: CliContext,
  action: 'set' | 'status' | 'delete',
  output: Output,
): Promise<ExitCode> {
  const keys = keySource(context);
  output.safe.addSecret(context.env.IMAGEKIT_PRIVATE_KEY);
  const keychain = context.keychain.describe();
  try {
    if (action === 'set') {
      const key = context.stdin.isTTY
        ? await promptHidden(context.stdin, context.stderr, 'ImageKit private API key: ')
        : await readAll(context.stdin);
      output.safe.addSecret(key);
      if (hasControlCharacters(key.trim())) {
        throw new CliError(
          'The key contains control characters (an arrow key or a terminal escape?) and was not stored: type or paste it again.',
          ExitCode.usage,
        );
      }
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
    if (status.problem) throw new CliError(status.problem, ExitCode.keychain);
    const where =
      status.source === 'environment'
        ? 'from IMAGEKIT_PRIVATE_KEY (environment)'
        : status.source === 'keychain'
          ? `stored in ${keychain}`
          : `not set (neither IMAGEKIT_PRIVATE_KEY nor ${keychain} holds one)`;
    output.result(`Private key: ${where}`, { source: status.source, keychain });
    return status.source === 'none' ? ExitCode.auth : ExitCode.ok;
  } catch (error) {
    if (error instanceof KeychainError) throw keychainFailure(error);
    throw error;
  }
}
