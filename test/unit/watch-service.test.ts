import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEDGER_FILE_NAME, PurgeLedger } from '../../src/core/storage/purge-ledger';
import { PrivateKeySource } from '../../src/core/accounts/key-source';
import { MemoryKeychain } from '../support/memory-keychain';
import { Tracker } from '../../src/core/tracking/tracker';
import { startWatchService } from '../support/watch-service';
import type { Settings } from '../../src/shared/settings';
import { SimulatedImageKit, requestIdAt } from '../support/simulated-imagekit';
import { VirtualClock } from '../support/virtual-clock';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import type { DeliveryFetch } from '../../src/core/freshness/freshness-check';

async function setup(cdnFetch: DeliveryFetch = refuseCdn, ledger?: PurgeLedger) {
  const clock = new VirtualClock();
  const api = new SimulatedImageKit(clock);
  const tracker = new Tracker({ accounts: [{ name: 'default', api }], clock });
  const keychain = new MemoryKeychain();
  let settings: Settings = {
    ...DEFAULT_SETTINGS,
    notifications: true,
    snoozedUntil: 0,
    launchAtLogin: false,
  };
  const { service, pushes, opened } = startWatchService(
    {
      tracker,
      keys: new PrivateKeySource(keychain, undefined),
      settings: { get: () => settings, set: (patch) => (settings = { ...settings, ...patch }) },
      cdnFetch,
      clock,
      ...(ledger ? { ledger } : {}),
    },
    api,
  );
  await service.ready;
  const setSettings = (patch: Partial<Settings>) => (settings = { ...settings, ...patch });
  return { clock, api, tracker, keychain, service, pushes, opened, setSettings };
}

/** A CDN that cannot be reached. */
const refuseCdn: DeliveryFetch = () => Promise.reject(new TypeError('fetch failed'));

