// Request IDs and URLs from the command line, checked before any request is sent.
import { parsePurgeUrls } from '../core/purge-urls';
import { parseRequestIds } from '../core/request-ids';
import type { InputStream } from './cli-context';
import { CliError, ExitCode } from './exit-codes';

/** Each operand is one request ID (or a status URL holding one); "-" reads any number from stdin. */
export async function requestIdOperands(
  operands: readonly string[],
  stdin: InputStream,
): Promise<string[]> {
  const ids: string[] = [];
  for (const operand of operands) {
    if (operand === '-') {
      const parsed = parseRequestIds(await readAll(stdin));
      if (parsed.ids.length === 0) {
        throw new CliError('no request ID found on stdin', ExitCode.usage);
      }
      ids.push(...parsed.ids);
      continue;
    }
    const parsed = parseRequestIds(operand);
    if (parsed.ids.length !== 1 || parsed.rejected.length > 0) {
      const reason = parsed.rejected[0]?.reason ?? 'a request ID has 24 hex characters';
      const shown = parsed.rejected[0]?.text ?? operand.slice(0, 60);
      throw new CliError(`"${shown}" is not a request ID: ${reason}`, ExitCode.usage);
    }
    ids.push(parsed.ids[0]!);
  }
  return [...new Set(ids)];
}

/** Each operand must be an http(s) URL. */
export function urlOperands(operands: readonly string[]): string[] {
  const parsed = parsePurgeUrls(operands.join('\n'));
  const problem = parsed.rejected[0];
  if (problem)
    throw new CliError(`"${problem.text}" cannot be purged: ${problem.reason}`, ExitCode.usage);
  return parsed.urls;
}

export async function readAll(stream: InputStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  return text;
}
