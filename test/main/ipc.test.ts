// Every invoke channel, through the registered ipcMain handlers: a valid call from the app's
// window reaches the WatchService; a bad payload, or any other sender, is refused with an
// error and changes nothing.
import { beforeEach, describe, expect, it } from 'vitest';
import { MockWebContents, mock } from '../mocks/electron';
import { isTrustedSender, RefusedSenderError, registerIpc } from '../../src/main/window/ipc';
import type { InvokeChannelName } from '../../src/shared/ipc';
import { InvalidPayloadError, InvokeChannel } from '../../src/shared/ipc';
import { engine, engineState, SEEDED, seededPurges } from './fixtures';

const NEW_ID = '5f2b6c1e9a8d7c6b5a4f3e2d';
const UI = 'app://purge-watch/index.html';
const DAY = 24 * 60 * 60_000;

type Engine = ReturnType<typeof engine>;

interface ChannelCase {
  valid: unknown;
  invalid: unknown[];
  /** After the valid call: what the user would notice. */
  effect: (e: Engine, result: unknown) => void | Promise<void>;
}

const cases: Record<InvokeChannelName, ChannelCase> = {
  getSnapshot: {
    valid: undefined,
    invalid: [{}, 'all', null],
    effect: (_e, result) => {
      const snapshot = result as { purges: unknown[]; key: { source: string } };
      expect(snapshot.purges).toHaveLength(3);
      expect(snapshot.key.source).toBe('keychain');
    },
  },
  addFromText: {
    valid: { text: `please track ${NEW_ID}` },
    invalid: [
      undefined,
      { text: 5 },
      { text: NEW_ID, extra: true },
      NEW_ID,
      { text: 'x'.repeat(11 * 1024 * 1024) },
      { text: NEW_ID, account: 'two words' },
      { text: NEW_ID, account: 7 },
      { text: NEW_ID, account: '' },
    ],
    effect: (e) => expect(e.tracker.get(NEW_ID)?.state).toBe('pending'),
  },
  purgeUrls: {
    valid: { text: 'https://cdn.example.com/hero.jpg' },
    invalid: [
      { text: null },
      {},
      ['https://cdn.example.com/hero.jpg'],
      { text: 'https://cdn.example.com/hero.jpg', account: '../staging' },
    ],
    effect: (e, result) => {
      const { results } = result as { results: Array<{ requestId?: string }> };
      expect(e.tracker.get(results[0]!.requestId!)?.url).toBe('https://cdn.example.com/hero.jpg');
    },
  },
  remove: {
    valid: { requestIds: [SEEDED.pending] },
    invalid: [
      { requestIds: SEEDED.pending },
      { requestIds: [1] },
      {},
      { requestIds: ['x'.repeat(201)] },
    ],
    effect: (e) => expect(e.tracker.get(SEEDED.pending)).toBeUndefined(),
  },
  clearCompleted: {
    valid: undefined,
    invalid: [{ all: true }, 0],
    effect: (e) => expect(e.tracker.get(SEEDED.completed)).toBeUndefined(),
  },
  resume: {
    valid: { requestId: SEEDED.givenUp },
    invalid: [{ requestId: 7 }, { requestIds: [SEEDED.givenUp] }, undefined],
    effect: (e) => expect(e.tracker.get(SEEDED.givenUp)?.state).toBe('pending'),
  },
  checkNow: {
    valid: { requestIds: [SEEDED.pending] },
    invalid: [{ requestIds: 'all' }, 'all', { requestIds: [null] }],
    effect: async (e) => {
      const before = e.api.callsFor(SEEDED.pending).length;
      // Its next check was a minute away; now it comes within the request budget.
      await e.clock.advance(1_000);
      expect(e.api.callsFor(SEEDED.pending)).toHaveLength(before + 1);
    },
  },
  setPollingPaused: {
    valid: { paused: true },
    invalid: [{ paused: 'yes' }, {}, { paused: 1 }],
    effect: (e) => expect(e.tracker.status().pausedFor).toEqual(['user']),
  },
  setSettings: {
    valid: {
      notifications: false,
      launchAtLogin: true,
      checkForUpdates: false,
      rateShare: 0.25,
      keepFinishedMs: DAY,
    },
    invalid: [
      { notifications: 'no' },
      { checkForUpdates: 1 },
      { snoozedUntil: -1 },
      { snoozedUntil: Infinity },
      { rateShare: 0 },
      { rateShare: 50 },
      { rateShare: '0.5' },
      { rateShare: NaN },
      { keepFinishedMs: 1_000 },
      { keepFinishedMs: DAY + 0.5 },
      { keepFinishedMs: 10 * 365 * DAY },
      { keepFinishedMs: null },
      { volume: 3 },
      null,
    ],
    effect: (e) => {
      expect(e.settings.get()).toMatchObject({
        notifications: false,
        launchAtLogin: true,
        checkForUpdates: false,
        rateShare: 0.25,
        keepFinishedMs: DAY,
      });
      expect(e.loginItem.enabled).toBe(true);
    },
  },
  setPrivateKey: {
    valid: { key: 'private_newKey123=' },
    invalid: [
      { key: 42 },
      {},
      { key: `private_${'x'.repeat(1000)}` },
      'private_abc',
      { key: 'private_abc', account: 'a b' },
      { key: 'private_abc', account: ['staging'] },
    ],
    effect: (e) => expect(e.keychain.key).toBe('private_newKey123='),
  },
  deletePrivateKey: {
    valid: undefined,
    invalid: [{ key: 'private_oldKey' }, '', { account: '' }, { account: 'x'.repeat(41) }],
    effect: (e) => expect(e.keychain.key).toBeUndefined(),
  },
  renameAccount: {
    valid: { from: 'default', to: 'production' },
    invalid: [{ from: 'default' }, { from: 'default', to: 'two words' }, { from: 7, to: 'a' }],
    effect: (e) => {
      expect(e.keychain.keys.get('production')).toBeDefined();
      expect(e.keychain.key).toBeUndefined();
    },
  },
  removeAccount: {
    valid: { account: 'default' },
    invalid: [{}, { account: 42 }, { account: 'default', moveTo: 'no/such' }],
    effect: (e) => expect(e.keychain.key).toBeUndefined(),
  },
  openUrl: {
    valid: { url: 'https://cdn.example.com/hero.jpg' },
    invalid: [
      { url: 'file:///etc/passwd' },
      { url: 'javascript:alert(1)' },
      { url: 'smb://host/x' },
      {},
    ],
    effect: (e) => expect(e.opened).toEqual(['https://cdn.example.com/hero.jpg']),
  },
  copyText: {
    valid: { text: SEEDED.pending },
    invalid: [{ text: 1 }, { text: 'x'.repeat(100_001) }, 'text'],
    effect: (e) => expect(e.copied).toEqual([SEEDED.pending]),
  },
  checkForUpdates: {
    valid: undefined,
    invalid: [{}, true, 'now'],
    effect: (e) => expect(e.updates.looks).toBe(1),
  },
  installUpdate: {
    valid: undefined,
    invalid: [{ version: '9.9.9' }, '9.9.9', null],
    effect: (e) => expect(e.updates.installs).toBe(1),
  },
};