describe('WatchService', () => {
  it('gives the window the duration summary from the 5th completion on', async () => {
    const { clock, api, service, pushes } = await setup();
    const ids = [1, 2, 3, 4].map((n) => requestIdAt(clock.now(), 100 + n));
    for (const id of ids.slice(0, 4)) api.addPurge(id, clock.now() + 30_000);
    await service.handlers.addFromText({ text: ids.slice(0, 4).join(' ') });
    await clock.advance(60_000);
    expect(pushes.filter(([channel]) => channel === 'durations')).toEqual([]);
    expect((await service.handlers.getSnapshot(undefined)).durations).toBeUndefined();

    ids.push(...[5, 6].map((n) => requestIdAt(clock.now(), 100 + n)));
    for (const id of ids.slice(4)) api.addPurge(id, clock.now() + 30_000);
    await service.handlers.addFromText({ text: ids.slice(4).join(' ') });
    await clock.advance(60_000);
    const durations = pushes.filter(([channel]) => channel === 'durations');
    expect(durations.map(([, summary]) => (summary as { count: number }).count)).toEqual([5, 6]);
    expect((await service.handlers.getSnapshot(undefined)).durations?.count).toBe(6);
  });

  it('adds pasted IDs and pushes the change to the window', async () => {
    const { clock, service, pushes } = await setup();
    const id = requestIdAt(clock.now(), 1);
    const result = await service.handlers.addFromText({ text: `${id} 12345` });
    expect(result.added).toEqual([id]);
    expect(result.rejected).toEqual([expect.objectContaining({ text: '12345' })]);
    await clock.advance(0);
    expect(pushes).toContainEqual([
      'changed',
      { updated: [expect.objectContaining({ requestId: id })], removed: [] },
    ]);
    const snapshot = await service.handlers.getSnapshot(undefined);
    expect(snapshot.purges.map((p) => p.requestId)).toEqual([id]);
    expect(snapshot.key).toEqual({
      account: 'default',
      source: 'none',
      keychain: 'the test keychain',
    });
  });

  it('setting a key stores it, reports where (never the key), and resumes polling held for auth', async () => {
    const { clock, api, tracker, service, keychain, pushes } = await setup();
    const id = requestIdAt(clock.now(), 2);
    api.addPurge(id, clock.now());
    api.failNext({ kind: 'auth', message: 'No private API key is set.' });
    await service.handlers.addFromText({ text: id });
    await clock.advance(10_000);
    expect(tracker.status().authProblems).toBeDefined();

    const status = await service.handlers.setPrivateKey({
      key: ' private_abc \n',
      account: 'default',
    });
    expect(status).toEqual({
      account: 'default',
      source: 'keychain',
      keychain: 'the test keychain',
    });
    expect(keychain.key).toBe('private_abc');
    expect(JSON.stringify(pushes)).not.toContain('private_abc');
    await clock.advance(1_000);
    expect(tracker.get(id)?.state).toBe('completed');
  });

  it('refuses a public key and keeps the stored one', async () => {
    const { service, keychain } = await setup();
    await service.handlers.setPrivateKey({ key: 'private_kept', account: 'default' });
    await expect(
      service.handlers.setPrivateKey({ key: 'public_x', account: 'default' }),
    ).rejects.toThrow(/public API key/);
    expect(keychain.key).toBe('private_kept');
  });

  it('purges valid URLs, reports the others, and tracks what was accepted', async () => {
    const { service, tracker } = await setup();
    const { results, rejected } = await service.handlers.purgeUrls({
      text: 'https://ik.imagekit.io/a.css\nftp://nope',
    });
    expect(results).toEqual([
      { url: 'https://ik.imagekit.io/a.css', requestId: expect.any(String) },
    ]);
    expect(rejected.map((r) => r.text)).toEqual(['ftp://nope']);
    expect(tracker.get(results[0]!.requestId!)?.url).toBe('https://ik.imagekit.io/a.css');
  });

  it("says an image's path transformations keep their cache; a folder or a stylesheet has none", async () => {
    const { service } = await setup();
    const { results } = await service.handlers.purgeUrls({
      text: 'https://ik.imagekit.io/acme/a.jpg\nhttps://ik.imagekit.io/acme/b.PNG*\nhttps://ik.imagekit.io/acme/css/*\nhttps://ik.imagekit.io/acme/site.css',
    });
    expect(results.map((r) => r.warning !== undefined)).toEqual([true, true, false, false]);
    expect(results[0]!.warning).toMatch(/^Path transformations \(like \/tr:w-300\/…\) are cached/);
  });

  it('probes what the CDN serves before purging (the setting on), and keeps it with the purge', async () => {
    const asked: string[] = [];
    const { service, tracker, setSettings } = await setup(async (url) => {
      asked.push(url);
      return new Response('old', {
        headers: { ETag: '"v1"', 'X-Cache': 'Hit from cloudfront', Age: '60' },
      });
    });
    const [result] = (await service.handlers.purgeUrls({ text: 'https://ik.imagekit.io/a.css' }))
      .results;
    expect(asked).toEqual(['https://ik.imagekit.io/a.css']);
    expect(tracker.get(result!.requestId!)?.before).toMatchObject({
      etag: '"v1"',
      httpStatus: 200,
      age: 60,
    });

    setSettings({ verifyFreshness: false });
    await service.handlers.purgeUrls({ text: 'https://ik.imagekit.io/b.css' });
    expect(asked).toHaveLength(1);
  });

  it("counts the window's and tray's purges in the ledger, and says how many are left past 80 %", async () => {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-ledger-'));
    try {
      const ledger = new PurgeLedger(profile, new VirtualClock(), () => undefined);
      ledger.record('default', 798);
      const { service } = await setup(refuseCdn, ledger);
      const below = await service.handlers.purgeUrls({ text: 'https://ik.imagekit.io/a/b.jpg' });
      expect(below.quotaWarning).toBeUndefined();
      const past = await service.handlers.purgeUrls({ text: 'https://ik.imagekit.io/a/c.jpg' });
      expect(past.quotaWarning).toBe(
        'default has submitted 800 of its 1,000 purges this month (counted on this machine): 200 left.',
      );
      expect(ledger.use('default').used).toBe(800);
    } finally {
      fs.rmSync(profile, { recursive: true, force: true });
    }
  });

  it("says in the window's status when the month's purge counts cannot be saved, naming the file, until the retry saves them", async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-ledger-'));
    const profile = path.join(parent, 'profile');
    fs.mkdirSync(profile);
    try {
      const ledgerClock = new VirtualClock();
      const ledger = new PurgeLedger(profile, ledgerClock, () => undefined);
      const { service, pushes } = await setup(refuseCdn, ledger);
      const statuses = () =>
        pushes.filter(([channel]) => channel === 'status').map(([, status]) => status);
      // The profile's folder goes (a drive unmounted): a file where it was.
      fs.rmSync(profile, { recursive: true });
      fs.writeFileSync(profile, '');

      const purged = await service.handlers.purgeUrls({ text: 'https://ik.imagekit.io/a/b.jpg' });
      expect(purged.results[0]?.requestId).toBeDefined();
      const problem = `This month's purge counts could not be saved to ${path.join(profile, LEDGER_FILE_NAME)} (E`;
      expect(statuses().at(-1)).toMatchObject({ ledgerProblem: expect.stringContaining(problem) });
      expect((await service.handlers.getSnapshot(undefined)).status.ledgerProblem).toMatch(problem);

      fs.rmSync(profile);
      fs.mkdirSync(profile);
      await ledgerClock.advance(5_000);
      expect(statuses().at(-1)).not.toHaveProperty('ledgerProblem');
      expect(ledger.use('default').used).toBe(1);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  it('pauses polling for the user and reports it in the status push', async () => {
    const { clock, service, pushes } = await setup();
    await service.handlers.setPollingPaused({ paused: true });
    expect(pushes.at(-1)).toEqual(['status', expect.objectContaining({ pausedFor: ['user'] })]);
    await service.handlers.setPollingPaused({ paused: false });
    await clock.advance(0);
    expect(pushes.at(-1)).toEqual(['status', expect.objectContaining({ pausedFor: [] })]);
  });

  it('applies settings and pushes them', async () => {
    const { service, pushes } = await setup();
    const next = await service.handlers.setSettings({ ...DEFAULT_SETTINGS, notifications: false });
    expect(next.notifications).toBe(false);
    expect(pushes.filter(([channel]) => channel === 'settings').at(-1)).toEqual(['settings', next]);
  });
});

describe('the key status', () => {
  it("shows a key deleted or replaced behind the app's back when the window asks", async () => {
    const { service, keychain } = await setup();
    await service.handlers.setPrivateKey({ key: 'private_first', account: 'default' });
    keychain.key = undefined; // deleted by another tool
    expect((await service.handlers.getSnapshot(undefined)).key.source).toBe('none');
    keychain.key = 'private_second';
    expect((await service.handlers.getSnapshot(undefined)).key.source).toBe('keychain');
  });
});

describe('accounts in the window', () => {
  it("shows, and polls with, an account added behind the app's back once the window loads again", async () => {
    const { clock, api, tracker, service, keychain } = await setup();
    keychain.keys.set('default', 'private_defaultKey1=');
    keychain.keys.set('staging', 'private_stagingKey2=');
    const snapshot = await service.handlers.getSnapshot(undefined);
    expect(snapshot.accounts.accounts.map((account) => account.name)).toEqual([
      'default',
      'staging',
    ]);
    expect(tracker.accounts).toEqual(['default', 'staging']);
    const id = requestIdAt(clock.now(), 300);
    api.addPurge(id, clock.now());
    await service.handlers.addFromText({ text: id, account: 'staging' });
    await clock.advance(60_000);
    expect(tracker.get(id)).toMatchObject({ state: 'completed', account: 'staging' });
  });
});
