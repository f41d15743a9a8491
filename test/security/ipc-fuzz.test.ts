// A fuzz of every IPC invoke channel through the registered ipcMain handlers: a few hundred
// seeded random payloads per channel from the app's own window, and the same ones from foreign
// senders. Every invalid payload is refused with an InvalidPayloadError that echoes none of its
// text, and changes nothing the user (or ImageKit) would notice: the tracked purges, the store
// file, the status, the settings, launch at login, the keychain, links opened, the clipboard,
// requests to ImageKit and pushes to the window. Nothing is thrown past the handler layer, no
// promise is left rejected unhandled, and no prototype gets polluted. Every foreign call is
// refused, valid or not. A failure names the seed and the payload, so it can be replayed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MockWebContents, mock } from '../mocks/electron';
import { RefusedSenderError, registerIpc } from '../../src/main/window/ipc';
import type { InvokeChannelName } from '../../src/shared/ipc';
import { InvalidPayloadError, InvokeChannel, validatePayload } from '../../src/shared/ipc';
import { engine, engineState, SEEDED, seededPurges } from '../main/fixtures';
import { seededRandom } from '../support/seeded-random';
import type { PayloadTemplate } from './random-payloads';
import { RandomPayloads } from './random-payloads';

const PAYLOADS_PER_CHANNEL = 300;
const UI = 'app://purge-watch/index.html';
const KEY = 'private_fuzzKeyThatMustStay=';

const TEXT = 1024 * 1024;
const templates: Record<InvokeChannelName, PayloadTemplate> = {
  getSnapshot: { valid: undefined },
  addFromText: {
    valid: { text: SEEDED.pending, account: 'default' },
    limits: { text: TEXT, account: 200 },
    optionalFields: ['account'],
  },
  purgeUrls: {
    valid: { text: 'https://cdn.example.com/a.jpg', account: 'default' },
    limits: { text: TEXT, account: 200 },
    optionalFields: ['account'],
  },
  remove: {
    valid: { requestIds: [SEEDED.completed] },
    limits: { requestIds: 200 },
    lists: { requestIds: 10_000 },
  },
  clearCompleted: { valid: undefined },
  resume: { valid: { requestId: SEEDED.givenUp }, limits: { requestId: 200 } },
  checkNow: {
    valid: { requestIds: [SEEDED.pending] },
    limits: { requestIds: 200 },
    lists: { requestIds: 10_000 },
    optionalFields: true,
  },
  setPollingPaused: { valid: { paused: true } },
  setSettings: {
    valid: {
      notifications: false,
      snoozedUntil: 0,
      launchAtLogin: true,
      checkForUpdates: false,
      rateShare: 0.25,
      keepFinishedMs: 7 * 24 * 60 * 60_000,
      defaultAccount: 'default',
    },
    limits: { defaultAccount: 200 },
    optionalFields: true,
  },
  setPrivateKey: {
    valid: { key: 'private_other=', account: 'staging' },
    limits: { key: 1_000, account: 200 },
    optionalFields: ['account'],
  },
  deletePrivateKey: {
    valid: { account: 'staging' },
    limits: { account: 200 },
    optionalFields: true,
    payloadOptional: true,
  },
  renameAccount: { valid: { from: 'default', to: 'production' }, limits: { from: 200, to: 200 } },
  removeAccount: { valid: { account: 'staging' }, limits: { account: 200 } },
  openUrl: { valid: { url: 'https://cdn.example.com/a.jpg' }, limits: { url: 8_000 } },
  copyText: { valid: { text: SEEDED.pending }, limits: { text: 100_000 } },
  checkForUpdates: { valid: undefined },
  installUpdate: { valid: undefined },
};

const channels = Object.keys(InvokeChannel) as InvokeChannelName[];

/** What the main process would accept: one payload at most, and one its validator passes. */
function isValid(name: InvokeChannelName, args: unknown[]): boolean {
  if (args.length > 1) return false;
  try {
    validatePayload[name](args[0]);
    return true;
  } catch {
    return false;
  }
}

/** A short, safe description of a payload for failure messages (BigInt, cycles, megabytes of text…). */
function describePayload(args: unknown[]): string {
  try {
    const text = JSON.stringify(args, (_k, v: unknown) =>
      typeof v === 'bigint'
        ? `${v}n`
        : typeof v === 'number' && !Number.isFinite(v)
          ? String(v)
          : v === undefined
            ? 'undefined'
            : typeof v === 'string' && v.length > 40
              ? `${v.slice(0, 20)}…(${v.length})`
              : v,
    );
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch (error) {
    return `<${(error as Error).message}>`;
  }
}

/** Text values inside a payload long enough that an error message echoing them would show. */
function textsIn(value: unknown, found: string[] = [], depth = 0): string[] {
  if (depth > 50) return found;
  if (typeof value === 'string' && value.length >= 12) found.push(value.slice(0, 64));
  else if (Array.isArray(value)) for (const item of value) textsIn(item, found, depth + 1);
  else if (value instanceof Map || value instanceof Set) {
    for (const item of value.values()) textsIn(item, found, depth + 1);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) textsIn(item, found, depth + 1);
  }
  return found;
}

