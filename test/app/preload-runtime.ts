// What Electron gives a sandboxed preload, as page script around the preload bundle's own text:
// `require('electron')` answers `ipcRenderer` and `contextBridge`, and nothing else resolves.
// - ipcRenderer.invoke structured-clones its arguments (a value that cannot be cloned rejects,
//   as in Electron) and sends them to the main process through the `__electronIpcInvoke`
//   binding; it rejects with the main process's error message.
// - ipcRenderer.on listeners get `(event, ...args)` for what `webContents.send` delivered.
// - contextBridge.exposeInMainWorld puts a frozen copy of the API on `window`; what crosses it
//   is copied (structured clone) both ways, functions are wrapped, as the bridge does.
// One difference: the preload runs in the page's world, not an isolated one (playwright has no
// isolated worlds to offer); the renderer still sees only what the preload exposed.
// A string, so no transpiler helper leaks into the page.

export function preloadRuntime(preloadSource: string): string {
  return `(() => {
  const invokeMain = window.__electronIpcInvoke;
  const listeners = new Map();
  const ipcRenderer = {
    invoke(channel, ...args) {
      let cloned;
      try {
        cloned = structuredClone(args);
      } catch (error) {
        return Promise.reject(new Error('An object could not be cloned.'));
      }
      return invokeMain(channel, cloned).then((answer) => {
        if ('error' in answer) throw new Error(answer.error);
        return answer.value;
      });
    },
    on(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return ipcRenderer;
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };
  Object.defineProperty(window, '__electronIpcDeliver', {
    value: (channel, args) => {
      for (const listener of [...(listeners.get(channel) ?? [])]) {
        listener({ sender: ipcRenderer }, ...structuredClone(args));
      }
    },
  });
  const copy = (value) => (typeof value === 'function' ? value : structuredClone(value));
  const bridged = (value) => {
    if (typeof value === 'function') {
      return (...args) => {
        const answer = value(...args.map(copy));
        if (answer instanceof Promise) return answer.then((resolved) => structuredClone(resolved));
        return typeof answer === 'function' ? bridged(answer) : structuredClone(answer);
      };
    }
    if (value && typeof value === 'object') {
      return Object.freeze(
        Object.fromEntries(Object.entries(value).map(([key, item]) => [key, bridged(item)])),
      );
    }
    return structuredClone(value);
  };
  const contextBridge = {
    exposeInMainWorld(key, api) {
      Object.defineProperty(window, key, { value: bridged(api), enumerable: true });
    },
  };
  const require = (name) => {
    if (name === 'electron') return { ipcRenderer, contextBridge };
    throw new Error('module not found: ' + name);
  };
  const module = { exports: {} };
  (function (require, module, exports) {
${preloadSource}
  })(require, module, module.exports);
})();`;
}
