// The GitHub workflows and action.yml, checked here although they run only on GitHub: valid
// against GitHub's schemas (action-validator, offline, as `npm run check:workflows` and .ci/run
// do), every npm script and repository file they call exists, CI runs the real-Electron tier on
// the three OSes, and a release publishes what the issue of record asks (draft release,
// provenance, the Action's major tag).
import fs from 'node:fs';
import path from 'node:path';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli-install';

interface Step {
  name?: string;
  if?: string;
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  'runs-on': string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  strategy?: { matrix: Record<string, unknown> };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const WORKFLOWS = fs
  .readdirSync(path.join(ROOT, '.github/workflows'))
  .filter((name) => name.endsWith('.yml'))
  .map((name) => `.github/workflows/${name}`);
const ci = parse(read('.github/workflows/ci.yml')) as Workflow;
const release = parse(read('.github/workflows/release.yml')) as Workflow;
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

const runs = (workflow: Workflow) =>
  Object.values(workflow.jobs).flatMap((job) => job.steps.map((step) => step.run ?? ''));

/** The npm scripts a piece of shell calls: `npm run x`, `npm run -s x`, `npm test`. */
function npmScripts(shell: string): string[] {
  const named = [...shell.matchAll(/\bnpm run(?: -s| --silent)? ([\w:-]+)/g)].map((m) => m[1]!);
  const test = /\bnpm test\b/.test(shell) ? ['test'] : [];
  return [...named, ...test];
}

describe('the workflows and action.yml against GitHub schemas (action-validator)', () => {
  it('every workflow and the action validate', () => {
    expect(WORKFLOWS).toEqual(
      expect.arrayContaining(['.github/workflows/ci.yml', '.github/workflows/release.yml']),
    );
    for (const file of WORKFLOWS) expect(validateWorkflow(read(file)).errors, file).toEqual([]);
    expect(validateAction(read('action.yml')).errors).toEqual([]);
  });

  it('a workflow with a mistake GitHub would reject is refused', () => {
    const text = read('.github/workflows/ci.yml');
    expect(validateWorkflow(text.replace('runs-on:', 'run-on:')).errors).not.toEqual([]);
    expect(validateWorkflow(text.replace('pull_request:', 'pull-request:')).errors).not.toEqual([]);
    expect(
      validateAction(read('action.yml').replace('using: composite', 'using: node')).errors,
    ).not.toEqual([]);
  });
});

describe('what the workflows and .ci/run call exists', () => {
  it('every npm script they run is in package.json', () => {
    const shells = [...runs(ci), ...runs(release), read('.ci/run')];
    const called = new Set(shells.flatMap(npmScripts));
    expect([...called]).toEqual(
      expect.arrayContaining(['test', 'test:electron', 'build', 'check:cli-bundle', 'lint']),
    );
    for (const script of called) expect(scripts, `npm run ${script}`).toHaveProperty(script);
  });

  it('every file of the repository they run is there', () => {
    const shells = [...runs(ci), ...runs(release)].join('\n');
    const files = [...shell(shells)];
    expect(files).toEqual(
      expect.arrayContaining(['scripts/with-keyring.sh', 'scripts/homebrew-cask.mjs']),
    );
    for (const file of files) expect(fs.existsSync(path.join(ROOT, file)), file).toBe(true);

    function* shell(text: string): Generator<string> {
      for (const match of text.matchAll(/(?<![\w/.-])((?:scripts|packages|build)\/[\w./-]+)/g)) {
        yield match[1]!;
      }
    }
  });
});

describe('ci.yml', () => {
  const job = ci.jobs.test!;
  const steps = job.steps;
  const stepRunning = (text: string) => steps.filter((step) => step.run?.includes(text));

  it('runs on push and pull requests, on Linux, macOS and Windows, with Node 22', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    expect(job.strategy!.matrix.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest']);
    const node = steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(node?.with?.['node-version']).toBe(22);
  });

  it('installs with npm ci, checks the committed CLI bundle, lints, typechecks and validates', () => {
    for (const command of [
      'npm ci',
      'npm run check:cli-bundle',
      'npm run lint',
      'npm run typecheck',
      'npm run check:workflows',
    ]) {
      const [step] = stepRunning(command);
      expect(step, command).toBeDefined();
      expect(step!.if, `${command} runs on every OS`).toBeUndefined();
    }
    // The bundle is checked before anything rebuilds it.
    const order = (command: string) => steps.findIndex((step) => step.run?.includes(command));
    expect(order('check:cli-bundle')).toBeLessThan(order('npm test'));
  });

  it('runs the suite, and the real-Electron tier on every OS (Linux under Xvfb with a keyring)', () => {
    const suite = stepRunning('npm test');
    // The README's command as it is: it starts the keyring it needs.
    expect(suite.map((step) => step.run)).toEqual(['npm test']);
    const tier = stepRunning('npm run test:electron');
    expect(tier.map((step) => step.if).sort()).toEqual([
      "runner.os != 'Linux'",
      "runner.os == 'Linux'",
    ]);
    const linux = tier.find((step) => step.if === "runner.os == 'Linux'")!;
    expect(linux.run).toMatch(/^xvfb-run .*scripts\/with-keyring\.sh npm run test:electron$/);
    // Required: under CI=true the tier fails when it cannot run, never skips.
    expect((job as Job & { env: Record<string, string> }).env.CI).toBe('true');
  });

  it('downloads the Electron binary before the real-Electron tier on every OS: npm ci does not', () => {
    // The electron package fetches its binary on first use (install.js), not at install time,
    // and the tier fails under CI=true when the binary is not there yet.
    const electron = JSON.parse(read('node_modules/electron/package.json')) as {
      scripts?: Record<string, string>;
    };
    expect(electron.scripts?.install ?? electron.scripts?.postinstall).toBeUndefined();
    const download = steps.findIndex((step) =>
      step.run?.includes('node node_modules/electron/install.js'),
    );
    expect(download, 'a step runs node node_modules/electron/install.js').toBeGreaterThan(-1);
    expect(steps[download]!.if).toBeUndefined();
    const order = (command: string) => steps.findIndex((step) => step.run?.includes(command));
    expect(download).toBeGreaterThan(order('npm ci'));
    for (const [index, step] of steps.entries()) {
      if (step.run?.includes('npm run test:electron')) expect(download).toBeLessThan(index);
    }
  });
});

describe('release.yml', () => {
  const text = read('.github/workflows/release.yml');

  it('runs on v* tags (a draft) and when the draft is published', () => {
    expect(release.on).toEqual({ push: { tags: ['v*'] }, release: { types: ['published'] } });
    expect(release.permissions).toEqual({ contents: 'read' });
  });

  it('builds the installers on the three OSes with electron-builder into the draft release', () => {
    const installers = release.jobs.installers!;
    const targets = (installers.strategy!.matrix.include as Array<{ targets: string }>).map(
      (entry) => entry.targets,
    );
    expect(targets).toEqual([
      '--linux AppImage deb --x64',
      '--mac dmg zip --arm64 --x64',
      '--win nsis --x64',
    ]);
    expect(runs(release).join('\n')).toContain(
      'npx electron-builder ${{ matrix.targets }} --publish always',
    );
    expect(runs(release).join('\n')).toMatch(/gh release create "\$TAG" --draft/);
  });

  it('signs only with the secrets, and the notes say when a build is unsigned', () => {
    expect(text).toMatch(/\[ -n "\$\{!name\}" \] \|\| unset "\$name"/);
    expect(text).toContain('CSC_IDENTITY_AUTO_DISCOVERY=false');
    expect(text).toContain('macOS: **unsigned**');
    expect(text).toContain('Windows: **unsigned**');
    // An unsigned macOS build cannot update itself: it is built to say so.
    expect(text).toContain('-c.extraMetadata.purgeWatch.updates=manual');
  });

  it('publishes the CLI to npm with provenance, only once the draft is published', () => {
    const npm = release.jobs.npm!;
    expect(npm.if).toBe("github.event_name == 'release'");
    expect(npm.permissions).toMatchObject({ 'id-token': 'write' });
    expect(npm.steps.map((step) => step.run ?? '').join('\n')).toMatch(
      /npm publish "purge-watch-\$\{TAG#v\}\.tgz" --provenance --access public/,
    );
  });

  it('packs the CLI with the repository that built it, which provenance requires', () => {
    // npm answers E422 to `publish --provenance` unless package.json's repository.url matches
    // the repository the workflow ran in.
    const cli = JSON.parse(read('packages/cli/package.json')) as { repository?: unknown };
    const pack = release.jobs['cli-and-cask']!.steps.find((step) =>
      step.run?.includes('npm pack ./packages/cli'),
    )!.run!;
    if (cli.repository === undefined) {
      expect(pack).toContain('npm pkg set');
      expect(pack).toContain('repository.url=git+https://github.com/$GITHUB_REPOSITORY.git');
      expect(pack.indexOf('npm pkg set')).toBeLessThan(pack.indexOf('npm pack'));
    } else {
      // Named in the package: it must be the GitHub repository the release workflow runs in.
      expect(JSON.stringify(cli.repository)).toMatch(/github\.com\//);
    }
  });

  it('the version bump it asks for commits and tags nothing (npm version does, in a git checkout)', () => {
    // A tag made by `npm version` alone would point at a commit whose CLI is not bumped, and
    // the tag the steps then ask for would already exist.
    for (const file of ['CONTRIBUTING.md', 'scripts/build.mjs', '.github/workflows/release.yml']) {
      const bumps = [...read(file).matchAll(/npm version <version>(\s+--no-git-tag-version)?/g)];
      expect(bumps.length, file).toBeGreaterThan(0);
      for (const bump of bumps) expect(bump[1], `${file}: ${bump[0]}`).toBeDefined();
    }
  });

  it('attaches the CLI tarball and the Homebrew cask, and moves the v1 tag on publishing', () => {
    expect(text).toMatch(
      /gh release upload "\$TAG" "purge-watch-\$\{TAG#v\}\.tgz" purge-watch\.rb/,
    );
    const tag = release.jobs['action-tag']!;
    expect(tag.if).toBe("github.event_name == 'release'");
    expect(tag.steps.map((step) => step.run ?? '').join('\n')).toMatch(
      /git push --force origin "refs\/tags\/v\$major"/,
    );
  });
});

describe('.ci/run', () => {
  const run = read('.ci/run');
  const suite = run.search(/^npm test$/m);

  it('validates the workflows and action.yml, and checks the committed CLI bundle before the tests rebuild it', () => {
    expect(run).toMatch(/npx action-validator/);
    expect(run.indexOf('npm run check:cli-bundle')).toBeGreaterThan(-1);
    expect(run.indexOf('npm run check:cli-bundle')).toBeLessThan(suite);
  });

  it("runs the README's test command as it is, and fails when it changed the checkout", () => {
    expect(suite).toBeGreaterThan(-1);
    expect(run.slice(suite)).toMatch(/^npm test\ncheckout_unchanged "npm test"$/m);
    expect(run).toMatch(/^(?:\w+=\S+ )?npm ci .*\ncheckout_unchanged "npm ci"$/m);
    expect(run).toMatch(/changed=\$\(git status --porcelain\)/);
  });

  it('installs on a bare Debian with only the npm registry and Debian reachable', () => {
    const apt = /^packages=\((.*)\)$/m.exec(run)?.[1]?.split(' ') ?? [];
    // keytar is built by node-gyp (python3, make, a C++ compiler); git checks the checkout.
    expect(apt).toEqual(expect.arrayContaining(['libsecret-1-dev', 'g++', 'make', 'python3']));
    expect(apt).toContain('git');
    // No npm at all: Debian's, to fetch the registry's Node 22.
    expect(run).toMatch(/command -v npm .*\|\| packages\+=\(nodejs npm\)/);
    // node-gyp would fetch the headers from nodejs.org: the registry's package of the same Node.
    expect(run).toMatch(/npm install .*"node-linux-\$node_arch@\$node_version"/);
    expect(run).toMatch(/^npm_config_nodedir="\$node_headers" npm ci /m);
  });

  it('leaves the real-Electron tier out by name (no Electron binary there)', () => {
    expect(run).toMatch(/left out: .*test\/electron/);
  });
});
