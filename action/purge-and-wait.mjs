// The GitHub Action's step (action.yml): purge the `urls`, wait until they and the `request-ids`
// have completed (with `verify`, the CLI's --verify: what the CDN serves for each purged URL),
// and report: each result in the job log as the CLI prints it (its progress
// lines too, on stderr), one `::error` annotation per failed purge (`::warning` for one that
// timed out with `on-timeout: warn`), the step's outputs (`completed`, `failed`, `timed-out`
// counts and `results` as JSON; with `verify`, the CDN's verdicts) and a table in
// $GITHUB_STEP_SUMMARY (when set). It exits with
// the CLI's exit code (a timeout is 0 with `on-timeout: warn` when nothing else failed). The
// purge-watch CLI decides everything; this script reads its --json output (one object per
// result) and words it for the job.
//
// A cancelled run (the workflow cancelled, a step timeout) writes them too, for what is known:
// GitHub's runner sends the step's process SIGINT, then SIGTERM 7.5 s later (on Windows Ctrl-C,
// then Ctrl-Break, to every process on the console), then kills it. That
// process is this script (action.yml execs it: a bash waiting for its child would take the
// signals and leave it running). Each signal is passed on to the running CLI, which runs in a
// process group of its own so that a signal sent to the whole group (Ctrl-C at a terminal) does
// not reach it twice: at the first it says what was still pending and exits, at a second it
// exits at once. What completed stays completed, what had not is `pending`, and the step exits
// 130 (SIGINT) or 143 (SIGTERM).
//
// Environment: INPUT_URLS (one per line), INPUT_REQUEST_IDS (whitespace or comma separated),
// INPUT_TIMEOUT (the CLI's --timeout, for the purge and then the wait; empty: its default),
// INPUT_ON_TIMEOUT (fail or warn), INPUT_VERIFY (true or false), INPUT_MAX_PURGES (the CLI's
// --max-purges; empty: its default), PURGE_WATCH_CLI (the CLI's JavaScript entry point),
// GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, and the CLI's own variables (IMAGEKIT_PRIVATE_KEY above
// all).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';

const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const EXIT_TIMEOUT = 3;
const EXIT_AUTH = 4;
const EXIT_STALE = 6;
/** 128 + the signal's number, as the CLI and shells report a command it stopped. */
const EXIT_CANCELLED = { SIGINT: 130, SIGTERM: 143 };
const CANCELLED_PENDING = 'still pending when the run was cancelled';

/**
 * Runs of what no reader may be shown: C0 and C1 controls (line breaks, terminal escapes), the
 * line and paragraph separators, and every default-ignorable code point (bidi overrides that
 * reverse what follows, zero-width characters that hide a word inside another). The CLI's class,
 * UNSHOWABLE in src/core/imagekit/server-text.ts (this script imports nothing from src; a test
 * keeps the two the same).
 */
// eslint-disable-next-line no-control-regex
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Default_Ignorable_Code_Point}]+/gu;

const env = process.env;
const urls = urlsOf(env.INPUT_URLS);
// Lowercase, as the CLI answers with them (an ID is hex, whatever its case).
const requestIds = words(env.INPUT_REQUEST_IDS, /[\s,]+/).map((id) => id.toLowerCase());
const timeout = env.INPUT_TIMEOUT?.trim();
const onTimeout = env.INPUT_ON_TIMEOUT?.trim() || 'fail';
const verifyInput = (env.INPUT_VERIFY ?? 'true').trim().toLowerCase() || 'true';
const verify = verifyInput === 'true';
const maxPurges = env.INPUT_MAX_PURGES?.trim() ?? '';
const cli = env.PURGE_WATCH_CLI;

if (!cli) stop('PURGE_WATCH_CLI is not set: it names the purge-watch CLI to run.');
if (urls.length === 0 && requestIds.length === 0) {
  stop('Give the action `urls` to purge, `request-ids` to wait for, or both.');
}
if (verifyInput !== 'true' && verifyInput !== 'false') stop('`verify` is true or false.');
if (onTimeout !== 'fail' && onTimeout !== 'warn') {
  stop(`on-timeout must be fail or warn, not "${printable(onTimeout).slice(0, 40)}".`);
}

