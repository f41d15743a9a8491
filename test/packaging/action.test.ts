// The GitHub Action (action.yml + action/purge-and-wait.mjs): its metadata against the Actions
// metadata schema (offline, test/packaging/action-metadata.schema.json), the whole composite
// action run as the README's workflow step writes it, from a copy of the repository's tracked
// files as the runner checks the action out (the committed CLI bundle, no node_modules, no
// dist/) with npm booby-trapped and no registry, and the step's script run directly against the
// fake ImageKit with a temporary step summary and output file: its streamed log, annotations,
// outputs, durations, operands and summary escaping.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UNSHOWABLE } from '../../src/core/imagekit/server-text';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import type { CleanMachine } from '../support/cli-install';
import { ROOT, cleanMachine, readmeRecipe, runCommand } from '../support/cli-install';
import { CLI, CTRL_BREAK_PRELOAD } from '../support/cli-process';
import { until } from '../support/until';

interface Step {
  name?: string;
  run: string;
  shell: string;
  env?: Record<string, string>;
}
interface ActionMetadata {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
}

const ACTION_FILE = path.join(ROOT, 'action.yml');
const SCRIPT = path.join(ROOT, 'action/purge-and-wait.mjs');
const action = parse(fs.readFileSync(ACTION_FILE, 'utf8')) as ActionMetadata;

let machine: CleanMachine;
let fake: FakeImageKit;
let summary: string;
let outputFile: string;

beforeAll(async () => {
  machine = cleanMachine();
  fake = await startFakeImageKit({ completeAfterMs: 300 });
});
afterAll(async () => {
  await fake?.close();
  machine?.remove();
});
beforeEach(() => {
  fake.clearFaults();
  fake.resetRecords();
  const run = Math.random().toString(36).slice(2);
  summary = path.join(machine.root, `summary-${run}.md`);
  fs.writeFileSync(summary, '# Earlier steps wrote this\n');
  outputFile = path.join(machine.root, `output-${run}.txt`);
  fs.writeFileSync(outputFile, '');
});

/** What the runner gives every step, plus the fake ImageKit and its key. */
function runnerEnv(extra: Record<string, string | undefined> = {}) {
  return {
    ...machine.env,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: outputFile,
    IMAGE_KIT_BASE_URL: fake.baseUrl,
    IMAGEKIT_PRIVATE_KEY: fake.privateKey,
    PURGE_WATCH_POLL_SCALE: '0.02',
    ...extra,
  };
}

/**
 * The environment of the step's script on its own, with the CLI as this run built it (the whole
 * action, below, runs the committed bundle: CI checks first that it is what the source builds to).
 */
function scriptEnv(inputs: Record<string, string>, env: Record<string, string | undefined> = {}) {
  return runnerEnv({
    PURGE_WATCH_CLI: CLI,
    INPUT_URLS: inputs.urls,
    INPUT_REQUEST_IDS: inputs['request-ids'],
    INPUT_TIMEOUT: inputs.timeout,
    INPUT_ON_TIMEOUT: inputs['on-timeout'],
    INPUT_MAX_PURGES: inputs['max-purges'],
    // ImageKit's own URLs have no CDN a test may ask: checked only where a test says so.
    INPUT_VERIFY: inputs.verify ?? 'false',
    ...env,
  });
}

function runScript(inputs: Record<string, string>, env: Record<string, string | undefined> = {}) {
  return runCommand(process.execPath, [SCRIPT], {
    cwd: machine.project,
    env: scriptEnv(inputs, env),
  });
}

/** The step's outputs as the runner reads $GITHUB_OUTPUT: `name=value` and `name<<END` blocks. */
function stepOutputs(): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = fs.readFileSync(outputFile, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const block = /^([\w-]+)<<(.+)$/.exec(lines[i]!);
    if (block) {
      const end = lines.indexOf(block[2]!, i + 1);
      outputs[block[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const pair = /^([\w-]+)=(.*)$/.exec(lines[i]!);
    if (pair) outputs[pair[1]!] = pair[2]!;
  }
  return outputs;
}

/** The annotations the step wrote (after its commands resumed). */
const annotations = (stdout: string) =>
  stdout.split('\n').filter((line) => /^::(error|warning) /.test(line));

/**
 * The action as the runner checks it out at a tag: the repository's tracked files only (as git
 * would track them now: committed or new, never ignored), so no node_modules and no dist/.
 */
function actionCheckout(): string {
  const checkout = fs.mkdtempSync(path.join(machine.root, 'action-'));
  const files = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '-z'],
    { cwd: ROOT, encoding: 'utf8' },
  )
    .split('\0')
    .filter((file) => file !== '' && fs.existsSync(path.join(ROOT, file)));
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(checkout, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(checkout, file));
  }
  return checkout;
}

/**
 * Tools that fail the step if the action ever reaches for a package manager or the registry:
 * npm, npx, yarn and pnpm write what they were asked to a file and exit 1.
 */
