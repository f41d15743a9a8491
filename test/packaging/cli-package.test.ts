// The purge-watch npm package as a deploy machine gets it: the packed tarball installed into an
// empty folder with `npm install --omit=optional`, offline, with libsecret's headers hidden and
// no Electron anywhere, then run against the fake ImageKit. Also runs the README's GitLab CI and
// shell recipes as written. Install time is reported here and measured by `npm run bench`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import { KEYTAR_MISSING } from '../../src/core/accounts/keychain';
import type { CleanMachine, Install } from '../support/cli-install';
import {
  CLI_PACKAGE_DIR,
  cleanMachine,
  cliPackageVersion,
  cliTarball,
  installCli,
  readmeRecipe,
  runCommand,
} from '../support/cli-install';

let machine: CleanMachine;
let install: Install;
let fake: FakeImageKit;

beforeAll(async () => {
  machine = cleanMachine();
  install = installCli(machine);
  fake = await startFakeImageKit({ completeAfterMs: 300 });
  console.info(
    `purge-watch ${cliPackageVersion()}: npm install --omit=optional took ${Math.round(install.ms)} ms, ${(install.bytes / 1024).toFixed(1)} KB installed`,
  );
}, 120_000);
afterAll(async () => {
  await fake?.close();
  machine?.remove();
});

