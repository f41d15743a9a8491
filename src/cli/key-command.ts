// `purge-watch key set | status | delete [--account NAME]`: an account's private key in the OS
// keychain (without --account: the account "default", and `key status` says which key the
// commands use). `key set` with a new name adds the account. A keychain that cannot be used (no
// Secret Service or D-Bus, locked, not answering) exits 5.
import { ENVIRONMENT_KEY_IS_READ_ONLY } from '../core/key-source';
import { KeychainError } from '../core/keychain';
import { caseVariantProblem, ENVIRONMENT_ACCOUNT } from '../shared/account';
import { keyCommandAccount } from './account-choice';
import type { CliContext } from './cli-context';
import { keychainFailure, keychainProblem, keySource } from './cli-context';
import { CliError, ExitCode } from './exit-codes';
import { readAll } from './operands';
import type { Output } from './output';
import { hasControlCharacters, promptHidden } from './hidden-prompt';

export async function keyCommand(
  context: CliContext,
  action: 'set' | 'status' | 'delete',
  account: string | undefined,
  output: Output,
): Promise<ExitCode> {
  const keys = keySource(context);
  output.safe.addSecret(context.env.IMAGEKIT_PRIVATE_KEY);
  const keychain = context.keychain.describe();
  const name = keyCommandAccount(context, account, action);
  /** `--account`'s name in a line, and in a JSON object. */
  const of = account === undefined ? '' : ` of "${account}"`;
  const named = account === undefined ? {} : { account };
  if (action !== 'status' && name === ENVIRONMENT_ACCOUNT) {
    throw new CliError(ENVIRONMENT_KEY_IS_READ_ONLY, ExitCode.usage);
  }
  try {
    // Moves the key of a version before accounts to "default" first, so that it is read,
    // replaced or deleted as that account's (a keychain that cannot be listed fails below).
    const before = await keys.accounts();
    if (action === 'set') {
      // A new account's name may not differ from an existing one's only in case (asked before
      // the key is typed).
      const taken = caseVariantProblem(
        name,
        before.accounts.map((listed) => listed.name),
      );
      if (taken) throw new CliError(taken, ExitCode.usage);
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
      await context.keychain.setPrivateKey(key, name);
      const added = before.problem === undefined && !before.accounts.some((a) => a.name === name);
      const what = added && account !== undefined ? ` (a new account)` : '';
      output.result(`Stored the private key${of} in ${keychain}${what}.`, {
        stored: true,
        keychain,
        ...named,
      });
      if (context.env.IMAGEKIT_PRIVATE_KEY && account === undefined) {
        output.error('note: IMAGEKIT_PRIVATE_KEY is set and takes precedence over the keychain');
      }
      return ExitCode.ok;
    }
    if (action === 'delete') {
      const deleted = await context.keychain.deletePrivateKey(name);
      output.result(
        deleted
          ? `Deleted the private key${of} from ${keychain}.`
          : `No private key${of} was stored in ${keychain}.`,
        { deleted, keychain, ...named },
      );
      return ExitCode.ok;
    }
    const status = await keys.status(name);
    if (status.problem) throw keychainProblem(status.problem);
    const where =
      status.source === 'environment'
        ? 'from IMAGEKIT_PRIVATE_KEY (environment)'
        : status.source === 'keychain'
          ? `stored in ${keychain}`
          : account === undefined
            ? `not set (neither IMAGEKIT_PRIVATE_KEY nor ${keychain} holds one)`
            : `not set (no such account: purge-watch accounts lists them)`;
    output.result(`Private key${of}: ${where}`, { source: status.source, keychain, ...named });
    return status.source === 'none' ? ExitCode.auth : ExitCode.ok;
  } catch (error) {
    if (error instanceof KeychainError) throw keychainFailure(error);
    throw error;
  }
}