function registryTripwire(): { bin: string; calls: string } {
  const bin = fs.mkdtempSync(path.join(machine.root, 'tripwire-'));
  const calls = path.join(bin, 'calls');
  for (const tool of ['npm', 'npx', 'yarn', 'pnpm', 'corepack']) {
    fs.writeFileSync(path.join(bin, tool), `#!/bin/sh\necho "${tool} $*" >> '${calls}'\nexit 1\n`, {
      mode: 0o755,
    });
  }
  return { bin, calls };
}

/**
 * action.yml's composite steps as the runner runs them from `actionPath`: `${{ inputs.* }}`,
 * `${{ runner.temp }}` and `${{ github.action_path }}` expanded (any other expression is an
 * error here), each `run` written to a script file that bash runs as GitHub's `shell: bash` does
 * (`bash --noprofile --norc -eo pipefail {0}`), in the runner's environment and the step's own.
 */
function actionSteps(
  with_: Record<string, string>,
  env: Record<string, string | undefined>,
  actionPath: string,
): Array<{ args: string[]; env: Record<string, string | undefined> }> {
  const runnerTemp = fs.mkdtempSync(path.join(machine.root, 'runner-temp-'));
  const expand = (text: string) =>
    text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => {
      if (expression === 'runner.temp') return runnerTemp;
      if (expression === 'github.action_path') return actionPath;
      const input = /^inputs\.([\w-]+)$/.exec(expression)?.[1];
      if (input === undefined || !(input in action.inputs)) {
        throw new Error(`action.yml uses an expression this test cannot expand: ${expression}`);
      }
      return with_[input] ?? action.inputs[input]!.default ?? '';
    });
  return action.runs.steps.map((step, index) => {
    expect(step.shell).toBe('bash');
    const script = path.join(runnerTemp, `step-${index}.sh`);
    fs.writeFileSync(script, expand(step.run));
    const stepEnv = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([name, value]) => [name, expand(value)]),
    );
    return {
      args: ['--noprofile', '--norc', '-eo', 'pipefail', script],
      env: runnerEnv({
        ...env,
        ...stepEnv,
        GITHUB_ACTION_PATH: actionPath,
        RUNNER_TEMP: runnerTemp,
      }),
    };
  });
}

/** Runs action.yml's composite steps (actionSteps), stopping at the first failing step. */
async function runAction(
  with_: Record<string, string>,
  env: Record<string, string>,
  actionPath: string,
) {
  let last = { code: 0 as number | null, stdout: '', stderr: '' };
  for (const step of actionSteps(with_, env, actionPath)) {
    last = await runCommand('bash', step.args, { cwd: machine.project, env: step.env });
    if (last.code !== 0) break;
  }
  return last;
}

/** The job log's lines, without the workflow commands that fence them. */
const logLines = (stdout: string) =>
  stdout.split('\n').filter((line) => line !== '' && !line.startsWith('::'));

const summaryRows = () =>
  fs
    .readFileSync(summary, 'utf8')
    .split('\n')
    .filter((line) => /^\| (?!URL|---)/.test(line));

describe('action.yml', () => {
  const schema = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'test/packaging/action-metadata.schema.json'), 'utf8'),
  ) as object;
  const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(schema);

  it('is valid Actions metadata', () => {
    expect(validate(action), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('would be refused with a mistake GitHub ignores or rejects', () => {
    type Editable = {
      description?: string;
      inputs: Record<string, Record<string, unknown>>;
      runs: { using: string; steps: Array<Partial<Step>> };
      branding: Record<string, unknown>;
    };
    const broken = (change: (copy: Editable) => void) => {
      const copy = structuredClone(action) as unknown as Editable;
      change(copy);
      return validate(copy);
    };
    expect(broken((a) => delete a.description)).toBe(false);
    expect(broken((a) => (a.inputs.urls!.descripton = 'typo'))).toBe(false);
    expect(broken((a) => delete a.runs.steps[0]!.shell)).toBe(false);
    expect(broken((a) => (a.runs.using = 'node18'))).toBe(false);
    expect(broken((a) => (a.branding.color = 'pink'))).toBe(false);
  });

  it('takes urls, request-ids, timeout and verify (on by default), and uses every input it declares', () => {
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(['urls', 'request-ids', 'timeout', 'verify']),
    );
    expect(action.inputs.verify!.default).toBe('true');
    const text = fs.readFileSync(ACTION_FILE, 'utf8');
    for (const input of Object.keys(action.inputs)) {
      expect(text).toContain(`\${{ inputs.${input} }}`);
    }
  });
});

