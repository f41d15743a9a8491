// Several ImageKit accounts over real HTTP: the app's core (WatchService, AccountBook, Tracker,
// one ImageKitClient per account) against the fake ImageKit serving two accounts, with keys in a
// real Secret Service. Covers the lookup of an ID's account, a 429 and a refused key that hold
// one account only, and an upgrade from a version with one key and no accounts.
// Needs a Secret Service (`npm test` starts one).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ImageKitClient } from '../../src/core/imagekit/imagekit-client';
import { PrivateKeySource } from '../../src/core/accounts/key-source';
import { KeytarKeychain, LEGACY_KEYCHAIN_ACCOUNT } from '../../src/core/accounts/keychain';
import { openPurgeFile } from '../../src/core/storage/purge-file';
import { systemClock } from '../../src/core/clock';
import { Tracker } from '../../src/core/tracking/tracker';
import type { Settings } from '../../src/shared/settings';
import type { PurgeRequest } from '../../src/shared/purge';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import { skipWithoutLoopback } from '../support/loopback';
import { skipWithoutSecretService } from '../support/secret-service';
import { until } from '../support/until';
import { startWatchService } from '../support/watch-service';
import { runBuiltCli } from '../support/cli-process';
import { cliEnv } from '../cli/fixtures';
import type { AccountsState } from '../../src/shared/ipc';

const SERVICE = `purge-watch-accounts-${process.pid}`;
const noSecretService = await skipWithoutSecretService('the accounts integration test', SERVICE);
const noLoopback = await skipWithoutLoopback('the accounts integration test');
const WRITTEN_BY_0_1_0 = path.join(import.meta.dirname, '../fixtures/purges-written-by-0.1.0.json');

const FAST = { minIntervalMs: 50, maxIntervalMs: 200, firstCheckAfterMs: 50, errorBackoffMs: 50 };

