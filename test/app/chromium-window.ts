// Backs the electron stand-in's BrowserWindow with a real Chromium page (playwright-core), so
// the main process's window is one a test can click in:
// - `loadURL('app://purge-watch/…')` loads the page from the app's own `app` protocol handler
//   (its Response: status, body, headers, CSP included). Chromium outside Electron cannot host
//   a custom scheme, so the page lives on https://purge-watch/ and every URL the main process
//   sees (getURL, the IPC sender's frame) is given back in app:// form. Any other request is
//   refused and recorded.
// - The window's preload (webPreferences.preload: the BUILT bundle) runs in the page against an
//   `ipcRenderer`/`contextBridge` shim (preload-runtime.ts). Each invoke is structured-cloned and
//   goes to the stand-in's `ipcMain` handlers with `sender` = this window's webContents and
//   `senderFrame` = the calling frame; each `webContents.send` is structured-cloned into the page.
// - Electron's window events follow the page: ready-to-show, did-finish-load, closed.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Frame, Page, Route } from 'playwright-core';
import type { MockBrowserWindow } from '../mocks/electron';
import { preloadRuntime } from './preload-runtime';

type Electron = typeof import('../mocks/electron');

const APP_ORIGIN = 'app://purge-watch';
const PAGE_ORIGIN = 'https://purge-watch';

/** The URL Chromium loads for an app:// URL. */
export function toPageUrl(url: string): string {
  return url.startsWith(`${APP_ORIGIN}/`) ? PAGE_ORIGIN + url.slice(APP_ORIGIN.length) : url;
}

/** The URL the main process sees for a page's URL. */
export function toAppUrl(url: string): string {
  return url.startsWith(`${PAGE_ORIGIN}/`) ? APP_ORIGIN + url.slice(PAGE_ORIGIN.length) : url;
}

export interface ServedAnswer {
  url: string;
  status: number;
  headers: Record<string, string>;
}

export interface ChromiumWindows {
  /** The page behind a window (created with it). */
  pageOf(window: MockBrowserWindow): Promise<Page>;
  /** Every answer of the app:// protocol handler, in order. */
  served: ServedAnswer[];
  /** Requests for anything but app://purge-watch/ (the CSP should make this stay empty). */
  refused: string[];
  /** Console errors and uncaught exceptions in any window's page. */
  pageErrors: string[];
}

/**
 * From now on every `new BrowserWindow()` of this electron stand-in is a page in `context`.
 * One context per running app: its pages are that app's windows.
 */
export async function backWindowsWithChromium(
  electron: Electron,
  context: BrowserContext,
): Promise<ChromiumWindows> {
  const { mock } = electron;
  const pages = new Map<MockBrowserWindow, Promise<Page>>();
  const windowOfPage = new Map<Page, MockBrowserWindow>();
  const result: ChromiumWindows = {
    pageOf: (window) => {
      const page = pages.get(window);
      if (!page) throw new Error('This window is not backed by Chromium.');
      return page;
    },
    served: [],
    refused: [],
    pageErrors: [],
  };

  await context.route('**/*', (route) => serve(route));
  async function serve(route: Route): Promise<void> {
    const url = route.request().url();
    const handler = mock.protocolHandlers.get('app');
    if (!url.startsWith(`${PAGE_ORIGIN}/`) || !handler) {
      result.refused.push(url);
      await route.abort('blockedbyclient');
      return;
    }
    const request = new Request(toAppUrl(url), {
      method: route.request().method(),
      headers: route.request().headers(),
    });
    const answer = (await handler(request)) as Response;
    const headers = Object.fromEntries(answer.headers.entries());
    result.served.push({ url: request.url, status: answer.status, headers });
    await route.fulfill({
      status: answer.status,
      headers,
      body: Buffer.from(await answer.arrayBuffer()),
    });
  }

  // Invokes from any page of this context: the window whose page it is, is the sender.
  await context.exposeBinding(
    '__electronIpcInvoke',
    async (source, channel: string, args: unknown[]) => {
      const window = windowOfPage.get(source.page);
      const event = {
        sender: window && !window.isDestroyed() ? window.webContents : undefined,
        senderFrame: frameOf(source.frame),
        frameId: 1,
        processId: 1,
      };
      try {
        const value = await mock.ipcMain.invoke(event, channel, ...structuredClone(args));
        return { value: structuredClone(value) };
      } catch (error) {
        // What ipcRenderer.invoke rejects with when the main process's handler throws.
        const { name, message } = error as Error;
        return { error: `Error invoking remote method '${channel}': ${name}: ${message}` };
      }
    },
  );

  mock.windowHooks.push((window) => {
    const preloadPath = (window.options.webPreferences as { preload?: string } | undefined)
      ?.preload;
    const page = context.newPage().then(async (created) => {
      windowOfPage.set(created, window);
      created.setDefaultTimeout(8_000);
      const { width, height } = window.options as { width?: number; height?: number };
      if (width && height) await created.setViewportSize({ width, height });
      created.on('console', (message) => {
        if (message.type() === 'error') result.pageErrors.push(message.text());
      });
      created.on('pageerror', (error) => result.pageErrors.push(error.message));
      created.on('close', () => window.destroy());
      // Read when the window is created, as Electron does: a missing preload fails here.
      if (preloadPath)
        await created.addInitScript(preloadRuntime(readFileSync(preloadPath, 'utf8')));
      return created;
    });
    pages.set(window, page);
    const contents = window.webContents;
    electron.app.emit('web-contents-created', {}, contents);

    contents.loadURL = async (url: string) => {
      contents.loaded.push(url);
      contents.url = url;
      const loaded = await page;
      await loaded.goto(toPageUrl(url));
      contents.url = toAppUrl(loaded.url());
      window.emit('ready-to-show');
      contents.emit('did-finish-load');
    };

    // Pushes keep their order and are dropped (as in Electron) while no page listens.
    let delivery = Promise.resolve();
    contents.send = (channel: string, ...args: unknown[]) => {
      const cloned = structuredClone(args); // Electron throws on what cannot be cloned, too
      contents.sent.push({ channel, args: cloned });
      delivery = delivery.then(async () => {
        const target = await page;
        await target
          .evaluate(
            ([name, payload]) =>
              (globalThis as unknown as PageGlobals).__electronIpcDeliver?.(name, payload),
            [channel, cloned] as const,
          )
          .catch(() => undefined); // navigating or closed
      });
    };
    contents.getURL = () => contents.url;

    const destroy = window.destroy.bind(window);
    window.destroy = () => {
      if (window.isDestroyed()) return;
      destroy();
      void page.then((closing) => closing.close()).catch(() => undefined);
    };
  });
  return result;
}

interface PageGlobals {
  __electronIpcDeliver?: (channel: string, args: unknown[]) => void;
}

function frameOf(frame: Frame): { url: string; parent: unknown } {
  const parent = frame.parentFrame();
  return { url: toAppUrl(frame.url()), parent: parent ? frameOf(parent) : null };
}