// From here on the job log shows what the server said (through the CLI's stderr, too): no line of
// it may be taken for a workflow command (::error::, ::add-mask::…) until the step's own are due.
const resume = randomUUID();
console.log(`::stop-commands::${resume}`);
let commandsResumed = false;
const resumeCommands = () => {
  if (commandsResumed) return;
  commandsResumed = true;
  console.log(`::${resume}::`);
};
process.on('exit', resumeCommands);

/** The signal that cancelled the run, once one did. @type {'SIGINT' | 'SIGTERM' | undefined} */
let cancelledBy;
/** The CLI while it runs. @type {import('node:child_process').ChildProcess | undefined} */
let running;
// On Windows a console's Ctrl-C reaches every process on it, the CLI too: nothing to pass on.
const passesSignalsOn = process.platform !== 'win32';
// On Windows the runner's second signal is Ctrl-Break, which Node delivers as SIGBREAK (and which
// ends a process that does not listen for it): it counts as SIGTERM.
const CANCEL_SIGNALS = /** @type {const} */ ({
  SIGINT: 'SIGINT',
  SIGTERM: 'SIGTERM',
  SIGBREAK: 'SIGTERM',
});
for (const [signal, as] of Object.entries(CANCEL_SIGNALS)) {
  process.on(signal, () => {
    cancelledBy ??= as;
    if (passesSignalsOn) running?.kill(as);
  });
}

/**
 * One purge: its URL (when this step purged it), its request ID (once known), where it ended.
 * @typedef {{ url?: string, requestId?: string, state: 'completed' | 'failed' | 'timed-out' | 'pending',
 *   message?: string, durationMs?: number, durationIsUpperBound?: boolean, alreadyCompleted?: boolean,
 *   verify?: Record<string, any> }} Row
 */
/** @type {Row[]} */
const rows = [];
/** @type {Map<string, Row>} request ID -> its row */
const byId = new Map();
let exitCode = 0;
/** The last line the CLI wrote on stderr (its one-line errors). */
let lastCliError = '';
/** Why purge-watch sent none of the URLs, when it refused the list as a whole. */
let refusedBecause = '';

/**
 * The CLI's --timeout: it bounds the purges' submissions (a 429 may hold them for an hour), then
 * the wait.
 */
const timeoutArgs = timeout ? ['--timeout', timeout] : [];

if (urls.length > 0 && !cancelledBy) {
  // `--` first: a URL input can never be read as an option.
  const maxArgs = maxPurges ? ['--max-purges', maxPurges] : [];
  const purgeArgs = ['purge', '--json', ...timeoutArgs, ...maxArgs, '--', ...urls];
  exitCode = await runCli(purgeArgs, (result) => {
    const url = String(result.url ?? '');
    if (typeof result.requestId === 'string') {
      const row = { url, requestId: result.requestId, state: /** @type {const} */ ('pending') };
      rows.push(row);
      byId.set(row.requestId, row);
      log(`${url}  ${row.requestId}  purge requested`);
    } else {
      const message = `not purged: ${errorText(result)}`;
      rows.push({ url, state: 'failed', message });
      log(`${url}  ${message}`);
    }
  });
  // purge-watch refused the list before sending anything (a wildcard ImageKit does not allow,
  // more URLs than max-purges, a max-purges that is not a number): its reason, said on stderr,
  // is each URL's result and one annotation, not only a line in the log.
  if (exitCode === EXIT_USAGE && rows.length === 0) {
    refusedBecause = lastCliError.replace(/^purge-watch: /, '') || 'purge-watch refused the URLs';
    for (const url of urls)
      rows.push({ url, state: 'failed', message: `not purged: ${refusedBecause}` });
  }
}

const waitFor = [...byId.keys(), ...requestIds.filter((id) => !byId.has(id))];
if (waitFor.length > 0 && !cancelledBy && exitCode !== EXIT_USAGE && exitCode !== EXIT_AUTH) {
  // Each purged URL is checked for the ID it was purged under; request-ids come without one.
  const purged = rows.filter((row) => row.url && row.requestId);
  const verifyArgs = verify
    ? ['--verify', ...purged.flatMap((row) => ['--verify-url', `${row.requestId}=${row.url}`])]
    : [];
  const waitArgs = ['wait', '--json', ...timeoutArgs, ...verifyArgs, '--', ...waitFor];
  const code = await runCli(waitArgs, (result) => {
    const requestId = String(result.requestId ?? '');
    let row = byId.get(requestId);
    if (!row) {
      row = { requestId, state: 'pending' };
      rows.push(row);
      byId.set(requestId, row);
    }
    settle(row, result);
    log(logLine(row));
  });
  // A URL that was not purged wins over the wait's timeout and over an old copy at the CDN, as
  // it does in `purge-watch purge --wait`: the step says a purge failed, not "every purge
  // completed".
  const purgeFailedWins =
    exitCode === EXIT_FAILED && (code === EXIT_TIMEOUT || code === EXIT_STALE);
  if (code !== 0 && !purgeFailedWins) exitCode = code;
}

