// The preload: exposes exactly the contract's API (`PurgeWatchApi`) to the window as
// `window.purgeWatch`, and nothing else. No ipcRenderer, no event objects: invoke methods send
// one payload at most, listeners receive the payload only. Bundled as CommonJS, which a
// sandboxed preload requires; it imports nothing but electron and src/shared.
import { contextBridge, ipcRenderer } from 'electron';
import type {
  InvokeChannelName,
  PurgeWatchApi,
  PushChannelName,
  PushPayloads,
} from '../shared/ipc';
import { InvokeChannel, PushChannel } from '../shared/ipc';

function invoker(name: InvokeChannelName) {
  const channel = InvokeChannel[name];
  return (...args: unknown[]): Promise<unknown> =>
    args.length === 0 ? ipcRenderer.invoke(channel) : ipcRenderer.invoke(channel, args[0]);
}

function isPushChannel(name: unknown): name is PushChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(PushChannel, name);
}

const invokers = Object.fromEntries(
  (Object.keys(InvokeChannel) as InvokeChannelName[]).map((name) => [name, invoker(name)]),
);

const api = {
  ...invokers,
  on<K extends PushChannelName>(event: K, listener: (payload: PushPayloads[K]) => void) {
    if (!isPushChannel(event)) throw new TypeError(`Unknown event "${String(event)}".`);
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
    const channel = PushChannel[event];
    const forward = (_event: unknown, payload: PushPayloads[K]): void => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
} as PurgeWatchApi;

contextBridge.exposeInMainWorld('purgeWatch', api);
