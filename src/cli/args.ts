// Turns argv into a command to run, or a usage error. Pure: nothing is read or sent here.
// A usage error never echoes a pasted key: tokens are shown through `echoedToken`.
import { parseArgs } from 'node:util';
import { parsePurgeUrls } from '../core/input/purge-urls';
import { accountNameProblem, ENVIRONMENT_ACCOUNT } from '../shared/account';
import { parseDuration } from './duration';
import { CliError, ExitCode } from './exit-codes';
import { echoedToken, redactApiKeys } from './safe-text';
import type { HelpTopic } from './usage';

type CommandName =
  | 'status'
  | 'wait'
  | 'purge'
  | 'stats'
  | 'key-set'
  | 'key-status'
  | 'key-delete'
  | 'accounts'
  | 'help'
  | 'version';

export interface Invocation {
  command: CommandName;
  /** Request IDs (status, wait) or URLs (purge), as typed. */
  operands: string[];
  json: boolean;
  timeoutMs: number;
  /** `purge --wait`. */
  wait: boolean;
  /** `--account NAME`: the ImageKit account to use (status, wait, purge, stats, key). */
  account?: string;
  /** `help <command>`, `<command> --help`: whose usage to show (undefined: the whole help). */
  helpTopic?: HelpTopic;
  /** `key set`: ask ImageKit whether it accepts the key before storing it (not with --no-check). */
  checkKey: boolean;
  /** How a wait shows progress (`--progress`): see Output.progressStyle. */
  progress: ProgressOption;
  /** `--progress-every`: how often a progress line is printed (lines). */
  progressEveryMs: number;
  /** `purge --max-purges N`: more URLs than this need a yes at a terminal. */
  maxPurges: number;
  /** `--verify` on wait and purge --wait: check at the CDN what each completed purge serves. */
  verify?: VerifyOption;
}

/** What `--verify`, `--verify-url` and `--verify-head` ask for. */
export interface VerifyOption {
  /** `--verify-url [<id>=]<url>`: URLs to check, for one ID or for the purges they fall under. */
  urls: NamedVerifyUrl[];
  method: 'GET' | 'HEAD';
}

interface NamedVerifyUrl {
  url: string;
  /** Canonical (lowercase), when given as `<id>=<url>`. */
  requestId?: string;
}

const PROGRESS_OPTIONS = ['auto', 'lines', 'none'] as const;
export type ProgressOption = (typeof PROGRESS_OPTIONS)[number];
const DEFAULT_PROGRESS_EVERY_MS = 60_000;

const DEFAULT_TIMEOUT_MS = 30 * 60_000;

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  timeout: { type: 'string' },
  wait: { type: 'boolean' },
  account: { type: 'string' },
  'no-check': { type: 'boolean' },
  progress: { type: 'string' },
  'progress-every': { type: 'string' },
  'max-purges': { type: 'string' },
  verify: { type: 'boolean' },
  'verify-url': { type: 'string', multiple: true },
  'verify-head': { type: 'boolean' },
} as const;
/** The options that take a value: the next word is it, whatever it starts with. */
const VALUED = [
  '--timeout',
  '--account',
  '--progress',
  '--progress-every',
  '--max-purges',
  '--verify-url',
];
const DEFAULT_MAX_PURGES = 100;
const TOPICS: readonly HelpTopic[] = ['status', 'wait', 'purge', 'stats', 'key', 'accounts'];

const usageError = (message: string) =>
  new CliError(`${message} (run purge-watch --help for usage)`, ExitCode.usage);