async function setup() {
  mock.reset();
  const e = engine({ purges: seededPurges(), key: 'private_oldKey' });
  e.api.addPurge(SEEDED.pending, Infinity);
  await e.clock.advance(0); // the first check of what was pending at start
  const window = new MockWebContents(mock.defaultSession);
  window.url = UI;
  let open = true;
  registerIpc(e.service.handlers, () => (open ? (window as never) : undefined));
  const fromWindow = { sender: window, senderFrame: { url: UI, parent: null } };
  const invoke = (event: unknown, name: InvokeChannelName, ...args: unknown[]) =>
    mock.ipcMain.invoke(event, InvokeChannel[name], ...args);
  const state = () => engineState(e);
  return { e, window, fromWindow, invoke, state, close: () => (open = false) };
}

const channels = Object.keys(InvokeChannel) as InvokeChannelName[];

beforeEach(() => mock.reset());

describe('IPC', () => {
  it('registers exactly one handler per contract channel', async () => {
    await setup();
    expect([...mock.ipcMain.handlers.keys()].sort()).toEqual(Object.values(InvokeChannel).sort());
  });

  describe.each(channels)('%s', (name) => {
    const channelCase = cases[name];

    it('a valid call from the window reaches the WatchService', async () => {
      const { e, fromWindow, invoke } = await setup();
      const args = channelCase.valid === undefined ? [] : [channelCase.valid];
      const result = await invoke(fromWindow, name, ...args);
      await channelCase.effect(e, result);
    });

    it('a bad payload is refused with an error and changes nothing', async () => {
      const { e, fromWindow, invoke, state } = await setup();
      for (const payload of channelCase.invalid) {
        const before = state();
        await expect(
          invoke(fromWindow, name, payload),
          JSON.stringify(payload)?.slice(0, 80),
        ).rejects.toThrow(InvalidPayloadError);
        await e.clock.advance(0);
        expect(state()).toBe(before);
      }
      // A second argument is never accepted either.
      const before = state();
      await expect(invoke(fromWindow, name, channelCase.valid, 'extra')).rejects.toThrow(
        InvalidPayloadError,
      );
      expect(state()).toBe(before);
    });

    it('any other sender is refused and changes nothing', async () => {
      const { e, window, invoke, state, close } = await setup();
      const args = channelCase.valid === undefined ? [] : [channelCase.valid];
      const other = new MockWebContents(mock.defaultSession);
      const foreign = [
        { sender: other, senderFrame: { url: UI, parent: null } },
        { sender: window, senderFrame: { url: 'https://evil.example/', parent: null } },
        { sender: window, senderFrame: { url: 'file:///tmp/index.html', parent: null } },
        { sender: window, senderFrame: { url: UI, parent: { url: UI } } },
        { sender: window, senderFrame: null },
      ];
      const before = state();
      for (const event of foreign) {
        await expect(invoke(event, name, ...args)).rejects.toThrow(RefusedSenderError);
      }
      close();
      await expect(
        invoke({ sender: window, senderFrame: { url: UI, parent: null } }, name, ...args),
      ).rejects.toThrow(RefusedSenderError);
      await e.clock.advance(0);
      expect(state()).toBe(before);
    });
  });

  describe('with several accounts, every payload that names a purge or a key carries it', () => {
    async function twoAccounts() {
      const ready = await setup();
      await ready.e.keychain.setPrivateKey('private_stagingKey=', 'staging');
      await ready.e.service.accounts.refresh();
      return ready;
    }

    it('tracks and purges with the account named, and refuses an account there is not', async () => {
      const { e, fromWindow, invoke } = await twoAccounts();
      await invoke(fromWindow, 'addFromText', { text: NEW_ID, account: 'staging' });
      expect(e.tracker.get(NEW_ID)?.account).toBe('staging');
      const { results } = (await invoke(fromWindow, 'purgeUrls', {
        text: 'https://cdn.example.com/hero.jpg',
        account: 'staging',
      })) as { results: Array<{ requestId?: string }> };
      expect(e.tracker.get(results[0]!.requestId!)?.account).toBe('staging');
      const other = '5f2b6c1e9a8d7c6b5a4f3e2e';
      const refused = (await invoke(fromWindow, 'addFromText', {
        text: other,
        account: 'client-a',
      })) as { added: string[]; rejected: Array<{ reason: string }> };
      expect(refused.added).toEqual([]);
      expect(refused.rejected.map((r) => r.reason)).toEqual(['No account is named "client-a".']);
      expect(e.tracker.get(other)).toBeUndefined();
    });

    it("sets and deletes one account's key, and answers with that account, never a key", async () => {
      const { e, fromWindow, invoke } = await twoAccounts();
      const set = await invoke(fromWindow, 'setPrivateKey', {
        key: 'private_clientKey=',
        account: 'client-a',
      });
      expect(set).toEqual({
        account: 'client-a',
        source: 'keychain',
        keychain: 'the test keychain',
      });
      expect(e.keychain.keys.get('client-a')).toBe('private_clientKey=');
      expect(e.keychain.key).toBe('private_oldKey');
      const deleted = await invoke(fromWindow, 'deletePrivateKey', { account: 'staging' });
      expect(deleted).toMatchObject({ account: 'staging', source: 'none' });
      expect(e.keychain.keys.has('staging')).toBe(false);
      const snapshot = (await invoke(fromWindow, 'getSnapshot')) as { accounts: unknown };
      expect(snapshot.accounts).toEqual({
        accounts: [
          { name: 'default', source: 'keychain', isDefault: true },
          { name: 'client-a', source: 'keychain', isDefault: false },
        ],
      });
    });

    it('chooses the default account, and removes an account moving its purges', async () => {
      const { e, fromWindow, invoke } = await twoAccounts();
      await invoke(fromWindow, 'setSettings', { defaultAccount: 'staging' });
      expect(e.tracker.defaultAccount).toBe('staging');
      await invoke(fromWindow, 'addFromText', { text: NEW_ID, account: 'staging' });
      await invoke(fromWindow, 'removeAccount', { account: 'staging', moveTo: 'default' });
      expect(e.tracker.get(NEW_ID)?.account).toBe('default');
      expect(e.keychain.keys.has('staging')).toBe(false);
      expect(e.settings.get().defaultAccount).toBe('');
    });
  });

  it('says why a sender was refused without echoing the payload', async () => {
    const { invoke } = await setup();
    const other = new MockWebContents(mock.defaultSession);
    await expect(
      invoke({ sender: other, senderFrame: { url: UI, parent: null } }, 'setPrivateKey', {
        key: 'private_stolen',
      }),
    ).rejects.toThrow(/^Refused "setPrivateKey": it did not come from Purge Watch's window\.$/);
  });

  it('treats a window not yet open as no trusted sender at all', () => {
    const contents = new MockWebContents(mock.defaultSession);
    expect(
      isTrustedSender({ sender: contents, senderFrame: { url: UI } } as never, undefined),
    ).toBe(false);
  });
});
