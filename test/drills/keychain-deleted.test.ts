// Drill: the private key is deleted from the OS keychain behind the app's back (another tool, or
// another Purge Watch process). Polling keeps the key it read (it is still valid at ImageKit,
// and polling never waits on the keychain) until the key status is next asked for, which reads
// the keychain afresh (test/unit/watch-service.test.ts); the next start finds no key, holds all
// polling without sending a request, asks for the key once, and resumes when it is set again.
// Needs a Secret Service (`npm test` starts one).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json';
import { ImageKitClient } from '../../src/core/imagekit/imagekit-client';
import { PrivateKeySource } from '../../src/core/accounts/key-source';
import { KeytarKeychain } from '../../src/core/accounts/keychain';
import { Tracker } from '../../src/core/tracking/tracker';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import { skipWithoutLoopback } from '../support/loopback';
import { skipWithoutSecretService } from '../support/secret-service';
import { until } from '../support/until';

const SERVICE = `purge-watch-drill-${process.pid}`;
const ACCOUNT = 'default';
const noSecretService = await skipWithoutSecretService('the keychain-deleted drill', SERVICE);
const noLoopback = await skipWithoutLoopback('the keychain-deleted drill');

const FAST = {
  minIntervalMs: 50,
  maxIntervalMs: 200,
  firstCheckAfterMs: 50,
  errorBackoffMs: 50,
};

describe.skipIf(noSecretService || noLoopback)("the key deleted behind the app's back", () => {
  let fake: FakeImageKit;
  const keychain = () => new KeytarKeychain({ service: SERVICE });
  beforeAll(async () => {
    fake = await startFakeImageKit();
  });
  afterAll(async () => {
    await keychain().deletePrivateKey(ACCOUNT);
    await fake.close();
  });

  function app() {
    const keys = new PrivateKeySource(keychain(), undefined);
    const client = new ImageKitClient({
      fetch: (input, init) => fetch(input, init),
      privateKey: () => keys.get(ACCOUNT),
      baseUrl: fake.baseUrl,
      timeoutMs: 2_000,
      userAgent: `purge-watch/${packageJson.version}`,
    });
    const tracker = new Tracker({ accounts: [{ name: ACCOUNT, api: client }], schedule: FAST });
    const authRequired: string[] = [];
    tracker.on('auth-required', (error) => authRequired.push(error.message));
    tracker.start();
    return { keys, tracker, authRequired };
  }

  it('keeps polling this session, then holds without a request after a restart until the key is set', async () => {
    await keychain().setPrivateKey(fake.privateKey, ACCOUNT);
    const running = app();
    const first = fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: 600 });
    await running.tracker.add(first);
    await until(() => running.tracker.list().some((p) => p.checks > 0), 'a first check');

    // Another tool deletes the key; the running app is not told.
    expect(await keychain().deletePrivateKey(ACCOUNT)).toBe(true);
    await until(
      () => running.tracker.get(first)?.state === 'completed',
      'the first purge to complete',
    );
    expect(running.tracker.get(first)?.state).toBe('completed');
    expect(running.authRequired).toEqual([]);
    running.tracker.close();

    // Restart: no key in the keychain.
    const restarted = app();
    const second = fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: 300 });
    fake.resetRecords();
    await restarted.tracker.add(second);
    await until(() => restarted.authRequired.length > 0, 'the key asked for');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(restarted.authRequired).toEqual(['No private API key is set.']);
    expect(restarted.tracker.status().authProblems?.[0]?.message).toMatch(
      /^No private API key is set./,
    );
    expect(fake.requests).toEqual([]); // nothing sent without a key
    expect(await restarted.keys.status(ACCOUNT)).toMatchObject({ source: 'none' });

    // The user sets the key again: polling resumes and the purge completes.
    await restarted.keys.set(fake.privateKey, ACCOUNT);
    restarted.tracker.keyChanged(ACCOUNT);
    await until(
      () => restarted.tracker.get(second)?.state === 'completed',
      'the second purge to complete',
    );
    expect(restarted.tracker.get(second)?.state).toBe('completed');
    expect(fake.requests.every((r) => r.authValid)).toBe(true);
    restarted.tracker.close();
  });
});