function prototypes(): string {
  return JSON.stringify(
    [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) =>
      Object.getOwnPropertyNames(p).sort(),
    ),
  );
}

async function setup() {
  mock.reset();
  const e = engine({ purges: seededPurges(), key: KEY });
  e.api.addPurge(SEEDED.pending, Infinity);
  await e.clock.advance(0);
  const window = new MockWebContents(mock.defaultSession);
  window.url = UI;
  registerIpc(e.service.handlers, () => window as never);
  const pushes: string[] = [];
  e.service.onPush(({ channel }) => pushes.push(channel));
  const fromWindow = { sender: window, senderFrame: { url: UI, parent: null } };
  const other = new MockWebContents(mock.defaultSession);
  other.url = UI;
  const foreign = [
    { sender: other, senderFrame: { url: UI, parent: null } },
    { sender: window, senderFrame: { url: 'https://evil.example/', parent: null } },
    { sender: window, senderFrame: { url: 'app://evil/index.html', parent: null } },
    { sender: window, senderFrame: { url: UI, parent: { url: UI } } },
    { sender: window, senderFrame: null },
  ];
  // Electron structured-clones what a renderer sends: the handler sees a copy, never the original.
  const invoke = (event: unknown, name: InvokeChannelName, args: unknown[]) =>
    mock.ipcMain.invoke(event, InvokeChannel[name], ...structuredClone(args));
  const state = () => engineState(e, { pushes });
  return { e, fromWindow, foreign, invoke, state };
}

let unhandled: unknown[] = [];
let uncaught: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const onUncaught = (error: unknown) => uncaught.push(error);
beforeEach(() => {
  unhandled = [];
  uncaught = [];
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtExceptionMonitor', onUncaught);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtExceptionMonitor', onUncaught);
  mock.reset();
});

/** Lets anything left dangling (a rejected promise nobody awaited) surface before asserting. */
async function settle(e: { clock: { advance(ms: number): Promise<void> } }): Promise<void> {
  await e.clock.advance(0);
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('IPC fuzz', () => {
  it.each(channels.map((name, index) => [name, 5_000 + index] as const))(
    '%s: random payloads from the window are refused and change nothing (seed %i)',
    async (name, seed) => {
      const { e, fromWindow, invoke, state } = await setup();
      const payloads = new RandomPayloads(seededRandom(seed));
      const before = prototypes();
      let invalid = 0;
      let broken = 0;
      for (let i = 0; i < PAYLOADS_PER_CHANNEL; i++) {
        const { args, invalidByConstruction } = payloads.next(templates[name]);
        const valid = isValid(name, args);
        const what = `${name} seed ${seed} #${i}: ${describePayload(args)}`;
        // What the generator broke on purpose, the contract's validator refuses too.
        if (invalidByConstruction) expect(valid, what).toBe(false);
        if (invalidByConstruction) broken++;
        const snapshot = state();
        const outcome = await invoke(fromWindow, name, args).then(
          (value) => ({ refused: false as const, value }),
          (error: unknown) => ({ refused: true as const, error }),
        );
        await settle(e);
        if (valid) continue; // a valid payload may do what it asks; nothing to hold it to here
        invalid++;
        expect(outcome.refused, what).toBe(true);
        if (!outcome.refused) continue;
        expect(outcome.error, what).toBeInstanceOf(InvalidPayloadError);
        const message = (outcome.error as Error).message;
        for (const text of textsIn(args)) expect(message, what).not.toContain(text);
        expect(state(), what).toBe(snapshot);
      }
      // The generator is built to break payloads: most of what it sends must be invalid.
      expect(invalid).toBeGreaterThan(PAYLOADS_PER_CHANNEL * 0.8);
      if (templates[name].valid !== undefined) {
        expect(broken).toBeGreaterThan(PAYLOADS_PER_CHANNEL * 0.4);
      }
      expect(prototypes()).toBe(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(unhandled).toEqual([]);
      expect(uncaught).toEqual([]);
    },
  );

  it.each(channels.map((name, index) => [name, 5_000 + index] as const))(
    '%s: the same payloads from a foreign sender are all refused (seed %i)',
    async (name, seed) => {
      const { e, foreign, invoke, state } = await setup();
      const payloads = new RandomPayloads(seededRandom(seed));
      const pick = seededRandom(seed + 1);
      const snapshot = state();
      for (let i = 0; i < PAYLOADS_PER_CHANNEL; i++) {
        const { args } = payloads.next(templates[name]);
        const event = foreign[Math.floor(pick() * foreign.length)]!;
        const what = `${name} seed ${seed} #${i}: ${describePayload(args)}`;
        await expect(invoke(event, name, args), what).rejects.toThrow(RefusedSenderError);
      }
      // Valid templates from every foreign sender too: the sender check comes first.
      for (const event of foreign) {
        const args = templates[name].valid === undefined ? [] : [templates[name].valid];
        await expect(invoke(event, name, args)).rejects.toThrow(RefusedSenderError);
      }
      await settle(e);
      expect(state()).toBe(snapshot);
      expect(unhandled).toEqual([]);
      expect(uncaught).toEqual([]);
    },
  );
});
