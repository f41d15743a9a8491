// `npm run demo`: Purge Watch against the fake ImageKit, so anyone sees it work in a minute.
// Starts the fake server with two accounts (production and staging, a working fake key each),
// seeds purges that complete over the next minute (one known only to staging, so the account
// lookup shows), puts in that profile a purge of an image URL on the fake's CDN as if the app had
// submitted it (so its completion is checked at the CDN: "Completed · fresh"), and launches the
// app on the throwaway profile (userData in a temporary directory, keychain entries of its own)
// that is deleted when the app quits. Without a usable
// keychain it runs with production's key from IMAGEKIT_PRIVATE_KEY only. `--dry-run` does
// everything but touch the keychain and launch Electron, and prints the command instead.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../src/core/clock';
import { probeBeforePurge } from '../src/core/freshness/freshness-check';
import { KeytarKeychain } from '../src/core/accounts/keychain';
import { PURGE_FILE_NAME } from '../src/core/storage/purge-file';
import type { PurgeRequest } from '../src/shared/purge';
import { USER_AGENT } from '../src/shared/version';
import { objectIdAt, startFakeImageKit } from '../test/fake-imagekit/server';
import { ensureElectron, locateElectron } from './electron-binary';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dryRun = process.argv.includes('--dry-run');

/** What the demo shows, in the order it happens. */
const SEEDS: ReadonlyArray<{ afterMs: number; what: string }> = [
  { afterMs: 8_000, what: 'completes after about 8 s: one notification' },
  { afterMs: 20_000, what: 'with the next two, completes after about 20 s:' },
  { afterMs: 20_000, what: '  seen in one round of checks, told in one' },
  { afterMs: 20_000, what: '  "3 purges completed" notification' },
  { afterMs: 45_000, what: 'completes after about 45 s' },
  { afterMs: Infinity, what: 'never completes: stays pending (try Pause, Check now, Remove)' },
];
const UNKNOWN_ID = '000000000000000000000000';
/** The demo's keychain service: setting or deleting a key in the demo never touches the real ones. */
const KEYCHAIN_SERVICE = 'purge-watch-demo';
const ACCOUNTS = ['production', 'staging'] as const;
/** A purge only staging knows: asked of production first ("not found" there), then of staging. */
const STAGING_SEED = {
  afterMs: 30_000,
  what: 'known only to staging: production says "not found", staging has it (about 30 s)',
};
/** The purge of a URL the demo hands the app as its own: checked at the fake's CDN once completed. */
const CHECKED_PATH = '/acme/site/hero.jpg';
const CHECKED_AFTER_MS = 12_000;