if (cancelledBy) {
  exitCode = EXIT_CANCELLED[cancelledBy];
  for (const row of rows) if (row.state === 'pending') row.message ??= CANCELLED_PENDING;
  // What the CLI had no time to report (a second signal ends it at once) is listed all the same.
  for (const url of urls) {
    if (rows.some((row) => row.url === url)) continue;
    rows.push({ url, state: 'failed', message: 'cancelled before purge-watch said it was sent' });
  }
}
// A request ID given but never waited for (purging the URLs before it failed: a refused key) is
// still a result, pending, as the outputs and the summary promise one per purge.
for (const requestId of requestIds) {
  if (byId.has(requestId)) continue;
  const message = cancelledBy ? CANCELLED_PENDING : 'not waited for: purging the URLs failed first';
  rows.push({ requestId, state: 'pending', message });
}

const counts = {
  completed: rows.filter((row) => row.state === 'completed').length,
  failed: rows.filter((row) => row.state === 'failed').length,
  'timed-out': rows.filter((row) => row.state === 'timed-out').length,
};
// A timeout fails the step unless on-timeout says warn (and nothing else failed). The CLI's
// timeout wins over an old copy at the CDN (exit 6), so warn must not forgive that with it.
if (exitCode === EXIT_TIMEOUT && onTimeout === 'warn') {
  const stale = rows.some((row) => row.verify?.verdict === 'stale');
  exitCode = counts.failed > 0 ? EXIT_FAILED : stale ? EXIT_STALE : 0;
}

// The step's own workflow commands: annotations, one per purge that did not complete.
resumeCommands();
if (refusedBecause) {
  console.log(`::error title=Nothing purged::${escapeData(printable(refusedBecause))}`);
}
for (const row of rows) {
  if (row.state === 'failed' && !refusedBecause) annotate('error', 'Purge failed', row);
  if (row.state === 'timed-out') {
    annotate(onTimeout === 'warn' ? 'warning' : 'error', 'Purge timed out', row);
  }
}
if (env.GITHUB_OUTPUT) {
  const results = rows.map((row) => ({
    requestId: row.requestId ?? null,
    url: row.url ?? null,
    state: row.state,
    durationMs: row.durationMs ?? null,
    durationIsUpperBound: row.durationIsUpperBound === true,
    alreadyCompleted: row.alreadyCompleted === true,
    ...(row.message ? { message: row.message } : {}),
  }));
  const delimiter = `purge_watch_${randomUUID()}`;
  fs.appendFileSync(
    env.GITHUB_OUTPUT,
    [
      `completed=${counts.completed}`,
      `failed=${counts.failed}`,
      `timed-out=${counts['timed-out']}`,
      `results<<${delimiter}`,
      JSON.stringify(results),
      delimiter,
      ...(verify ? verifyOutputs(rows) : []),
      '',
    ].join('\n'),
  );
}
if (env.GITHUB_STEP_SUMMARY && rows.length > 0) {
  // The table lists the purges in the order the step was given them (its urls, then its
  // request-ids), so it reads the same on every run; the log has them as they finished.
  const ordered = [...rows].sort((a, b) => inputPosition(a) - inputPosition(b));
  fs.appendFileSync(env.GITHUB_STEP_SUMMARY, summaryTable(ordered, exitCode, counts));
}
process.exitCode = exitCode;

/**
 * Runs the CLI with stderr passed through (its one-line errors and progress lines belong in the
 * job log, as they come; the last kept in `lastCliError`) and stdout read as JSON lines, each
 * handed to `onResult` as it arrives.
 * @param {string[]} args
 * @param {(result: Record<string, any>) => void} onResult
 * @returns {Promise<number>} the exit code
 */
