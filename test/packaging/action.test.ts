// The GitHub Action (action.yml + action/purge-and-wait.mjs): its metadata against the Actions
// metadata schema (offline, test/packaging/action-metadata.schema.json), the whole composite
// action run as the README's workflow step writes it, from a copy of the repository's tracked
// files as the runner checks the action out (the committed CLI bundle, no node_modules, no
// dist/) with npm booby-trapped and no registry, and the step's script run directly against the
// fake ImageKit with a temporary step summary file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import type { CleanMachine } from '../support/cli-install';
import { ROOT, cleanMachine, readmeRecipe, runCommand } from '../support/cli-install';

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
// The bundle the action runs: committed, and rewritten by every build.
const CLI = path.join(ROOT, 'packages/cli/dist/purge-watch.js');
const action = parse(fs.readFileSync(ACTION_FILE, 'utf8')) as ActionMetadata;

let machine: CleanMachine;
let fake: FakeImageKit;
let summary: string;

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
  summary = path.join(machine.root, `summary-${Math.random().toString(36).slice(2)}.md`);
  fs.writeFileSync(summary, '# Earlier steps wrote this\n');
});

/** What the runner gives every step, plus the fake ImageKit and its key. */
function runnerEnv(extra: Record<string, string | undefined> = {}) {
  return {
    ...machine.env,
    GITHUB_STEP_SUMMARY: summary,
    IMAGE_KIT_BASE_URL: fake.baseUrl,
    IMAGEKIT_PRIVATE_KEY: fake.privateKey,
    PURGE_WATCH_POLL_SCALE: '0.02',
    ...extra,
  };
}

/** The step's script on its own, with the built CLI. */
function runScript(inputs: Record<string, string>, env: Record<string, string | undefined> = {}) {
  return runCommand(process.execPath, [SCRIPT], {
    cwd: machine.project,
    env: runnerEnv({
      PURGE_WATCH_CLI: CLI,
      INPUT_URLS: inputs.urls,
      INPUT_REQUEST_IDS: inputs['request-ids'],
      INPUT_TIMEOUT: inputs.timeout,
      // ImageKit's own URLs have no CDN a test may ask: checked only where a test says so.
      INPUT_VERIFY: inputs.verify ?? 'false',
      ...env,
    }),
  });
}

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
 * Runs action.yml's composite steps as the runner does, from `actionPath`:
 * `${{ inputs.* }}`, `${{ runner.temp }}` and `${{ github.action_path }}` expanded (any other
 * expression is an error here), each `run` under `bash -eo pipefail`, stopping at the first
 * failing step.
 */
async function runAction(
  with_: Record<string, string>,
  env: Record<string, string>,
  actionPath: string,
) {
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
  let last = { code: 0 as number | null, stdout: '', stderr: '' };
  for (const step of action.runs.steps) {
    expect(step.shell).toBe('bash');
    const stepEnv = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([name, value]) => [name, expand(value)]),
    );
    last = await runCommand(
      'bash',
      ['--noprofile', '--norc', '-eo', 'pipefail', '-c', expand(step.run)],
      {
        cwd: machine.project,
        env: runnerEnv({
          ...env,
          ...stepEnv,
          GITHUB_ACTION_PATH: actionPath,
          RUNNER_TEMP: runnerTemp,
        }),
      },
    );
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
          /^\| https:\/\/ik\.imagekit\.io\/acme\/site\/app\.js \| `[0-9a-f]{24}` \| Completed \| \d+:\d\d \|$/,
        ),
        expect.stringMatching(
          /^\| https:\/\/ik\.imagekit\.io\/acme\/site\/css\/\* \| `[0-9a-f]{24}` \| Completed \|/,
        ),
      ]);
    },
  );
});