async function main(): Promise<void> {
  const mainBundle = path.join(root, 'dist', 'main', 'index.js');
  if (!fs.existsSync(mainBundle)) {
    throw new Error(
      'demo: dist/main/index.js is missing: run `npm run build` first (npm run demo does).',
    );
  }
  // Before anything else: without Electron there is no demo to guide through.
  const electronDir = path.join(root, 'node_modules', 'electron');
  const located = locateElectron(electronDir);
  const electron = dryRun
    ? located.found
      ? located.path
      : located.expected
    : ensureElectron({ root, electronDir });
  const fake = await startFakeImageKit({ accounts: [...ACCOUNTS], completeAfterMs: 20_000 });
  const now = Date.now();
  const seeded = SEEDS.map((seed) => ({
    ...seed,
    requestId: fake.addPurge(objectIdAt(now), {
      account: 'production',
      completeAfterMs: seed.afterMs,
    }),
  }));
  seeded.push({
    ...STAGING_SEED,
    requestId: fake.addPurge(objectIdAt(now), {
      account: 'staging',
      completeAfterMs: STAGING_SEED.afterMs,
    }),
  });
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-demo-'));
  const checked = await seedCheckedPurge(fake, userData);
  // Both accounts' keys in the demo's own keychain entries; without a usable keychain,
  // production's key from the environment only (one account).
  const keychain = new KeytarKeychain({ service: KEYCHAIN_SERVICE });
  const keychainProblem = dryRun ? undefined : await storeKeys(keychain, fake.keyOf);
  const cleanUp = async (): Promise<void> => {
    await fake.close();
    fs.rmSync(userData, { recursive: true, force: true });
    if (!dryRun && keychainProblem === undefined) {
      for (const account of ACCOUNTS) await keychain.deletePrivateKey(account).catch(() => false);
    }
  };

  const args = [root, '--track', ...seeded.map((seed) => seed.requestId), UNKNOWN_ID];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    IMAGE_KIT_BASE_URL: fake.baseUrl,
    PURGE_WATCH_USER_DATA: userData,
    PURGE_WATCH_KEYCHAIN_SERVICE: KEYCHAIN_SERVICE,
  };
  delete env.IMAGEKIT_PRIVATE_KEY;
  // The fake server's own key: it opens nothing but this local fake.
  if (keychainProblem !== undefined) env.IMAGEKIT_PRIVATE_KEY = fake.keyOf('production');
  const accountsLine =
    keychainProblem === undefined
      ? `  accounts:      production and staging (fake keys in the keychain under "${KEYCHAIN_SERVICE}", deleted when the app quits)`
      : `  accounts:      production only, from IMAGEKIT_PRIVATE_KEY (the keychain could not be used: ${keychainProblem})`;

  process.stdout.write(`Purge Watch demo
  fake ImageKit: ${fake.baseUrl} (fake keys, accepted only there)
  profile:       ${userData} (deleted when the app quits)
${accountsLine}

Tracked at launch:
${seeded.map((seed) => `  ${seed.requestId}  ${seed.what}`).join('\n')}
  ${UNKNOWN_ID}  unknown to ImageKit: a "Purge not found" notification
  ${checked.requestId}  ${checked.url}
    a purge of an image (a new version at the fake's origin) completing after about 12 s, then
    checked at the fake CDN: "Completed · fresh" (its row's details show the CDN's headers)

Also try: copy an http(s) URL, then "Purge URL from clipboard" in the tray menu, with
production or, from its submenu, staging (the fake completes submitted purges after 20 s);
a URL on the fake's CDN, like ${fake.cdn.baseUrl}/acme/site/logo.png, is checked there too.
Quit from the tray menu to end the demo.
`);

  if (dryRun) {
    process.stdout.write(
      `\n--dry-run: would run\n  ${[electron, ...args].join(' ')}\nwith IMAGE_KIT_BASE_URL, PURGE_WATCH_USER_DATA, PURGE_WATCH_KEYCHAIN_SERVICE set, after storing production's and staging's fake keys in the keychain under "${KEYCHAIN_SERVICE}".\n`,
    );
    await cleanUp();
    return;
  }

  const child = spawn(electron, args, { cwd: root, env, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code = await new Promise<number>((resolve) => {
    child.on('error', (error) => {
      process.stderr.write(`demo: could not start Electron: ${error.message}\n`);
      resolve(1);
    });
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  await cleanUp();
  process.exitCode = code;
}

/**
 * A purge of an image URL on the fake's CDN, written into the profile as the app writes a purge it
 * submitted (with what the CDN served just before), known to the fake as production's and
 * completing after CHECKED_AFTER_MS; the origin has a new version of the image meanwhile.
 */
async function seedCheckedPurge(
  fake: Awaited<ReturnType<typeof startFakeImageKit>>,
  userData: string,
): Promise<PurgeRequest> {
  const url = fake.cdn.baseUrl + CHECKED_PATH;
  const before = await probeBeforePurge(url, {
    fetch: (input, init) => fetch(input, init),
    clock: systemClock,
    userAgent: USER_AGENT,
  });
  const now = Date.now();
  const requestId = fake.addPurge(objectIdAt(now), {
    account: 'production',
    url,
    completeAfterMs: CHECKED_AFTER_MS,
  });
  fake.cdn.publish(CHECKED_PATH);
  // No account: the app gives it the default one (production, or the environment's key that is
  // production's when the keychain cannot be used).
  const purge: PurgeRequest = {
    requestId,
    url,
    state: 'pending',
    status: '',
    submittedAt: now,
    addedAt: now,
    checks: 0,
    ...(before ? { before } : {}),
  };
  fs.writeFileSync(path.join(userData, PURGE_FILE_NAME), JSON.stringify({ purges: [purge] }), {
    mode: 0o600,
  });
  return purge;
}

/** Stores each account's fake key; undefined when done, else why the keychain could not be used. */
async function storeKeys(
  keychain: KeytarKeychain,
  keyOf: (account: string) => string,
): Promise<string | undefined> {
  try {
    for (const account of ACCOUNTS) await keychain.setPrivateKey(keyOf(account), account);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
