// `purge-watch accounts`: every ImageKit account the commands can use, the default first: its
// name, where its key comes from (keychain, environment), which is the default. Never a key.
import { caseClashWords } from '../shared/account';
import type { CliContext } from './cli-context';
import { listAccounts } from './account-choice';
import { keychainNotInstalled, keychainProblem } from './cli-context';
import { CliError, ExitCode } from './exit-codes';
import type { Output } from './output';

export async function accountsCommand(context: CliContext, output: Output): Promise<ExitCode> {
  const { accounts, problem, caseClashes } = await listAccounts(context);
  if (accounts.length === 0) {
    const installed = !(await keychainNotInstalled(context));
    if (problem !== undefined && installed) throw keychainProblem(problem);
    throw new CliError(
      installed
        ? 'No account yet: set IMAGEKIT_PRIVATE_KEY, or store a key with purge-watch key set [--account NAME].'
        : 'No account yet: set IMAGEKIT_PRIVATE_KEY (keychain support is not installed here).',
      ExitCode.auth,
    );
  }
  const width = Math.max(...accounts.map((account) => account.name.length));
  for (const account of accounts) {
    const human = `${account.name.padEnd(width)}  ${account.source}${account.isDefault ? '  (default)' : ''}`;
    output.result(human.trimEnd(), account);
  }
  // What is listed is right, but the keychain's accounts are missing from it.
  if (problem !== undefined) output.error(`the keychain's accounts are not listed: ${problem}`);
  // Listed as they are (each may hold a key of its own), and said.
  if (caseClashes) output.error(caseClashWords(caseClashes));
  return ExitCode.ok;
}