export function parseInvocation(argv: readonly string[]): Invocation {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinOptionValues(argv),
      allowPositionals: true,
      strict: true,
      options: OPTIONS,
    });
  } catch (error) {
    throw usageError(describeParseError(error, argv));
  }
  const { values, positionals } = parsed;
  const json = values.json === true;
  const base = {
    json,
    operands: [] as string[],
    timeoutMs: DEFAULT_TIMEOUT_MS,
    wait: false,
    checkKey: true,
    progress: 'auto' as ProgressOption,
    progressEveryMs: DEFAULT_PROGRESS_EVERY_MS,
    maxPurges: DEFAULT_MAX_PURGES,
  };
  const [verb, ...rest] = positionals;
  if (verb === 'help') return { ...base, command: 'help', ...helpTopic(rest[0]) };
  if (values.help) return { ...base, command: 'help', ...helpTopic(verb) };
  if (values.version) return { ...base, command: 'version' };

  const command = commandFor(verb, rest);
  const operands = command.startsWith('key-') ? [] : rest;

  if (values.wait && command !== 'purge') throw usageError('--wait only applies to purge');
  if (values['no-check'] && command !== 'key-set') {
    throw usageError('--no-check only applies to key set');
  }
  const waits = command === 'wait' || (command === 'purge' && values.wait === true);
  // `purge` without --wait: --timeout bounds its submissions (a 429 may hold them for an hour).
  if (values.timeout !== undefined && command !== 'wait' && command !== 'purge') {
    throw usageError('--timeout only applies to wait and purge');
  }
  for (const option of ['progress', 'progress-every'] as const) {
    if (values[option] !== undefined && !waits) {
      throw usageError(`--${option} only applies to wait and purge --wait`);
    }
  }
  const timeoutMs = durationOption('timeout', values.timeout) ?? DEFAULT_TIMEOUT_MS;
  const progressEveryMs =
    durationOption('progress-every', values['progress-every']) ?? DEFAULT_PROGRESS_EVERY_MS;
  const progress = values.progress ?? 'auto';
  if (!(PROGRESS_OPTIONS as readonly string[]).includes(progress)) {
    throw usageError(`--progress "${echoedToken(progress)}" is not one of auto, lines, none`);
  }
  const maxPurges = maxPurgesOption(values['max-purges'], command);
  const account = accountOption(values.account, command);
  const verify = verifyOption(values, waits);
  if ((command === 'status' || command === 'wait') && operands.length === 0) {
    throw usageError(`${command} needs at least one request ID`);
  }
  if (command === 'purge' && operands.length === 0)
    throw usageError('purge needs at least one URL');
  return {
    command,
    operands,
    json,
    timeoutMs,
    wait: values.wait === true,
    checkKey: values['no-check'] !== true,
    progress: progress as ProgressOption,
    progressEveryMs,
    maxPurges,
    ...(account === undefined ? {} : { account }),
    ...(verify === undefined ? {} : { verify }),
  };
}

/** `--max-purges N` (purge only): a whole number from 1. */
function maxPurgesOption(text: string | undefined, command: CommandName): number {
  if (text === undefined) return DEFAULT_MAX_PURGES;
  if (command !== 'purge') throw usageError('--max-purges only applies to purge');
  const max = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(max) || max < 1) {
    throw usageError(`--max-purges "${echoedToken(text)}" is not a whole number from 1`);
  }
  return max;
}

/** A duration option's value in milliseconds (undefined when not given); else a usage error. */
function durationOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) {
    throw usageError(`--${name} "${echoedToken(text)}" is not a duration like 90s, 15m or 2h`);
  }
  return ms;
}

/**
 * `--verify`, on wait and purge --wait; `--verify-url` (each a URL, or `<id>=<url>`) and
 * `--verify-head` ask for it too. A URL to check must be one a purge could name, without a user
 * name or password (never echoed); a wildcard is "not checked: wildcard".
 */
function verifyOption(
  values: { verify?: boolean; 'verify-url'?: string[]; 'verify-head'?: boolean },
  waits: boolean,
): VerifyOption | undefined {
  const named = values['verify-url'] ?? [];
  if (!values.verify && named.length === 0 && !values['verify-head']) return undefined;
  if (!waits) throw usageError('--verify only applies to wait and purge --wait');
  const urls = named.map((value): NamedVerifyUrl => {
    const paired = /^([0-9a-f]{24})=(.*)$/i.exec(value);
    const url = paired ? paired[2]! : value;
    const problem = parsePurgeUrls(url).rejected[0];
    if (problem || url.trim() === '') {
      throw usageError(
        `--verify-url "${echoedToken(problem?.text ?? url)}": ${problem?.reason ?? 'a URL is needed'}`,
      );
    }
    return paired ? { url, requestId: paired[1]!.toLowerCase() } : { url };
  });
  return { urls, method: values['verify-head'] ? 'HEAD' : 'GET' };
}

