// The preload exposes exactly the contract's API, as `purgeWatch`, and nothing else: no
// ipcRenderer, no event objects.
import { describe, expect, it, vi } from 'vitest';
import type { PurgeWatchApi } from '../../src/shared/ipc';
import { InvokeChannel, PushChannel } from '../../src/shared/ipc';

let mock: typeof import('../mocks/electron').mock;

/** A fresh electron mock and a fresh run of the preload against it. */
async function loadPreload(): Promise<PurgeWatchApi> {
  vi.resetModules();
  ({ mock } = await import('../mocks/electron'));
  await import('../../src/preload/index');
  return mock.exposed.get('purgeWatch') as PurgeWatchApi;
}

describe('preload', () => {
  it('exposes one object, purgeWatch, with exactly the contract’s methods', async () => {
    const api = await loadPreload();
    expect([...mock.exposed.keys()]).toEqual(['purgeWatch']);
    expect(Object.keys(api).sort()).toEqual([...Object.keys(InvokeChannel), 'on'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipcRenderer|send|invoke/);
  });

  it('sends each call on its channel with one payload at most', async () => {
    const api = await loadPreload();
    await api.getSnapshot();
    await api.addFromText({ text: 'abc' });
    await (api.remove as (...args: unknown[]) => Promise<void>)({ requestIds: [] }, 'smuggled');
    expect(mock.ipcRenderer.invoked).toEqual([
      { channel: InvokeChannel.getSnapshot, args: [] },
      { channel: InvokeChannel.addFromText, args: [{ text: 'abc' }] },
      { channel: InvokeChannel.remove, args: [{ requestIds: [] }] },
    ]);
  });

  it('hands listeners the payload only, never the IPC event; unsubscribing stops them', async () => {
    const api = await loadPreload();
    const received: unknown[][] = [];
    const off = api.on('focusPurge', (...args: unknown[]) => received.push(args));
    const event = { sender: mock.ipcRenderer, ports: [] };
    mock.ipcRenderer.emit(PushChannel.focusPurge, event, 'abc');
    off();
    mock.ipcRenderer.emit(PushChannel.focusPurge, event, 'def');
    expect(received).toEqual([['abc']]);
    expect(mock.ipcRenderer.listenerCount(PushChannel.focusPurge)).toBe(0);
  });

  it('refuses to subscribe to anything but the contract’s pushes', async () => {
    const api = await loadPreload();
    const on = api.on as (event: string, listener: unknown) => unknown;
    expect(() => on('electron-store-get-data', () => undefined)).toThrow(TypeError);
    expect(() => on('toString', () => undefined)).toThrow(TypeError);
    expect(() => on('changed', 'not a function')).toThrow(TypeError);
    expect(mock.ipcRenderer.eventNames()).toEqual([]);
  });
});