describe("the README's workflow step, run as GitHub runs the composite action", () => {
  it(
    'runs the committed CLI with no install and no registry: purges, waits, and writes the summary table',
    { timeout: 60_000 },
    async () => {
      const [step] = parse(readmeRecipe('github-actions')) as Array<{
        uses: string;
        env: Record<string, string>;
        with: Record<string, string>;
      }>;
      // The action's major tag, moved by the release workflow to each release.
      expect(step!.uses).toMatch(/\/purge-watch@v1$/);
      expect(step!.env).toEqual({ IMAGEKIT_PRIVATE_KEY: '${{ secrets.IMAGEKIT_PRIVATE_KEY }}' });
      for (const input of Object.keys(step!.with)) expect(action.inputs).toHaveProperty(input);

      const checkout = actionCheckout();
      expect(fs.existsSync(path.join(checkout, 'packages/cli/dist/purge-watch.js'))).toBe(true);
      expect(fs.existsSync(path.join(checkout, 'node_modules'))).toBe(false);
      const tripwire = registryTripwire();
      const run = await runAction(
        // The README's URLs are ImageKit's own, with no CDN a test may ask (verify is run below).
        { ...step!.with, verify: 'false' },
        {
          IMAGEKIT_PRIVATE_KEY: fake.privateKey,
          PATH: [tripwire.bin, machine.env.PATH].join(path.delimiter),
          // Were npm reached all the same, it would find no registry.
          npm_config_registry: 'http://127.0.0.1:9/',
        },
        checkout,
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(fs.existsSync(tripwire.calls)).toBe(false);
      expect(fake.requests.filter((request) => request.method === 'POST')).toHaveLength(2);
      expect(fs.readFileSync(summary, 'utf8')).toMatch(
        /^# Earlier steps wrote this\n\n?### Purge Watch: every purge completed\n/,
      );
      expect(summaryRows()).toEqual([
        expect.stringMatching(
          new RegExp(
            `^\\| ${escapedUrl('https://ik.imagekit.io/acme/site/app.js')} \\| \`[0-9a-f]{24}\` \\| Completed \\| (at most )?\\d+:\\d\\d \\|$`,
          ),
        ),
        expect.stringMatching(
          new RegExp(
            `^\\| ${escapedUrl('https://ik.imagekit.io/acme/site/css/*')} \\| \`[0-9a-f]{24}\` \\| Completed \\|`,
          ),
        ),
      ]);
    },
  );
});

/** A URL as the summary writes it: every punctuation character backslash-escaped (a pattern). */
const escapedUrl = (url: string) =>
  url.replace(/[!-/:-@[-`{-~]/g, '\\$&').replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

describe("the action's script (action/purge-and-wait.mjs)", { timeout: 40_000 }, () => {
  it('streams each result to the log as it comes, and lists them in the order given in the summary', async () => {
    // The first one given finishes last: the log has b and c long before it; the table a, b, c.
    const [a, b, c] = [Infinity, 0, 0].map((ms) =>
      fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: ms }),
    ) as [string, string, string];
    const child = spawn(process.execPath, [SCRIPT], {
      cwd: machine.project,
      env: Object.fromEntries(
        Object.entries(scriptEnv({ 'request-ids': `${a}, ${b}\n${c}\n` })).filter(
          ([, value]) => value !== undefined,
        ),
      ) as Record<string, string>,
    });
    let stdout = '';
    const finished = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes(b) && stdout.includes(c)) resolve();
      });
    });
    // b and c are in the log while the step still waits for a.
    expect(child.exitCode).toBeNull();
    expect(stdout).not.toContain(a);
    fake.completePurge(a);
    expect(await finished).toBe(0);
    const log = logLines(stdout);
    expect(log).toHaveLength(3);
    expect(log.at(-1)).toMatch(new RegExp(`^${a}  Completed after \\d+:\\d\\d$`));
    expect(summaryRows()).toEqual(
      [a, b, c].map((id) =>
        expect.stringMatching(new RegExp(`^\\|  \\| \`${id}\` \\| Completed \\| `)),
      ),
    );
  });

  it('writes the outputs, one error annotation per failed purge, and true durations for purges submitted elsewhere', async () => {
    // Submitted elsewhere ten minutes ago and done: its age is no duration.
    const old = fake.addPurge(objectIdAt(Date.now() - 10 * 60_000), { completeAfterMs: 0 });
    const unknown = objectIdAt(Date.now()); // no such purge
    const url = 'https://ik.imagekit.io/acme/site/app.js';
    const run = await runScript({ urls: url, 'request-ids': `${old}\n${unknown}` });
    expect(run.code).toBe(1);
    const outputs = stepOutputs();
    expect(outputs).toMatchObject({ completed: '2', failed: '1', 'timed-out': '0' });
    const results = JSON.parse(outputs.results!) as Array<Record<string, unknown>>;
    expect(results).toEqual(
      expect.arrayContaining([
        {
          requestId: expect.stringMatching(/^[0-9a-f]{24}$/),
          url,
          state: 'completed',
          durationMs: expect.any(Number),
          durationIsUpperBound: expect.any(Boolean),
          alreadyCompleted: false,
          message: 'Completed',
        },
        {
          requestId: old,
          url: null,
          state: 'completed',
          durationMs: expect.any(Number),
          durationIsUpperBound: true,
          alreadyCompleted: true,
          message: 'Completed',
        },
        {
          requestId: unknown,
          url: null,
          state: 'failed',
          durationMs: null,
          durationIsUpperBound: false,
          alreadyCompleted: false,
          message: 'not_found: No request found for this requestId.',
        },
      ]),
    );
    expect(annotations(run.stdout)).toEqual([
      `::error title=Purge failed::${unknown}: not_found: No request found for this requestId.`,
    ]);
    // The annotations come after the step's commands resumed.
    const lines = run.stdout.split('\n');
    const token = /^::stop-commands::(\S+)$/.exec(lines[0]!)![1]!;
    expect(lines.indexOf(`::${token}::`)).toBeLessThan(
      lines.findIndex((l) => l.startsWith('::error')),
    );
    const rows = summaryRows();
    expect(rows.find((row) => row.includes(old))).toMatch(/\| Completed \| already completed \|$/);
    expect(rows.find((row) => row.includes(old))).not.toMatch(/\d+:\d\d/);
    expect(logLines(run.stdout)).toContain(`${old}  Completed (already completed)`);
  });

  it('on-timeout: fail exits 3 with an error annotation; warn passes with a warning', async () => {
    // Its first check due at once, and answered well within the timeout on a busy machine (a
    // hang guard, as any: at 1 s, with every core busy, it once ended "not checked yet").
    const never = fake.addPurge(objectIdAt(Date.now() - 60_000), { completeAfterMs: Infinity });
    const failed = await runScript({ 'request-ids': never, timeout: '3s' });
    expect(failed.code).toBe(3);
    expect(fs.readFileSync(summary, 'utf8')).toContain(
      "### Purge Watch: failed with purge-watch's exit code 3",
    );
    expect(summaryRows()).toEqual([
      `|  | \`${never}\` | timeout\\: still Pending after \\-\\-timeout 3s |  |`,
    ]);
    expect(annotations(failed.stdout)).toEqual([
      `::error title=Purge timed out::${never}: timeout: still Pending after --timeout 3s`,
    ]);
    expect(stepOutputs()).toMatchObject({ completed: '0', failed: '0', 'timed-out': '1' });

    fs.writeFileSync(outputFile, '');
    const warned = await runScript({ 'request-ids': never, timeout: '3s', 'on-timeout': 'warn' });
    expect(warned.code).toBe(0);
    expect(annotations(warned.stdout)).toEqual([
      `::warning title=Purge timed out::${never}: timeout: still Pending after --timeout 3s`,
    ]);
    expect(stepOutputs()).toMatchObject({ 'timed-out': '1' });

    const wrong = await runScript({ 'request-ids': never, 'on-timeout': 'ignore' });
    expect(wrong.code).toBe(2);
  });

  it('reports a URL ImageKit refused, still waits for the others, and exits 1', async () => {
    const refused = 'https://ik.imagekit.io/acme/old/*';
    const good = 'https://ik.imagekit.io/acme/site/app.js';
    fake.inject('http_error', {
      endpoint: 'submit',
      status: 400,
      message: 'The URL is not valid for cache purging.',
    });
    const run = await runScript({ urls: `${refused}\n${good}` });
    expect(run.code).toBe(1);
    expect(summaryRows()).toEqual([
      `| ${escapedUrl(refused).replace(/\\(.)/g, '$1')} |  | not purged\\: rejected\\: The URL is not valid for cache purging\\. |  |`,
      expect.stringMatching(
        /^\| https\\:\\\/\\\/ik\\\.imagekit\\\.io\\\/acme\\\/site\\\/app\\\.js \| `[0-9a-f]{24}` \| Completed \|/,
      ),
    ]);
    expect(annotations(run.stdout)).toEqual([
      `::error title=Purge failed::${refused}: not purged: rejected: The URL is not valid for cache purging.`,
    ]);
  });

  it('bounds the purge too: a URL held back by an hour-long 429 fails at the timeout', async () => {
    fake.inject('rate_limited', { endpoint: 'submit', resetMs: 3_600_000, times: Infinity });
    const url = 'https://ik.imagekit.io/acme/site/app.js';
    const run = await runScript({ urls: url, timeout: '1s' });
    expect(run.code).toBe(1);
    expect(stepOutputs()).toMatchObject({ completed: '0', failed: '1', 'timed-out': '0' });
    expect(annotations(run.stdout)).toEqual([
      `::error title=Purge failed::${url}: not purged: timeout: --timeout 1s reached before it was sent: not purged`,
    ]);
  });

  it('never reads an input as an option: `--` comes before the operands', async () => {
    const id = fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: 0 });
    const help = await runScript({ 'request-ids': `${id}\n--help` });
    expect(help.code).toBe(2);
    expect(help.stdout + help.stderr).not.toContain('Usage:');
    expect(help.stderr).toMatch(/"--help" is not a request ID/);
    const version = await runScript({ urls: '--version' });
    expect(version.code).toBe(2);
    expect(version.stderr).toMatch(/"--version" cannot be purged/);
    expect(fake.requests.filter((request) => request.method === 'POST')).toEqual([]);
  });

  it('keeps what the server says inert in the summary: no HTML, no Markdown, no extra columns', async () => {
    const id = fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: Infinity });
    fake.inject('http_error', {
      status: 404,
      requestId: id,
      times: Infinity,
      message:
        '<img src=x onerror=alert(1)> | `done` [Sign in again](https://evil.example/login) ![t](https://evil.example/t.png) **now** www.evil.example\n| forged | row |',
    });
    const run = await runScript({ 'request-ids': id });
    expect(run.code).toBe(1);
    const rows = summaryRows();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).not.toMatch(
      /<img|(?<!\\)`done|(?<!\\)\[|(?<!\\)\]\(|!\[|https:\/\/|www\.evil|(?<!\\)\*\*/,
    );
    expect(row).toContain(
      '&lt;img src\\=x onerror\\=alert\\(1\\)&gt; \\| \\`done\\` \\[Sign in again\\]\\(https\\:\\/\\/evil',
    );
    // Four cells: the server's pipes are escaped, so they split nothing.
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(4);
  });

  it('passes the refused key on as exit code 4 without waiting', async () => {
    const id = fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: 0 });
    const run = await runScript(
      { urls: 'https://ik.imagekit.io/acme/a.js', 'request-ids': id },
      {
        IMAGEKIT_PRIVATE_KEY: 'private_wrong_key_0000000000',
      },
    );
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^purge-watch: /);
    expect(fake.requests.filter((request) => request.method === 'GET')).toEqual([]);
    // The request ID never waited for is still one of the results (README: `pending` when never
    // waited for, e.g. after a refused key), and a row of the summary: a later step reads it.
    const results = JSON.parse(stepOutputs().results!) as Array<Record<string, unknown>>;
    expect(results.map((result) => [result.requestId, result.state])).toEqual([
      [null, 'failed'],
      [id, 'pending'],
    ]);
    expect(summaryRows()[1]).toContain(`\`${id}\``);
  });

  it('lets no server text in the job log pass for a workflow command', async () => {
    const id = fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: 0 });
    fake.inject('forbidden', {
      times: Infinity,
      message: 'Denied.\n::add-mask::x\n::error::forged',
    });
    const run = await runScript({ 'request-ids': id });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('::error::forged'); // the CLI's one error line, as the server said it
    const lines = run.stdout.split('\n').filter(Boolean);
    const token = /^::stop-commands::(\S+)$/.exec(lines[0]!)?.[1];
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    const resumed = lines.indexOf(`::${token}::`);
    expect(lines.slice(1, resumed).filter((line) => line.startsWith('::'))).toEqual([]);
    // After it, only the step's own annotations, each one line with the server's text inert.
    expect(lines.slice(resumed + 1)).toEqual([
      `::error title=Purge failed::${id}: auth: Denied. ::add-mask::x ::error::forged`,
    ]);
  });

  it('with verify: says what the CDN serves in the log, a column of the summary and the outputs', async () => {
    const fresh = `${fake.cdn.baseUrl}/acme/action/app.js`;
    const folder = `${fake.cdn.baseUrl}/acme/action/css/*`;
    const run = await runScript({ urls: `${fresh}\n${folder}`, verify: 'true' });
    expect(run.code).toBe(0);
    // As they complete, in whichever order.
    const completed = logLines(run.stdout).filter((line) => line.includes('Completed'));
    expect(completed).toHaveLength(2);
    expect(completed).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          // "at most" when it was already complete at its first check (a busy machine).
          new RegExp(
            `^${fresh}  [0-9a-f]{24}  Completed after (at most )?\\d+:\\d\\d · fresh at FRA56-P1$`,
          ),
        ),
        expect.stringMatching(/ · not checked: wildcard$/),
      ]),
    );
    expect(fs.readFileSync(summary, 'utf8')).toContain(
      '| URL | Request ID | Result | Took | CDN |',
    );
    // The CDN's words pass the summary's escaping too (an edge's name comes from its headers).
    expect(summaryRows()).toEqual([
      expect.stringMatching(/ \| fresh at FRA56\\-P1 \|$/),
      expect.stringMatching(/ \| not checked\\: wildcard \|$/),
    ]);
    const outputs = stepOutputs();
    expect(outputs['verify-verdict']).toBe('unknown');
    const results = JSON.parse(outputs['verify-results']!) as Array<Record<string, unknown>>;
    expect(results).toEqual([
      expect.objectContaining({
        url: fresh,
        verdict: 'fresh',
        pop: 'FRA56-P1',
        cache: 'Miss from cloudfront',
      }),
      expect.objectContaining({ url: folder, verdict: 'unknown', reason: 'not checked: wildcard' }),
    ]);
    for (const request of fake.cdn.requests)
      expect(request.headers).not.toHaveProperty('authorization');
  });

  it('with verify: fails the step with exit code 6 when the edge still serves the old copy', async () => {
    const stale = `${fake.cdn.baseUrl}/acme/action/stale.js`;
    fake.cdn.setMode('/acme/action/stale.js', { kind: 'stale-edge', forMs: 10 * 60_000 });
    const run = await runScript({ urls: stale, verify: 'true' });
    expect(run.code).toBe(6);
    expect(fs.readFileSync(summary, 'utf8')).toContain(
      "### Purge Watch: every purge completed, but the CDN's nearest edge still serves an old copy",
    );
    expect(summaryRows()).toEqual([
      expect.stringMatching(
        / \| FRA56\\-P1 still serves the old copy\\, a copy 2\\:0\d\\:\d\d old \|$/,
      ),
    ]);
    expect(stepOutputs()['verify-verdict']).toBe('stale');
  });

  it.each([
    ['age-days', '3d'],
    // 10^20 s: not "596523:14:08" on a clock.
    ['age-huge', 'over a year'],
  ] as const)(
    'with verify: a copy kept for days (%s) reads "a copy %s old"',
    async (headers, age) => {
      const file = `/acme/action/${headers}.js`;
      fake.cdn.setMode(file, { kind: 'hostile', headers });
      const run = await runScript({ urls: `${fake.cdn.baseUrl}${file}`, verify: 'true' });
      expect(run.code).toBe(6);
      expect(logLines(run.stdout)).toContainEqual(
        expect.stringMatching(
          new RegExp(` · FRA56-P1 still serves the old copy, a copy ${age} old$`),
        ),
      );
      expect(summaryRows()).toEqual([
        expect.stringMatching(
          new RegExp(` \\| FRA56\\\\-P1 still serves the old copy\\\\, a copy ${age} old \\|$`),
        ),
      ]);
    },
  );

  it('with verify: a URL ImageKit refused wins over an old copy of another (exit 1), and the summary does not say every purge completed', async () => {
    const refused = `${fake.cdn.baseUrl}/acme/action/refused.js`;
    const stale = `${fake.cdn.baseUrl}/acme/action/stale-beside-refused.js`;
    fake.cdn.setMode('/acme/action/stale-beside-refused.js', {
      kind: 'stale-edge',
      forMs: 10 * 60_000,
    });
    fake.inject('http_error', {
      endpoint: 'submit',
      status: 400,
      message: 'The URL is not valid for cache purging.',
    });
    const run = await runScript({ urls: `${refused}\n${stale}`, verify: 'true' });
    expect(run.code).toBe(1);
    expect(fs.readFileSync(summary, 'utf8')).toContain(
      "### Purge Watch: failed with purge-watch's exit code 1",
    );
    expect(stepOutputs()).toMatchObject({ completed: '1', failed: '1', 'verify-verdict': 'stale' });
  });

  it('with verify and on-timeout: warn, still fails the step with exit code 6 for an old copy beside a timeout', async () => {
    // The CLI's timeout wins over its stale copy (exit 3); warn forgives the timeout alone.
    const stale = `${fake.cdn.baseUrl}/acme/action/stale-beside-timeout.js`;
    fake.cdn.setMode('/acme/action/stale-beside-timeout.js', {
      kind: 'stale-edge',
      forMs: 10 * 60_000,
    });
    const never = fake.addPurge(objectIdAt(Date.now() - 60_000), { completeAfterMs: Infinity });
    const run = await runScript({
      urls: stale,
      'request-ids': never,
      verify: 'true',
      timeout: '8s',
      'on-timeout': 'warn',
    });
    expect(run.code).toBe(6);
    expect(annotations(run.stdout)).toEqual([
      `::warning title=Purge timed out::${never}: timeout: still Pending after --timeout 8s`,
    ]);
    expect(fs.readFileSync(summary, 'utf8')).toContain(
      "### Purge Watch: 1 still pending at the timeout (on-timeout: warn), and the CDN's nearest edge still serves an old copy",
    );
    expect(stepOutputs()).toMatchObject({
      completed: '1',
      'timed-out': '1',
      'verify-verdict': 'stale',
    });
  });

  it('refuses a verify that is neither true nor false', async () => {
    const run = await runScript({ 'request-ids': '598821f949c0a938d57563bd', verify: 'yes' });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^::error title=purge-watch::`verify` is true or false\./);
  });

  it('refuses to run with neither urls nor request-ids, and writes no summary', async () => {
    const run = await runScript({ urls: ' \n', 'request-ids': '' });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^::error title=purge-watch::.*urls.*request-ids/);
    expect(fs.readFileSync(summary, 'utf8')).toBe('# Earlier steps wrote this\n');
    expect(fake.requests).toEqual([]);
  });

  it('sends nothing for more than max-purges urls (100 by default), and says why where the job page shows it', async () => {
    const urls = Array.from({ length: 101 }, (_, i) => `https://ik.imagekit.io/acme/many/${i}.js`);
    const run = await runScript({ urls: urls.join('\n') });
    expect(run.code).toBe(2);
    expect(fake.requests).toEqual([]);
    const why = '101 URLs are more than --max-purges 100: nothing was sent.';
    expect(run.stderr).toContain(why);
    // One annotation, not one per URL; each URL failed in the results; the summary says so.
    expect(annotations(run.stdout)).toEqual([
      expect.stringContaining(`::error title=Nothing purged::${why}`),
    ]);
    const results = JSON.parse(stepOutputs().results!) as Array<{ state: string; message: string }>;
    expect(results).toHaveLength(101);
    expect(
      results.every((r) => r.state === 'failed' && r.message.startsWith(`not purged: ${why}`)),
    ).toBe(true);
    expect(stepOutputs()).toMatchObject({ completed: '0', failed: '101' });
    // (Markdown's punctuation backslash-escaped, as all the server's and the CLI's text.)
    expect(fs.readFileSync(summary, 'utf8').replace(/\\/g, '')).toContain(
      '### Purge Watch: nothing purged: 101 URLs are more than --max-purges 100',
    );

    // With max-purges raised, the same list is purged.
    fs.writeFileSync(outputFile, '');
    const raised = await runScript({ urls: urls.join('\n'), 'max-purges': '101' });
    expect(raised.code).toBe(0);
    expect(stepOutputs()).toMatchObject({ completed: '101', failed: '0' });
  });

  it('urls: one per line; a line of several URLs is split, one URL with a space is refused whole', async () => {
    const spaced = 'https://ik.imagekit.io/acme/my file.jpg';
    const run = await runScript({
      urls: `${spaced}\r\nhttps://ik.imagekit.io/acme/a.js https://ik.imagekit.io/acme/b.js`,
    });
    expect(run.code).toBe(2);
    expect(fake.requests).toEqual([]);
    expect(annotations(run.stdout)).toEqual([
      `::error title=Nothing purged::"${spaced}" cannot be purged: contains a space (write it as %2520)`,
    ]);
    const results = JSON.parse(stepOutputs().results!) as Array<{ url: string }>;
    expect(results.map((r) => r.url)).toEqual([
      spaced,
      'https://ik.imagekit.io/acme/a.js',
      'https://ik.imagekit.io/acme/b.js',
    ]);
  });

  it('echoes a refused URL without its bidi override or zero-width space, in the log, annotation and summary', async () => {
    // An override makes "…/\u202egpj.exe" read as "…/exe.jpg"; a zero-width space hides inside a word.
    const reversed = 'https://ik.imagekit.io/acme/\u202egpj.exe';
    const hidden = 'https://ik.imagekit.io/acme/lo\u200bgo.png';
    const run = await runScript({ urls: `${reversed}\n${hidden}` });
    expect(run.code).toBe(2);
    expect(fake.requests).toEqual([]);
    const summaryText = fs.readFileSync(summary, 'utf8');
    for (const shown of [run.stdout, summaryText]) {
      expect(shown).not.toMatch(/[\u202e\u200b]/);
    }
    expect(annotations(run.stdout)).toEqual([
      expect.stringMatching(/^::error title=Nothing purged::"https:\/\/ik.imagekit.io\/acme\//),
    ]);
    // Each refused URL is a row of the summary, the invisible character a space where it was.
    expect(summaryRows().map((row) => row.split(' | ')[0])).toEqual([
      '| https\\:\\/\\/ik\\.imagekit\\.io\\/acme\\/ gpj\\.exe',
      '| https\\:\\/\\/ik\\.imagekit\\.io\\/acme\\/lo go\\.png',
    ]);
    // The outputs are data for the workflow: the URLs exactly as it gave them.
    const results = JSON.parse(stepOutputs().results!) as Array<{ url: string }>;
    expect(results.map((r) => r.url)).toEqual([reversed, hidden]);
  });

  it('cleans its text of exactly what the CLI does: the same character class', () => {
    const script = fs.readFileSync(SCRIPT, 'utf8');
    const literal = /^const UNSHOWABLE = \/(.+)\/(\w*);$/m.exec(script);
    expect(literal?.slice(1)).toEqual([UNSHOWABLE.source, UNSHOWABLE.flags]);
  });

  it('a wildcard ImageKit refuses: nothing sent, exit 2, the reason in one annotation and each result', async () => {
    const run = await runScript({
      urls: 'https://ik.imagekit.io/a*\nhttps://ik.imagekit.io/acme/b.js',
    });
    expect(run.code).toBe(2);
    expect(fake.requests).toEqual([]);
    expect(annotations(run.stdout)).toEqual([
      expect.stringMatching(
        /^::error title=Nothing purged::"https:\/\/ik.imagekit.io\/a\*" cannot be purged: ImageKit refuses a trailing \*/,
      ),
    ]);
    const results = JSON.parse(stepOutputs().results!) as Array<{ url: string; state: string }>;
    expect(results.map((r) => [r.url, r.state])).toEqual([
      ['https://ik.imagekit.io/a*', 'failed'],
      ['https://ik.imagekit.io/acme/b.js', 'failed'],
    ]);
  });
});