function runCli(args, onResult) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [String(cli), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // A process group of its own: signals reach it from this script only, once each.
      detached: passesSignalsOn,
    });
    running = child;
    let partial = '';
    const line = (/** @type {string} */ text) => {
      if (text.trim() === '') return;
      let result;
      try {
        result = JSON.parse(text);
      } catch {
        return log(text);
      }
      onResult(result);
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (/** @type {string} */ chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(line);
    });
    // Passed through as it comes; its last line kept (why a refused list was refused).
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (/** @type {string} */ chunk) => {
      process.stderr.write(chunk);
      const lines = chunk.split('\n').filter((text) => text.trim() !== '');
      if (lines.length > 0) lastCliError = lines.at(-1) ?? '';
    });
    child.on('error', reject);
    child.on('close', (code) => {
      running = undefined;
      line(partial);
      resolve(code ?? 1);
    });
  });
}

/** Where a wait's result leaves its purge. @param {Row} row @param {Record<string, any>} result */
function settle(row, result) {
  if (result.error?.kind === 'interrupted') return; // still pending, as far as anyone knows
  if (result.error) {
    row.state = result.error.kind === 'timeout' ? 'timed-out' : 'failed';
    row.message = errorText(result);
    return;
  }
  row.state = 'completed';
  row.message = String(result.status ?? 'Completed');
  if (result.verify) row.verify = result.verify;
  if (typeof result.durationMs === 'number') row.durationMs = result.durationMs;
  row.durationIsUpperBound = result.durationIsUpperBound === true;
  // The wait did not submit it, but this step did (its URL is known): complete at the first
  // check is then an upper bound from its submission, not a purge done before the step.
  row.alreadyCompleted = result.alreadyCompleted === true && row.url === undefined;
}

/** How long a purge took, as far as is known: "0:42", "at most 0:07", "already completed". @param {Row} row */
function tookText(row) {
  if (row.alreadyCompleted) return 'already completed';
  if (typeof row.durationMs !== 'number') return '';
  return `${row.durationIsUpperBound ? 'at most ' : ''}${clockTime(row.durationMs)}`;
}

/** @param {Row} row */
function logLine(row) {
  const took = tookText(row);
  const when = !took ? '' : row.alreadyCompleted ? ` (${took})` : ` after ${took}`;
  const cdn = row.verify ? ` · ${cdnWords(row.verify)}` : '';
  return `${[row.url, row.requestId].filter(Boolean).join('  ')}  ${row.message ?? row.state}${when}${cdn}`;
}

/**
 * One annotation, its text made one inert line (the workflow command escapes).
 * @param {'error' | 'warning'} level @param {string} title @param {Row} row
 */
function annotate(level, title, row) {
  const what = row.url ?? row.requestId ?? '';
  const data = `${what}${row.url && row.requestId ? ` (${row.requestId})` : ''}: ${row.message ?? row.state}`;
  console.log(`::${level} title=${escapeProperty(title)}::${escapeData(printable(data))}`);
}