describe.skipIf(noSecretService || noLoopback)('several accounts over HTTP', () => {
  let fake: FakeImageKit;
  const keychain = new KeytarKeychain({ service: SERVICE });
  const profiles: string[] = [];
  const trackers: Tracker[] = [];

  beforeAll(async () => {
    fake = await startFakeImageKit({ accounts: ['production', 'staging'] });
  });
  afterEach(async () => {
    for (const tracker of trackers.splice(0)) tracker.close();
    for (const name of await keychain.accountNames()) await keychain.deletePrivateKey(name);
    await keychain.deletePrivateKey(LEGACY_KEYCHAIN_ACCOUNT);
    fake.acceptKey('staging');
    fake.clearFaults();
    fake.resetRecords();
  });
  afterAll(async () => {
    await fake.close();
    for (const profile of profiles) fs.rmSync(profile, { recursive: true, force: true });
  });

  /** The app's core as src/main/index.ts wires it, on a profile folder of its own. */
  async function app(profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-accounts-'))) {
    profiles.push(profile);
    const keys = new PrivateKeySource(keychain, undefined);
    const clientFor = (account: string) =>
      new ImageKitClient({
        fetch: (input, init) => fetch(input, init),
        privateKey: () => keys.get(account),
        baseUrl: fake.baseUrl,
        timeoutMs: 3_000,
        userAgent: 'purge-watch-accounts-test',
      });
    const file = openPurgeFile(profile, systemClock);
    const tracker = new Tracker({
      accounts: [{ name: 'default', api: clientFor('default') }],
      store: file.store,
      schedule: FAST,
    });
    trackers.push(tracker);
    let settings: Settings = { ...DEFAULT_SETTINGS };
    const auth: string[] = [];
    tracker.on('auth-required', (error) => auth.push(error.account));
    const { service, pushes } = startWatchService({
      tracker,
      keys,
      settings: { get: () => settings, set: (patch) => (settings = { ...settings, ...patch }) },
      clientFor,
    });
    await service.ready;
    return { tracker, service, auth, profile, pushes };
  }

  async function withBothKeys() {
    await keychain.setPrivateKey(fake.keyOf('production'), 'production');
    await keychain.setPrivateKey(fake.keyOf('staging'), 'staging');
    return app();
  }

  it('tracks an ID known only to the second account under it, one "not found" spent on the first', async () => {
    const { tracker, service } = await withBothKeys();
    const id = fake.addPurge(objectIdAt(Date.now()), { account: 'staging', completeAfterMs: 300 });
    await service.handlers.addFromText({ text: id });
    await until(() => tracker.get(id)?.state === 'completed', 'the purge to complete');
    expect(tracker.get(id)).toMatchObject({ state: 'completed', account: 'staging' });
    const asked = fake.requests.filter((r) => r.requestId === id).map((r) => r.account);
    expect(asked.filter((account) => account === 'production')).toHaveLength(1);
    expect(asked[0]).toBe('production');
  });

  it('a 429 on one account holds only that account', async () => {
    const { tracker, service } = await withBothKeys();
    const held = fake.addPurge(objectIdAt(Date.now()), {
      account: 'production',
      completeAfterMs: 0,
    });
    const free = fake.addPurge(objectIdAt(Date.now()), {
      account: 'staging',
      completeAfterMs: 300,
    });
    fake.inject('rate_limited', { account: 'production', resetMs: 60_000 });
    await service.handlers.addFromText({ text: held, account: 'production' });
    await service.handlers.addFromText({ text: free, account: 'staging' });
    await until(() => tracker.get(free)?.state === 'completed', 'the purge to complete');
    expect(tracker.get(free)?.state).toBe('completed');
    expect(tracker.get(held)?.state).toBe('pending');
    expect(tracker.status().rateLimits?.map((hold) => hold.account)).toEqual(['production']);
    // Held until the reset: one request, not a retry storm.
    expect(fake.requests.filter((r) => r.requestId === held)).toHaveLength(1);
  });

  it("a refused key holds only its account's purges, and the problem names it", async () => {
    const { tracker, service, auth } = await withBothKeys();
    fake.refuseKey('staging');
    const onProduction = fake.addPurge(objectIdAt(Date.now()), {
      account: 'production',
      completeAfterMs: 300,
    });
    const onStaging = fake.addPurge(objectIdAt(Date.now()), {
      account: 'staging',
      completeAfterMs: 0,
    });
    await service.handlers.addFromText({ text: onStaging, account: 'staging' });
    await service.handlers.addFromText({ text: onProduction, account: 'production' });
    await until(() => tracker.get(onProduction)?.state === 'completed', 'the purge to complete');
    await until(() => auth.length > 0, 'the refused key');
    expect(auth).toEqual(['staging']);
    expect(tracker.get(onStaging)?.state).toBe('pending');
    expect(tracker.status().authProblems?.map((problem) => problem.account)).toEqual(['staging']);

    // A new key for staging (here: the same key, accepted again) resumes only its purges.
    fake.acceptKey('staging');
    await service.handlers.setPrivateKey({ key: fake.keyOf('staging'), account: 'staging' });
    await until(() => tracker.get(onStaging)?.state === 'completed', 'the purge to complete');
    expect(tracker.get(onStaging)?.state).toBe('completed');
    expect(tracker.status().authProblems).toBeUndefined();
  });

  it('refuses to rename onto an account `purge-watch key set` added after the book was read: both keys stay', async () => {
    await keychain.setPrivateKey(fake.keyOf('production'), 'production');
    const { service, tracker, pushes } = await app();
    expect((await service.handlers.getSnapshot(undefined)).accounts.accounts).toEqual([
      { name: 'production', source: 'keychain', isDefault: true },
    ]);
    // Meanwhile, in a terminal:
    const set = await runBuiltCli(['key', 'set', '--account', 'staging'], {
      env: {
        ...cliEnv(fake, { IMAGEKIT_PRIVATE_KEY: undefined }),
        DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
        PURGE_WATCH_KEYCHAIN_SERVICE: SERVICE,
      },
      input: `${fake.keyOf('staging')}\n`,
    });
    expect(set.code).toBe(0);
    // The window, still showing production alone, renames it to staging.
    await expect(
      service.handlers.renameAccount({ from: 'production', to: 'staging' }),
    ).rejects.toThrow('There is already an account named "staging".');
    expect(await keychain.getPrivateKey('production')).toBe(fake.keyOf('production'));
    expect(await keychain.getPrivateKey('staging')).toBe(fake.keyOf('staging'));
    expect(tracker.accounts).toEqual(['production', 'staging']);
    // …and is shown the accounts as the keychain has them now.
    const [, shown] = pushes.filter(([channel]) => channel === 'accounts').at(-1)!;
    expect((shown as AccountsState).accounts.map((account) => account.name)).toEqual([
      'production',
      'staging',
    ]);
  });

  it('an upgrade from one key and no accounts loses nothing: the key and every purge become "default"\'s', async () => {
    // What a version before accounts left: its key under "private-key", its purges file.
    await keychain.setPrivateKey(fake.keyOf('production'), LEGACY_KEYCHAIN_ACCOUNT);
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-upgrade-'));
    fs.copyFileSync(WRITTEN_BY_0_1_0, path.join(profile, 'purges.json'));
    const stored = (
      JSON.parse(fs.readFileSync(WRITTEN_BY_0_1_0, 'utf8')) as { purges: PurgeRequest[] }
    ).purges;
    const pending = stored.find((purge) => purge.state === 'pending')!;
    fake.addPurge(pending.requestId, { account: 'production', completeAfterMs: 0 });

    const { tracker, service } = await app(profile);
    const snapshot = await service.handlers.getSnapshot(undefined);
    expect(snapshot.accounts.accounts).toEqual([
      { name: 'default', source: 'keychain', isDefault: true },
    ]);
    expect(snapshot.key).toMatchObject({ account: 'default', source: 'keychain' });
    expect(
      tracker
        .list()
        .map((purge) => purge.requestId)
        .sort(),
    ).toEqual(stored.map((purge) => purge.requestId).sort());
    expect(tracker.list().every((purge) => purge.account === 'default')).toBe(true);
    await until(
      () => tracker.get(pending.requestId)?.state === 'completed',
      'the purge to complete',
    );
    expect(tracker.get(pending.requestId)?.state).toBe('completed');
    expect(await keychain.getPrivateKey('default')).toBe(fake.keyOf('production'));
    expect(await keychain.getPrivateKey(LEGACY_KEYCHAIN_ACCOUNT)).toBeUndefined();
    // The file now names the account of every purge.
    tracker.close();
    const written = JSON.parse(fs.readFileSync(path.join(profile, 'purges.json'), 'utf8')) as {
      purges: PurgeRequest[];
    };
    expect(written.purges.map((purge) => purge.account)).toEqual(stored.map(() => 'default'));
  });
});