describe('a cancelled run, signalled as GitHub signals it', { timeout: 60_000 }, () => {
  // Purges complete only when a test says so.
  let slow: FakeImageKit;
  beforeAll(async () => {
    slow = await startFakeImageKit({ completeAfterMs: Infinity });
  });
  afterAll(() => slow?.close());

  const URL_A = 'https://ik.imagekit.io/acme/site/app.js';
  const URL_B = 'https://ik.imagekit.io/acme/site/app.css';

  /**
   * The step started as the runner starts it (bash running the step's script; here it leads a
   * process group, so a test can signal the group), once A's purge has completed and the step
   * waits for B's.
   */
  async function stepWaitingForB(env: Record<string, string> = {}) {
    const [step] = actionSteps(
      { urls: `${URL_A}\n${URL_B}`, verify: 'false' },
      { IMAGE_KIT_BASE_URL: slow.baseUrl, IMAGEKIT_PRIVATE_KEY: slow.privateKey, ...env },
      ROOT,
    );
    const child = spawn('bash', step!.args, {
      cwd: machine.project,
      env: Object.fromEntries(Object.entries(step!.env).filter(([, v]) => v !== undefined)),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const log = { stdout: '', stderr: '' };
    child.stdout.on('data', (chunk: Buffer) => (log.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log.stderr += chunk.toString()));
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    child.on('close', (code, signal) => (exit = { code, signal }));
    const requested = () =>
      new Map(
        [...log.stdout.matchAll(/^(\S+) {2}([0-9a-f]{24}) {2}purge requested$/gm)].map(
          ([, url, id]) => [url!, id!],
        ),
      );
    await until(() => requested().size === 2, 'both purges requested');
    const [a, b] = [requested().get(URL_A)!, requested().get(URL_B)!];
    slow.completePurge(a);
    await until(() => log.stdout.includes(`${URL_A}  ${a}  Completed`), "A's completion");
    const exited = async (after: string) => {
      await until(() => exit !== undefined, `the step to end after ${after}`);
      return exit!;
    };
    /** Whatever is left of the step's process group (before the fix: the script and the CLI). */
    const stop = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // The group has ended.
      }
    };
    return { pid: child.pid!, a, b, log, exited, stop };
  }

  /** The summary and outputs of a run cancelled while B was pending. */
  function expectCancelledReport(a: string, b: string, signal: string) {
    expect(fs.readFileSync(summary, 'utf8')).toMatch(
      new RegExp(
        `^# Earlier steps wrote this\\n\\n?### Purge Watch: cancelled by ${signal}, 1 of 2 purges still pending\\n`,
      ),
    );
    expect(summaryRows()).toEqual([
      expect.stringMatching(
        new RegExp(
          `^\\| ${escapedUrl(URL_A)} \\| \`${a}\` \\| Completed \\| (at most )?\\d+:\\d\\d \\|$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^\\| ${escapedUrl(URL_B)} \\| \`${b}\` \\| still pending when the run was cancelled \\|  \\|$`,
        ),
      ),
    ]);
    const outputs = stepOutputs();
    expect(outputs).toMatchObject({ completed: '1', failed: '0', 'timed-out': '0' });
    expect(JSON.parse(outputs.results!)).toEqual([
      expect.objectContaining({ requestId: a, url: URL_A, state: 'completed' }),
      {
        requestId: b,
        url: URL_B,
        state: 'pending',
        durationMs: null,
        durationIsUpperBound: false,
        alreadyCompleted: false,
        message: 'still pending when the run was cancelled',
      },
    ]);
  }

  it("SIGINT to the step's process, as the runner sends it: what completed and what was pending are reported, exit 130", async () => {
    const step = await stepWaitingForB();
    try {
      process.kill(step.pid, 'SIGINT');
      expect(await step.exited('SIGINT')).toEqual({ code: 130, signal: null });
      expectCancelledReport(step.a, step.b, 'SIGINT');
      // The CLI said what was still pending, in the job log.
      expect(step.log.stderr).toContain(
        `purge-watch: interrupted by SIGINT: 1 of 2 purges still pending: ${step.b}`,
      );
      expect(step.log.stdout + step.log.stderr).not.toContain(slow.privateKey);
    } finally {
      step.stop();
    }
  });

  it("Windows' Ctrl-Break (SIGBREAK, the runner's second signal there) counts as SIGTERM: reported, exit 143", async () => {
    const step = await stepWaitingForB({ NODE_OPTIONS: `--import=${CTRL_BREAK_PRELOAD}` });
    try {
      process.kill(step.pid, 'SIGUSR2'); // stands in for Ctrl-Break: test/fixtures/ctrl-break.mjs
      expect(await step.exited('Ctrl-Break')).toEqual({ code: 143, signal: null });
      expectCancelledReport(step.a, step.b, 'SIGTERM');
    } finally {
      step.stop();
    }
  });

  it('SIGINT then SIGTERM to the whole process group (Ctrl-C, then the runner giving up): reported all the same', async () => {
    const step = await stepWaitingForB();
    try {
      process.kill(-step.pid, 'SIGINT');
      process.kill(-step.pid, 'SIGTERM');
      const { code, signal } = await step.exited('SIGINT and SIGTERM');
      expect(signal).toBeNull();
      expect([130, 143]).toContain(code);
      expectCancelledReport(step.a, step.b, code === 130 ? 'SIGINT' : 'SIGTERM');
    } finally {
      step.stop();
    }
  });
});
