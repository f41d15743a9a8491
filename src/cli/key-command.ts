// `purge-watch key set | status | delete [--account NAME]`: an account's private key in the OS
// keychain (without --account: the account "default", and `key status` says which key the
// commands use). `key set` with a new name adds the account; it first asks ImageKit whether the
// key is accepted (not with --no-check), and stores nothing ImageKit refuses (exit 4). A keychain
// that cannot be used (no Secret Service or D-Bus, locked, not answering) exits 5.
import { ENVIRONMENT_KEY_IS_READ_ONLY } from '../core/accounts/key-source';
import { validatePrivateKey } from '../core/imagekit/private-key';
import { KeychainError } from '../core/accounts/keychain';
import { caseVariantProblem, ENVIRONMENT_ACCOUNT } from '../shared/account';
import { keyCommandAccount } from './account-choice';
import type { CliContext } from './cli-context';
import {
  keychainFailure,
  keychainNotInstalled,
  keychainProblem,
  keySource,
  newClient,
} from './cli-context';
import { CliError, ExitCode } from './exit-codes';
import { readAll } from './operands';
import type { Output } from './output';
import { hasControlCharacters, promptHidden } from './hidden-prompt';

export async function keyCommand(
  context: CliContext,
  action: 'set' | 'status' | 'delete',
  account: string | undefined,
  output: Output,
  checkKey = true,
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
      // No keychain support installed, or no keyring to reach (no D-Bus session): nothing to
      // store in, so the key is not even asked for. A locked one is tried: storing may unlock it.
      if (
        before.problem !== undefined &&
        (before.unreachable === true || (await keychainNotInstalled(context)))
      ) {
        throw keychainProblem(before.problem);
      }
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
      const invalid = validatePrivateKey(key);
      if (invalid) throw new CliError(invalid, ExitCode.usage);
      // A keychain that cannot even be listed will not store it either (exit 5): nothing is sent.
      const checked =
        checkKey && before.problem === undefined
          ? await askImageKit(context, key.trim())
          : { checked: false };
      await context.keychain.setPrivateKey(key, name);
      const added = !before.accounts.some((a) => a.name === name);
      const what = added && account !== undefined ? ` (a new account)` : '';
      const verdict = checked.checked ? ' ImageKit accepted it.' : '';
      output.result(`Stored the private key${of} in ${keychain}${what}.${verdict}`, {
        stored: true,
        keychain,
        checked: checked.checked,
        ...named,
      });
      if (checkKey && !checked.checked) {
        output.error(
          `the key was stored but not checked: ${checked.unreachable ?? 'ImageKit was not asked.'}`,
        );
      }
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
    // Without keychain support no key is stored anywhere but IMAGEKIT_PRIVATE_KEY: not set (4).
    const missing = status.problem !== undefined && (await keychainNotInstalled(context));
    if (status.problem && !missing) throw keychainProblem(status.problem);
    const where =
      status.source === 'environment'
        ? 'from IMAGEKIT_PRIVATE_KEY (environment)'
        : status.source === 'keychain'
          ? `stored in ${keychain}`
          : missing
            ? 'not set (set IMAGEKIT_PRIVATE_KEY: keychain support is not installed here)'
            : account !== undefined
              ? `not set (no such account: purge-watch accounts lists them)`
              : before.accounts.length === 0
                ? `not set (neither IMAGEKIT_PRIVATE_KEY nor ${keychain} holds one)`
                : `not set (neither IMAGEKIT_PRIVATE_KEY nor ${keychain} holds the account "default"'s; other accounts' keys are stored: purge-watch accounts lists them, --account NAME checks one)`;
    output.result(`Private key${of}: ${where}`, { source: status.source, keychain, ...named });
    return status.source === 'none' ? ExitCode.auth : ExitCode.ok;
  } catch (error) {
    if (error instanceof KeychainError) throw keychainFailure(error);
    throw error;
  }
}

/** A request ID no purge can have (its time is 1970): ImageKit answers "No request found". */
const NO_SUCH_PURGE = '000000000000000000000000';

/**
 * One status request with the key for a purge that cannot exist: "No request found" (or any
 * answer) means ImageKit accepted the key; a refusal (401/403) is exit 4, before anything is
 * stored. No answer at all, or a rate limit, leaves it unchecked (the key is stored all the same).
 */
async function askImageKit(
  context: CliContext,
  key: string,
): Promise<{ checked: boolean; unreachable?: string }> {
  const outcome = await newClient(context, () => key).getPurgeStatus(NO_SUCH_PURGE);
  if (outcome.ok || outcome.error.kind === 'not_found') return { checked: true };
  const { error } = outcome;
  if (error.kind === 'auth') {
    throw new CliError(
      `ImageKit refused this key (${error.message}): it was not stored.`,
      ExitCode.auth,
    );
  }
  return { checked: false, unreachable: error.message };
}