/**
 * `--account NAME`, on the commands that take it: a name an account can have (or "environment",
 * the IMAGEKIT_PRIVATE_KEY account's). Whether such an account exists is known later.
 */
function accountOption(name: string | undefined, command: CommandName): string | undefined {
  if (name === undefined) return undefined;
  if (command === 'accounts') throw usageError('--account does not apply to accounts');
  const problem = name === ENVIRONMENT_ACCOUNT ? undefined : accountNameProblem(name);
  if (problem) throw usageError(`--account "${echoedToken(name)}": ${problem}`);
  return name;
}

/**
 * `--timeout -5s` as `--timeout=-5s`: the value of an option that takes one is the next word
 * whatever it starts with, so a negative duration is reported as not a duration (and
 * `--account -x` as not an account name).
 */
function joinOptionValues(argv: readonly string[]): string[] {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      args.push(...argv.slice(i));
      break;
    }
    if (VALUED.includes(arg) && i + 1 < argv.length) args.push(`${arg}=${argv[++i]!}`);
    else args.push(arg);
  }
  return args;
}

function describeParseError(error: unknown, argv: readonly string[]): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const unknown = argv.find((arg) => arg.startsWith('-') && arg !== '-' && !isKnownOption(arg));
    return unknown === undefined ? 'unknown option' : `unknown option "${echoedToken(unknown)}"`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (argv.at(-1) === '--timeout') return '--timeout needs a duration, e.g. --timeout 15m';
    if (argv.at(-1) === '--progress-every') {
      return '--progress-every needs a duration, e.g. --progress-every 30s';
    }
    if (argv.at(-1) === '--progress') return '--progress needs one of auto, lines, none';
    if (argv.at(-1) === '--max-purges') return '--max-purges needs a number, e.g. --max-purges 500';
    if (argv.at(-1) === '--account')
      return '--account needs an account name, e.g. --account staging';
    if (argv.at(-1) === '--verify-url')
      return '--verify-url needs a URL, e.g. --verify-url https://ik.imagekit.io/acme/a.png';
    const flag = argv.find((arg) =>
      /^--(json|help|version|wait|no-check|verify|verify-head)=/.test(arg),
    );
    if (flag) return `${flag.slice(0, flag.indexOf('='))} takes no value`;
  }
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  return redactApiKeys(message);
}

function isKnownOption(arg: string): boolean {
  if (arg.startsWith('--')) return arg.slice(2).split('=')[0]! in OPTIONS;
  return /^-[hv]+$/.test(arg);
}

function helpTopic(word: string | undefined): { helpTopic?: HelpTopic } {
  if (word === undefined) return {};
  if ((TOPICS as readonly string[]).includes(word)) return { helpTopic: word as HelpTopic };
  throw usageError(`unknown command "${echoedToken(word)}"`);
}

function commandFor(verb: string | undefined, rest: readonly string[]): CommandName {
  switch (verb) {
    case undefined:
      return 'help';
    case 'status':
    case 'wait':
    case 'purge':
      return verb;
    case 'stats':
    case 'accounts':
      if (rest.length > 0) throw usageError(`${verb} takes no arguments`);
      return verb;
    case 'key': {
      const [action, ...extra] = rest;
      if (action === 'set' || action === 'status' || action === 'delete') {
        if (extra.length > 0) throw usageError(`key ${action} takes no arguments`);
        return `key-${action}`;
      }
      throw usageError(`key needs one of: set, status, delete`);
    }
    default:
      throw usageError(`unknown command "${echoedToken(verb)}"`);
  }
}
