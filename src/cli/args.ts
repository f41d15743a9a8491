// Turns argv into a command to run, or a usage error. Pure: nothing is read or sent here.
import { parseArgs } from 'node:util';
import { parseDuration } from './duration';
import { CliError, ExitCode } from './exit-codes';

export type CommandName =
  'status' | 'wait' | 'purge' | 'key-set' | 'key-status' | 'key-delete' | 'help' | 'version';

export interface Invocation {
  command: CommandName;
  /** Request IDs (status, wait) or URLs (purge), as typed. */
  operands: string[];
  json: boolean;
  timeoutMs: number;
  /** `purge --wait`. */
  wait: boolean;
}

export const DEFAULT_TIMEOUT_MS = 30 * 60_000;

const usageError = (message: string) =>
  new CliError(`${message} (run purge-watch --help for usage)`, ExitCode.usage);

export function parseInvocation(argv: readonly string[]): Invocation {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        timeout: { type: 'string' },
        wait: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw usageError(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
  const { values, positionals } = parsed;
  const json = values.json === true;
  const base = { json, operands: [] as string[], timeoutMs: DEFAULT_TIMEOUT_MS, wait: false };
  if (values.help) return { ...base, command: 'help' };
  if (values.version) return { ...base, command: 'version' };

  const [verb, ...rest] = positionals;
  const command = commandFor(verb, rest);
  const operands = command.startsWith('key-') ? [] : rest;

  if (values.wait && command !== 'purge') throw usageError('--wait only applies to purge');
  const waits = command === 'wait' || (command === 'purge' && values.wait === true);
  if (values.timeout !== undefined && !waits) {
    throw usageError('--timeout only applies to wait and purge --wait');
  }
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (values.timeout !== undefined) {
    const parsedTimeout = parseDuration(values.timeout);
    if (parsedTimeout === undefined) {
      throw usageError(`--timeout "${values.timeout}" is not a duration like 90s, 15m or 2h`);
    }
    timeoutMs = parsedTimeout;
  }
  if ((command === 'status' || command === 'wait') && operands.length === 0) {
    throw usageError(`${command} needs at least one request ID`);
  }
  if (command === 'purge' && operands.length === 0)
    throw usageError('purge needs at least one URL');
  return { command, operands, json, timeoutMs, wait: values.wait === true };
}

function commandFor(verb: string | undefined, rest: readonly string[]): CommandName {
  switch (verb) {
    case undefined:
      return 'help';
    case 'status':
    case 'wait':
    case 'purge':
      return verb;
    case 'key': {
      const [action, ...extra] = rest;
      if (extra.length > 0) throw usageError(`key ${action} takes no arguments`);
      if (action === 'set' || action === 'status' || action === 'delete') return `key-${action}`;
      throw usageError(`key needs one of: set, status, delete`);
    }
    default:
      throw usageError(`unknown command "${verb}"`);
  }
}