/** @param {string} text */
function escapeData(text) {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** @param {string} text */
function escapeProperty(text) {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** @param {string} text */
function log(text) {
  console.log(printable(text));
}

/** @param {Row} row */
function inputPosition(row) {
  if (row.url !== undefined) return urls.indexOf(row.url);
  return urls.length + requestIds.indexOf(row.requestId ?? '');
}

/** @param {Record<string, any>} result */
function errorText(result) {
  const error = result.error ?? {};
  return `${error.kind ?? 'error'}: ${error.message ?? 'no message'}`;
}

/**
 * What the CDN check found, in a few words (the CLI's `verify` object).
 * @param {Record<string, any>} check
 */
function cdnWords(check) {
  const edge = typeof check.pop === 'string' ? check.pop : undefined;
  switch (check.verdict) {
    case 'fresh':
      return edge ? `fresh at ${edge}` : 'fresh';
    case 'stale': {
      const age = typeof check.age === 'number' ? `, a copy ${copyAge(check.age)} old` : '';
      return `${edge ?? 'the nearest edge'} still serves the old copy${age}`;
    }
    default: {
      const reason = typeof check.reason === 'string' ? check.reason : '';
      return reason.startsWith('not checked') ? reason : `unknown${reason ? `: ${reason}` : ''}`;
    }
  }
}

/**
 * The CDN check's outputs: the worst verdict, and each purge's check as JSON.
 * @param {Row[]} table
 * @returns {string[]} lines of $GITHUB_OUTPUT
 */
function verifyOutputs(table) {
  const checked = table.filter((row) => row.verify);
  const verdicts = checked.map((row) => row.verify?.verdict);
  const worst = ['stale', 'unknown', 'fresh'].find((verdict) => verdicts.includes(verdict)) ?? '';
  const results = checked.map((row) => ({ url: row.url, requestId: row.requestId, ...row.verify }));
  return [`verify-verdict=${worst}`, `verify-results=${JSON.stringify(results)}`];
}

/**
 * @param {Row[]} table
 * @param {number} code
 * @param {typeof counts} totals
 */
function summaryTable(table, code, totals) {
  const pending = table.filter((row) => row.state === 'pending').length;
  const verdict = cancelledBy
    ? `cancelled by ${cancelledBy}, ${pending} of ${table.length} purge${table.length === 1 ? '' : 's'} still pending`
    : code === EXIT_STALE
      ? totals['timed-out'] > 0
        ? `${totals['timed-out']} still pending at the timeout (on-timeout: warn), and the CDN's nearest edge still serves an old copy`
        : "every purge completed, but the CDN's nearest edge still serves an old copy"
      : refusedBecause
        ? `nothing purged: ${cell(refusedBecause)}`
        : code !== 0
          ? `failed with purge-watch's exit code ${code}`
          : totals['timed-out'] > 0
            ? `${totals['timed-out']} still pending at the timeout (on-timeout: warn)`
            : 'every purge completed';
  const line = (/** @type {string[]} */ cells) => `| ${cells.join(' | ')} |`;
  const cdn = (/** @type {string[]} */ cells, /** @type {string} */ more) =>
    verify ? [...cells, more] : cells;
  return [
    `### Purge Watch: ${verdict}`,
    '',
    line(cdn(['URL', 'Request ID', 'Result', 'Took'], 'CDN')),
    line(cdn(['---', '---', '---', '--:'], '---')),
    ...table.map((row) =>
      line(
        cdn(
          [
            row.url ? cell(row.url) : '',
            row.requestId ? `\`${printable(row.requestId).replace(/[`|\\]/g, '')}\`` : '',
            cell(row.message ?? row.state),
            tookText(row), // our own words and figures
          ],
          row.verify ? cell(cdnWords(row.verify)) : '',
        ),
      ),
    ),
    '',
    '',
  ].join('\n');
}

/**
 * Text from the server or the user, made inert in a Markdown table cell: every ASCII punctuation
 * character backslash-escaped (CommonMark allows it for all of them), so no link, image,
 * emphasis, code span, autolink or column break can form; `<`, `>` and `&` as HTML entities, so
 * no HTML; no line breaks.
 * @param {string} text
 */
function cell(text) {
  return printable(text)
    .replace(/[!-%'-/:;=?@[-`{-~]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** One line without controls or invisible characters, each run a space. @param {string} text */
function printable(text) {
  return text.replace(UNSHOWABLE, ' ');
}

/**
 * How old the CDN's copy is (its `Age`, in seconds; a CDN may send one as absurd as 2^31): as a
 * clock shows it under a day, then in days ("3d"), then "over a year", as the CLI and the app say it
 * (src/shared/format.ts formatAge).
 * @param {number} seconds
 */
function copyAge(seconds) {
  const days = Math.floor(seconds / 86_400);
  if (days < 1) return clockTime(seconds * 1000);
  return seconds > 365 * 86_400 ? 'over a year' : `${days}d`;
}

/** Minutes and seconds, as a clock shows them: 0:07, 12:34, 1:02:03. @param {number} ms */
function clockTime(ms) {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60];
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/**
 * The `urls` input: one per line; a line of several URLs (each starting with http:// or https://)
 * is split at its spaces, but a line that is one URL with a space in it stays whole, so the CLI
 * refuses it as it is ("contains a space"), not its second half as "not an http(s) URL".
 * @param {string | undefined} text
 */
function urlsOf(text) {
  return words(text, /\r?\n/).flatMap((line) => {
    const parts = words(line.trim(), /\s+/);
    return parts.every((part) => /^https?:\/\//i.test(part)) ? parts : [line.trim()];
  });
}

/** @param {string | undefined} text @param {RegExp} separator */
function words(text, separator) {
  return (text ?? '').split(separator).filter(Boolean);
}

/** @param {string} message @returns {never} */
function stop(message) {
  console.log(`::error title=purge-watch::${escapeData(message)}`);
  process.exit(EXIT_USAGE);
}
