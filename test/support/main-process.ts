// The main process (src/main/index.ts) started under the recording electron mock, as
// test/main's files start it: a temporary profile, the fake ImageKit on real HTTP, the
// environment key, the platform and argv of the launch. `endMainProcess` (in an afterEach) puts
// back what a start changed in this test process and removes the profile.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import { loopbackFetch } from './loopback';
import { until } from './until';
import type { FakeImageKit, FakeImageKitOptions } from '../fake-imagekit/server';
import { startFakeImageKit } from '../fake-imagekit/server';
import { InvokeChannel } from '../../src/shared/ipc';
import { QUIT_SIGNALS } from '../../src/main/quit-guard';

export type Mock = typeof import('../mocks/electron').mock;

/** The window's page: what the IPC handlers accept calls from. */
export const UI = 'app://purge-watch/index.html';

const saved = {
  argv: [...process.argv],
  env: { ...process.env },
  platform: process.platform,
  signalListeners: new Map(QUIT_SIGNALS.map((signal) => [signal, process.listeners(signal)])),
};

export interface Started {
  mock: Mock;
  profile: string;
  fake: FakeImageKit;
}

let current: Started | undefined;

/** Imports the main process with this launch's argv and platform; the app is not ready yet. */
export async function launchMainProcess(
  argv: string[],
  platform: NodeJS.Platform = 'linux',
  fakeOptions: FakeImageKitOptions = {},
): Promise<Started> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-app-'));
  const fake = await startFakeImageKit({ completeAfterMs: 0, ...fakeOptions });
  process.env.PURGE_WATCH_USER_DATA = profile;
  process.env.IMAGEKIT_PRIVATE_KEY = fake.privateKey;
  process.env.IMAGE_KIT_BASE_URL = fake.baseUrl;
  process.argv = ['/opt/purge-watch/purge-watch', ...argv];
  Object.defineProperty(process, 'platform', { value: platform });
  vi.resetModules();
  const { mock } = await import('../mocks/electron');
  // net.fetch goes to the real fake server.
  mock.fetchAnswer = (url, init) => loopbackFetch(url, init);
  current = { mock, profile, fake };
  await import('../../src/main/index');
  return current;
}

/** A call from the app's own window to an IPC handler. */
export function windowInvoker(mock: Mock, window = mock.windows[0]!) {
  const fromWindow = { sender: window.webContents, senderFrame: { url: UI, parent: null } };
  return (name: keyof typeof InvokeChannel, payload?: unknown) =>
    mock.ipcMain.invoke(fromWindow, InvokeChannel[name], payload);
}

/**
 * The app launched by `launchMainProcess` made ready, its tray up, and its window opened as a
 * plain second launch opens it; returns the window's invoker.
 */
export async function openedWindow(mock: Mock) {
  mock.app.becomeReady();
  await until(() => mock.trays.length === 1, 'the tray');
  mock.app.emit('second-instance', {}, ['/opt/pw'], '/', { argv: ['/opt/pw'] });
  return windowInvoker(mock);
}

/** Puts back argv, the environment, the platform and the quit-signal listeners; removes the profile. */
export async function endMainProcess(): Promise<void> {
  process.argv = [...saved.argv];
  process.env = { ...saved.env };
  Object.defineProperty(process, 'platform', { value: saved.platform });
  // The app's quit-signal listeners stay for the life of its process: here, until the test ends.
  for (const [signal, before] of saved.signalListeners) {
    for (const listener of process.listeners(signal)) {
      if (!before.includes(listener)) process.off(signal, listener);
    }
  }
  const ended = current;
  current = undefined;
  // Quit as a user would, where the test did not: else the app's timers (a store's delayed
  // write) run on and make the profile folder again once it is removed.
  ended?.mock.app.emit('before-quit');
  await ended?.fake.close();
  if (ended) fs.rmSync(ended.profile, { recursive: true, force: true });
}
