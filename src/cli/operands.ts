// Request IDs and URLs from the command line or stdin, checked before any request is sent.
import { parsePurgeUrls } from '../core/input/purge-urls';
import { parseRequestIds } from '../core/input/request-ids';
import type { InputStream } from './cli-context';
import { CliError, ExitCode } from './exit-codes';
import { echoedToken } from './safe-text';

/**
 * Each operand is one request ID (or a status URL holding one); "-" reads any number from stdin
 * (a list, the purge API's JSON, a curl transcript). Anything on stdin meant as an ID but not
 * one is a usage error, as it is in an argument.
 */
export async function requestIdOperands(
  operands: readonly string[],
  stdin: InputStream,
): Promise<string[]> {
  const ids: string[] = [];
  for (const operand of operands) {
    if (operand === '-') {
      const text = await readAll(stdin);
      const parsed = parseRequestIds(text);
      const bad = parsed.rejected[0];
      if (bad) {
        throw new CliError(
          `"${bad.text}" on stdin is not a request ID: ${bad.reason}`,
          ExitCode.usage,
        );
      }
      if (parsed.ids.length === 0) {
        throw new CliError(`no request ID found on stdin ${describeInput(text)}`, ExitCode.usage);
      }
      // One at a time: spread into push(), 130,000 IDs overflow the stack.
      for (const id of parsed.ids) ids.push(id);
      continue;
    }
    const parsed = parseRequestIds(operand);
    if (parsed.ids.length !== 1 || parsed.rejected.length > 0) {
      const reason = parsed.rejected[0]?.reason ?? 'a request ID has 24 hex characters';
      const shown = parsed.rejected[0]?.text ?? echoedToken(operand);
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

/** All of a stream, decoded as UTF-8 once (a character split across two chunks stays whole). */
export async function readAll(stream: InputStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** What was read instead, so an error body piped from curl explains itself (never a key). */
function describeInput(text: string): string {
  const firstLine = text.split(/\r?\n/).find((line) => line.trim() !== '');
  if (firstLine === undefined) return '(it was empty)';
  return `(it starts: ${echoedToken(firstLine.trim())})`;
}