describe("the action's script (action/purge-and-wait.mjs)", { timeout: 40_000 }, () => {
  it('waits for request IDs given one per line or comma separated, listed in the order given', async () => {
    // The first one given finishes last: the log and the table still list a, b, c.
    const [a, b, c] = [1500, 0, 0].map((ms) =>
      fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: ms }),
    );
    const run = await runScript({ 'request-ids': `${a}, ${b}\n${c}\n` });
    expect(run.code).toBe(0);
    expect(logLines(run.stdout)).toEqual(
      [a, b, c].map((id) =>
        expect.stringMatching(new RegExp(`^${id}  Completed after \\d+:\\d\\d$`)),
      ),
    );
    expect(summaryRows()).toEqual(
      [a, b, c].map((id) =>
        expect.stringMatching(new RegExp(`^\\|  \\| \`${id}\` \\| Completed \\| \\d+:\\d\\d \\|$`)),
      ),
    );
  });

  it('fails the step with exit code 3 when the timeout passes, and says so in the summary', async () => {
    const never = fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: Infinity });
    const run = await runScript({ 'request-ids': never, timeout: '1s' });
    expect(run.code).toBe(3);
    const text = fs.readFileSync(summary, 'utf8');
    expect(text).toContain("### Purge Watch: failed with purge-watch's exit code 3");
    expect(summaryRows()).toEqual([
      expect.stringMatching(
        new RegExp(
          `^\\|  \\| \`${never}\` \\| timeout: still Pending after --timeout 1s \\|  \\|$`,
        ),
      ),
    ]);
  });

  it('reports a URL ImageKit refused, still waits for the others, and exits 1', async () => {
    const refused = 'https://ik.imagekit.io/acme/*';
    const good = 'https://ik.imagekit.io/acme/site/app.js';
    fake.inject('http_error', {
      endpoint: 'submit',
      status: 400,
      message: 'The URL is not valid for cache purging.',
    });
    const run = await runScript({ urls: `${refused}\n${good}` });
    expect(run.code).toBe(1);
    expect(summaryRows()).toEqual([
      expect.stringMatching(
        /^\| https:\/\/ik\.imagekit\.io\/acme\/\* \| {2}\| not purged: rejected: The URL is not valid for cache purging\. \| {2}\|$/,
      ),
      expect.stringMatching(
        /^\| https:\/\/ik\.imagekit\.io\/acme\/site\/app\.js \| `[0-9a-f]{24}` \| Completed \|/,
      ),
    ]);
  });

  it('keeps what the server says inert in the summary: no HTML, no extra columns', async () => {
    const id = fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: Infinity });
    fake.inject('http_error', {
      status: 404,
      requestId: id,
      times: Infinity,
      message: '<img src=x onerror=alert(1)> | `done`\n| forged | row |',
    });
    const run = await runScript({ 'request-ids': id });
    expect(run.code).toBe(1);
    const rows = summaryRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).not.toMatch(/<img|`done`/);
    expect(rows[0]).toContain('&lt;img src=x onerror=alert(1)&gt; \\| ');
    // Four cells: the server's pipes are escaped, so they split nothing.
    expect(rows[0]!.split(/(?<!\\)\|/).length - 2).toBe(4);
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
    expect(lines.at(-1)).toBe(`::${token}::`);
    expect(lines.slice(1, -1).filter((line) => line.startsWith('::'))).toEqual([]);
  });

  it('with verify: says what the CDN serves in the log, a column of the summary and the outputs', async () => {
    const fresh = `${fake.cdn.baseUrl}/acme/action/app.js`;
    const folder = `${fake.cdn.baseUrl}/acme/action/css/*`;
    const outputs = path.join(machine.root, `outputs-${Math.random().toString(36).slice(2)}`);
    const run = await runScript(
      { urls: `${fresh}\n${folder}`, verify: 'true' },
      { GITHUB_OUTPUT: outputs },
    );
    expect(run.code).toBe(0);
    expect(logLines(run.stdout)).toEqual([
      expect.stringMatching(
        new RegExp(`^${fresh}  [0-9a-f]{24}  Completed after \\d+:\\d\\d · fresh at FRA56-P1$`),
      ),
      expect.stringMatching(/ · not checked: wildcard$/),
    ]);
    expect(fs.readFileSync(summary, 'utf8')).toContain(
      '| URL | Request ID | Result | Took | CDN |',
    );
    expect(summaryRows()).toEqual([
      expect.stringMatching(/ \| fresh at FRA56-P1 \|$/),
      expect.stringMatching(/ \| not checked: wildcard \|$/),
    ]);
    const written = fs.readFileSync(outputs, 'utf8').split('\n');
    expect(written[0]).toBe('verify-verdict=unknown');
    const results = JSON.parse(written[1]!.replace(/^verify-results=/, '')) as Array<
      Record<string, unknown>
    >;
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
    const outputs = path.join(machine.root, `outputs-${Math.random().toString(36).slice(2)}`);
    const run = await runScript({ urls: stale, verify: 'true' }, { GITHUB_OUTPUT: outputs });
    expect(run.code).toBe(6);
    expect(fs.readFileSync(summary, 'utf8')).toContain(
      "### Purge Watch: every purge completed, but the CDN's nearest edge still serves an old copy",
    );
    expect(summaryRows()).toEqual([
      expect.stringMatching(/ \| FRA56-P1 still serves the old copy, a copy 2:0\d:\d\d old \|$/),
    ]);
    expect(fs.readFileSync(outputs, 'utf8')).toMatch(/^verify-verdict=stale\n/);
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
});