/** The installed CLI through npx, as a user in that folder runs it. */
function npx(args: string[], env: Record<string, string | undefined> = {}) {
  return runCommand('npx', ['purge-watch', ...args], {
    cwd: machine.project,
    env: {
      ...machine.env,
      IMAGE_KIT_BASE_URL: fake.baseUrl,
      IMAGEKIT_PRIVATE_KEY: fake.privateKey,
      PURGE_WATCH_POLL_SCALE: '0.02',
      ...env,
    },
  });
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('the packed purge-watch package', { timeout: 60_000 }, () => {
  it('holds the bundled CLI, its README and licence, and nothing else', () => {
    const listing = spawnSync('tar', ['-tzf', cliTarball()], { encoding: 'utf8' });
    expect(listing.status).toBe(0);
    expect(listing.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'package/LICENSE',
      'package/README.md',
      'package/dist/purge-watch.js',
      'package/package.json',
    ]);
  });

  it('installs offline as one package, without keytar, Electron or any native build', () => {
    // The machine really hides libsecret: keytar could not have compiled here.
    const probe = spawnSync('pkg-config', ['--exists', 'libsecret-1'], { env: machine.env });
    expect(probe.status).not.toBe(0);

    expect(install.packages).toEqual(['purge-watch']);
    expect(fs.existsSync(machine.nativeBuildMarker)).toBe(false);
    const files = filesUnder(path.join(machine.project, 'node_modules'));
    expect(files.filter((file) => /\.(node|gyp)$|electron/i.test(file))).toEqual([]);
    expect(install.bytes).toBeLessThan(1024 * 1024);
  });

  it('answers --version with the package version', async () => {
    const run = await npx(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${cliPackageVersion()}\n`);
  });

  it('gets a status and waits for purges against ImageKit', async () => {
    const held = fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: Infinity });
    const status = await npx(['status', held]);
    expect(status.code).toBe(0);
    expect(status.stdout).toBe(`${held}  Pending\n`);

    fake.completePurge(held);
    const soon = fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: 1_000 });
    const wait = await npx(['wait', '--timeout', '1m', held, soon]);
    expect(wait.stderr).toBe('');
    expect(wait.code).toBe(0);
    // `held` was completed before `wait` began: its first answer is no measure of a duration.
    const lines = wait.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines).toContain(`${held}  Completed (already completed at the first answer)`);
    expect(lines.find((line) => line.startsWith(soon))).toMatch(
      /^\S+ {2}Completed( after \S+| \(already completed at the first answer\))$/,
    );
  });

  it('says how to proceed without keytar when no IMAGEKIT_PRIVATE_KEY is set', async () => {
    fake.resetRecords();
    const status = await npx(['status', objectIdAt(Date.now())], { IMAGEKIT_PRIVATE_KEY: '' });
    // Exit 4: no key is set (there is no keychain here to hold one), nothing was sent.
    expect(status.code).toBe(4);
    expect(status.stderr).toBe(
      'purge-watch: No private API key is set. Set IMAGEKIT_PRIVATE_KEY (keychain support is not installed here).\n',
    );
    expect(fake.requests).toEqual([]);

    const key = await npx(['key', 'status'], { IMAGEKIT_PRIVATE_KEY: undefined });
    expect(key.code).toBe(4);
    expect(key.stdout).toBe(
      'Private key: not set (set IMAGEKIT_PRIVATE_KEY: keychain support is not installed here)\n',
    );
    // Storing one is what cannot be done: the keychain is missing (5).
    const set = await npx(['key', 'set', '--no-check'], { IMAGEKIT_PRIVATE_KEY: undefined });
    expect(set.code).toBe(5);
    expect(set.stderr).toContain(`${KEYTAR_MISSING} Or set IMAGEKIT_PRIVATE_KEY instead.`);
  });
});

describe('from a checkout (the README), with no registry', { timeout: 60_000 }, () => {
  it('runs the committed bundle as it is, and installs ./packages/cli onto the PATH', async () => {
    // A checkout's packages/cli: the committed bundle, nothing built or installed beside it.
    const checkout = path.join(machine.root, 'checkout');
    fs.cpSync(CLI_PACKAGE_DIR, path.join(checkout, 'packages/cli'), { recursive: true });
    const env = { ...machine.env, IMAGE_KIT_BASE_URL: fake.baseUrl };
    const direct = await runCommand(
      process.execPath,
      ['packages/cli/dist/purge-watch.js', '--version'],
      { cwd: checkout, env },
    );
    expect(direct.stdout.trim()).toBe(cliPackageVersion());
    const installed = await runCommand(
      'npm',
      ['install', '--global', '--omit=optional', './packages/cli'],
      { cwd: checkout, env },
    );
    expect(installed.stderr).not.toMatch(/ERR!/);
    expect(installed.code).toBe(0);
    const onPath = await runCommand('purge-watch', ['--version'], { cwd: machine.project, env });
    expect(onPath.stdout.trim()).toBe(cliPackageVersion());
    expect(fs.existsSync(machine.nativeBuildMarker)).toBe(false);
  });
});

describe("the README's recipes, as written", { timeout: 60_000 }, () => {
  /**
   * Runs a recipe's shell lines on the clean machine, installing the packed tarball where the
   * recipe downloads the release's (which must be this version's: the release attaches it).
   */
  async function runRecipe(script: string) {
    const version = cliPackageVersion();
    const releaseTarball = `https://github.com/OWNER/purge-watch/releases/download/v${version}/purge-watch-${version}.tgz`;
    // Continued lines joined, as sh reads them.
    const commands = script.replace(/\\\n\s*/g, '').replaceAll(releaseTarball, cliTarball());
    expect(commands).not.toMatch(/releases\/download/);
    expect(commands).toContain(cliTarball());
    fake.resetRecords();
    const run = await runCommand('sh', ['-c', commands], {
      cwd: machine.project,
      env: {
        ...machine.env,
        IMAGE_KIT_BASE_URL: fake.baseUrl,
        IMAGEKIT_PRIVATE_KEY: fake.privateKey,
        PURGE_WATCH_POLL_SCALE: '0.02',
      },
    });
    const purged = fake.requests.filter((request) => request.method === 'POST');
    return { run, purged };
  }

  it('GitLab CI: installs purge-watch, purges and waits until every purge completed', async () => {
    const job = (parse(readmeRecipe('gitlab-ci')) as Record<string, { script: string[] }>)[
      'purge-cdn'
    ]!;
    expect(readmeRecipe('gitlab-ci')).not.toMatch(/private_/);
    const { run, purged } = await runRecipe(job.script.join('\n'));
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(purged).toHaveLength(2);
    expect(run.stdout).toContain('https://ik.imagekit.io/acme/site/css/*');
    expect(run.stdout.match(/Completed (after|within) /g)).toHaveLength(2);
  });

  it('shell deploy script: the same, and it stops early when the key is not set', async () => {
    const script = readmeRecipe('shell');
    const { run, purged } = await runRecipe(script);
    expect(run.code).toBe(0);
    expect(purged).toHaveLength(2);
    expect(run.stdout.match(/Completed (after|within) /g)).toHaveLength(2);

    const withoutKey = await runCommand('sh', ['-c', script], {
      cwd: machine.project,
      env: { ...machine.env, IMAGE_KIT_BASE_URL: fake.baseUrl },
    });
    expect(withoutKey.code).not.toBe(0);
    expect(withoutKey.stderr).toContain('IMAGEKIT_PRIVATE_KEY');
  });
});
