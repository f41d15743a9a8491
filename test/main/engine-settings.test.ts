// The engine's two user settings, end to end in the main process: the share of the account's
// rate limit and how long finished purges stay, changed from the window through ipcMain, reach
// the tracker and its scheduler at once, and a restart starts the tracker with what was saved.
import { beforeEach, describe, expect, it } from 'vitest';
import { MockWebContents, mock } from '../mocks/electron';
import { registerIpc } from '../../src/main/window/ipc';
import type { InvokeChannelName } from '../../src/shared/ipc';
import { InvokeChannel } from '../../src/shared/ipc';
import { engine, MemorySettingsFile, SEEDED, seededPurges } from './fixtures';

const UI = 'app://purge-watch/index.html';
const DAY = 24 * 60 * 60_000;
/** The account advertises 40 status requests a second. */
const ACCOUNT_LIMIT = 40;

beforeEach(() => mock.reset({ ready: true, platform: 'darwin' }));

async function openWindow(e: ReturnType<typeof engine>) {
  const window = new MockWebContents(mock.defaultSession);
  window.url = UI;
  registerIpc(e.service.handlers, () => window as never);
  const fromWindow = { sender: window, senderFrame: { url: UI, parent: null } };
  return (name: InvokeChannelName, payload?: unknown) =>
    mock.ipcMain.invoke(fromWindow, InvokeChannel[name], payload);
}

/** Lets a check answer, so the scheduler learns the account's advertised limit. */
async function learnLimit(e: ReturnType<typeof engine>): Promise<void> {
  e.api.addPurge(SEEDED.pending, Infinity);
  await e.clock.advance(0);
  expect(e.api.callsFor(SEEDED.pending).length).toBeGreaterThan(0);
}

describe('engine settings from the window', () => {
  it('spends half the advertised rate limit by default, and the share the window sets at once', async () => {
    const e = engine({ purges: seededPurges(), accountLimit: ACCOUNT_LIMIT });
    await learnLimit(e);
    expect(e.tracker.requestsPerSecond).toBe(20);
    const invoke = await openWindow(e);
    await invoke('setSettings', { rateShare: 0.25 });
    expect(e.tracker.requestsPerSecond).toBe(10);
    await invoke('setSettings', { rateShare: 0.75 });
    expect(e.tracker.requestsPerSecond).toBe(30);
  });

  it('prunes finished purges older than the period the window sets, at once', async () => {
    const e = engine({ purges: seededPurges() });
    const invoke = await openWindow(e);
    await e.clock.advance(2 * DAY);
    // Kept 30 days by default: two days on, the finished ones are still listed.
    expect(e.tracker.get(SEEDED.completed)?.state).toBe('completed');
    await invoke('setSettings', { keepFinishedMs: DAY });
    expect(e.tracker.get(SEEDED.completed)).toBeUndefined();
    expect(e.tracker.get(SEEDED.givenUp)).toBeUndefined();
  });

  it('a bad value from the window changes neither the settings nor the tracker', async () => {
    const e = engine({ purges: seededPurges(), accountLimit: ACCOUNT_LIMIT });
    await learnLimit(e);
    const invoke = await openWindow(e);
    await expect(invoke('setSettings', { rateShare: 3 })).rejects.toThrow('"rateShare"');
    await expect(invoke('setSettings', { keepFinishedMs: 0 })).rejects.toThrow('"keepFinishedMs"');
    expect(e.tracker.requestsPerSecond).toBe(20);
    expect(e.settings.get()).toMatchObject({ rateShare: 0.5, keepFinishedMs: 30 * DAY });
  });

  it('starts the tracker with the saved settings after a restart', async () => {
    const first = engine({ accountLimit: ACCOUNT_LIMIT });
    const invoke = await openWindow(first);
    await invoke('setSettings', { rateShare: 0.25, keepFinishedMs: DAY });

    mock.reset({ ready: true, platform: 'darwin' });
    const settingsFile = new MemorySettingsFile({ ...first.settingsFile.data });
    const again = engine({ purges: seededPurges(), settingsFile, accountLimit: ACCOUNT_LIMIT });
    await learnLimit(again);
    expect(again.tracker.requestsPerSecond).toBe(10);
    // Seeded ten minutes before start: a day on, the finished ones go, the pending one stays.
    await again.clock.advance(DAY);
    again.tracker.pruneFinished();
    expect(again.tracker.get(SEEDED.completed)).toBeUndefined();
    expect(again.tracker.get(SEEDED.pending)).toBeDefined();
  });
});
