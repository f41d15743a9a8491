// The GitHub Action's step (action.yml): purge the `urls`, wait until they and the `request-ids`
// have completed (with `verify`, the CLI's --verify: what the CDN serves for each purged URL),
// append a table of the purges, how long each took and what the CDN serves to
// $GITHUB_STEP_SUMMARY (when set), set the step's outputs (the CDN's verdicts), and exit with the
// CLI's exit code. The purge-watch CLI decides everything; this script only reads its --json
// output (one object per result) and words it for the job.
//
// Environment: INPUT_URLS, INPUT_REQUEST_IDS (whitespace or comma separated), INPUT_TIMEOUT
// (the CLI's --timeout; empty: its default), INPUT_VERIFY (true or false), PURGE_WATCH_CLI (the
// CLI's JavaScript entry point), GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, and the CLI's own variables
// (IMAGEKIT_PRIVATE_KEY above all).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';

const EXIT_USAGE = 2;
const EXIT_AUTH = 4;
const EXIT_STALE = 6;

const env = process.env;
const urls = words(env.INPUT_URLS, /\s+/);
const requestIds = words(env.INPUT_REQUEST_IDS, /[\s,]+/);
const timeout = env.INPUT_TIMEOUT?.trim();
const verifyInput = (env.INPUT_VERIFY ?? 'true').trim().toLowerCase() || 'true';
const verify = verifyInput === 'true';
const cli = env.PURGE_WATCH_CLI;

if (!cli) stop('PURGE_WATCH_CLI is not set: it names the purge-watch CLI to run.');
if (verifyInput !== 'true' && verifyInput !== 'false') stop('`verify` is true or false.');
if (urls.length === 0 && requestIds.length === 0) {
  stop('Give the action `urls` to purge, `request-ids` to wait for, or both.');
}

// From here on the job log shows what the server said (through the CLI's stderr, too): no line of
// it may be taken for a workflow command (::error::, ::add-mask::…) until the step is done.
const resume = randomUUID();
console.log(`::stop-commands::${resume}`);
process.on('exit', () => console.log(`::${resume}::`));

/** @type {Array<{ url?: string, requestId?: string, result: string, durationMs?: number, verify?: Record<string, any> }>} */
const rows = [];
/** @type {Map<string, string>} request ID -> the URL this step purged */
const purged = new Map();
let exitCode = 0;

if (urls.length > 0) {
  const purge = await runCli(['purge', '--json', ...urls]);
  for (const result of purge.results) {
    if (typeof result.requestId === 'string') purged.set(result.requestId, String(result.url));
    else rows.push({ url: String(result.url ?? ''), result: `not purged: ${errorText(result)}` });
  }
  exitCode = purge.code;
}

const waitFor = [...purged.keys(), ...requestIds];
if (waitFor.length > 0 && exitCode !== EXIT_USAGE && exitCode !== EXIT_AUTH) {
  const timeoutArgs = timeout ? ['--timeout', timeout] : [];
  // Each purged URL is checked for the ID it was purged under; request-ids come without one.
  const verifyArgs = verify
    ? ['--verify', ...[...purged].flatMap(([id, url]) => ['--verify-url', `${id}=${url}`])]
    : [];
  const wait = await runCli(['wait', '--json', ...timeoutArgs, ...verifyArgs, ...waitFor]);
  for (const result of wait.results) {
    const requestId = String(result.requestId ?? '');
    const url = purged.get(requestId);
    if (result.error) rows.push({ url, requestId, result: errorText(result) });
    else
      rows.push({
        url,
        requestId,
        result: String(result.status),
        durationMs: result.durationMs,
        verify: result.verify,
      });
  }
  if (wait.code !== 0) exitCode = wait.code;
}

// The CLI prints each purge as it finishes; the job log and the summary list them in the order the
// step was given them (its urls, then its request-ids), so a table reads the same on every run.
rows.sort((a, b) => inputPosition(a) - inputPosition(b));
for (const row of rows) {
  const took = typeof row.durationMs === 'number' ? ` after ${clockTime(row.durationMs)}` : '';
  const cdn = row.verify ? ` · ${cdnWords(row.verify)}` : '';
  const line = [row.url, row.requestId].filter(Boolean).join('  ') + `  ${row.result}${took}${cdn}`;
  console.log(printable(line));
}
if (env.GITHUB_STEP_SUMMARY && rows.length > 0) {
  fs.appendFileSync(env.GITHUB_STEP_SUMMARY, summaryTable(rows, exitCode));
}
if (verify && env.GITHUB_OUTPUT) fs.appendFileSync(env.GITHUB_OUTPUT, verifyOutputs(rows));
process.exitCode = exitCode;

/**
 * Runs the CLI with stderr passed through (its one-line errors belong in the job log) and
 * stdout read as JSON lines.
 * @param {string[]} args
 * @returns {Promise<{ code: number, results: Array<Record<string, any>> }>}
 */
function runCli(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [String(cli), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const results = [];
      for (const line of stdout.split('\n').filter((text) => text.trim())) {
        try {
          results.push(JSON.parse(line));
        } catch {
          console.log(line);
        }
      }
      resolve({ code: code ?? 1, results });
    });
  });
}

/** @param {(typeof rows)[number]} row */
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
      const age =
        typeof check.age === 'number' ? `, a copy ${clockTime(check.age * 1000)} old` : '';
      return `${edge ?? 'the nearest edge'} still serves the old copy${age}`;
    }
    default: {
      const reason = typeof check.reason === 'string' ? check.reason : '';
      return reason.startsWith('not checked') ? reason : `unknown${reason ? `: ${reason}` : ''}`;
    }
  }
}

/**
 * The step's outputs: the worst verdict, and each purge's check as JSON.
 * @param {typeof rows} table
 */
function verifyOutputs(table) {
  const checked = table.filter((row) => row.verify);
  const verdicts = checked.map((row) => row.verify?.verdict);
  const worst = ['stale', 'unknown', 'fresh'].find((verdict) => verdicts.includes(verdict)) ?? '';
  const results = checked.map((row) => ({ url: row.url, requestId: row.requestId, ...row.verify }));
  return `verify-verdict=${worst}\nverify-results=${JSON.stringify(results)}\n`;
}

/**
 * @param {typeof rows} table
 * @param {number} code
 */
function summaryTable(table, code) {
  const verdict =
    code === 0
      ? 'every purge completed'
      : code === EXIT_STALE
        ? "every purge completed, but the CDN's nearest edge still serves an old copy"
        : `failed with purge-watch's exit code ${code}`;
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
            row.requestId ? `\`${cell(row.requestId)}\`` : '',
            cell(row.result),
            typeof row.durationMs === 'number' ? clockTime(row.durationMs) : '',
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
 * Text from the server or the user, made inert in a Markdown table cell: no HTML, no column
 * breaks, no line breaks, no code spans.
 * @param {string} text
 */
function cell(text) {
  return printable(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/`/g, "'");
}

/** One line without control characters (line breaks, terminal escapes). @param {string} text */
function printable(text) {
  return text.replace(/\p{Cc}+/gu, ' ');
}

/** Minutes and seconds, as a clock shows them: 0:07, 12:34, 1:02:03. @param {number} ms */
function clockTime(ms) {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60];
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** @param {string | undefined} text @param {RegExp} separator */
function words(text, separator) {
  return (text ?? '').split(separator).filter(Boolean);
}

/** @param {string} message @returns {never} */
function stop(message) {
  console.log(`::error title=purge-watch::${message}`);
  process.exit(EXIT_USAGE);
}
