// Runs the built window (the renderer of the test run's own build, test/support/built-app.ts)
// in headless Chromium on top of the REAL core: a Tracker with the ImageKitClient on global
// fetch, pointed at the fake ImageKit server; a PrivateKeySource over an in-memory keychain; a
// plain settings store; all wrapped in the WatchService the Electron main process uses. The page
// gets `window.purgeWatch` from a bridge that routes each invoke through the contract's validator
// to the service's handler, and delivers the service's pushes. Only Electron is missing.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ImageKitClient } from '../../src/core/imagekit/imagekit-client';
import { PrivateKeySource } from '../../src/core/accounts/key-source';
import type { ScheduleOptions } from '../../src/core/tracking/poll-schedule';
import { Tracker } from '../../src/core/tracking/tracker';
import type { WatchService } from '../../src/core/tracking/watch-service';
import { loopbackFetch } from '../support/loopback';
import { startWatchService } from '../support/watch-service';
import type { InvokeChannelName } from '../../src/shared/ipc';
import type { Settings } from '../../src/shared/settings';
import { InvokeChannel, validatePayload } from '../../src/shared/ipc';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import type { FakeImageKit, FakeImageKitOptions } from '../fake-imagekit/server';
import { MemoryKeychain } from '../support/memory-keychain';
import { FakeUpdates } from '../support/fake-updates';
import type { UpdateStatus } from '../../src/shared/update';
import { SettingsStore } from '../../src/main/profile/settings-store';
import type { GlobalShortcuts } from '../../src/main/desktop/open-shortcut';
import { OpenShortcut } from '../../src/main/desktop/open-shortcut';
import { MemoryLoginItem, MemorySettingsFile } from '../main/fixtures';
import type { Platform } from '../support/electron-user-agents';
import { ELECTRON_USER_AGENTS } from '../support/electron-user-agents';
import { REPO, launchChromium, serveRenderer } from './chromium';

export {
  CHROMIUM,
  CHROMIUM_HOW_TO_RUN,
  CSP,
  REPO,
  RENDERER_DIR,
  chromiumProblem,
  ensureRendererBuilt,
  launchChromium,
  releaseRendererCopy,
  rendererCopy,
  skipBrowserTests,
} from './chromium';

export const SCREENSHOT_DIR = join(REPO, '.tmp/screenshots');

/**
 * Set by `npm run docs:screenshots`: the tests that take the pictures the docs show write them
 * into docs/ too. A plain `npm test` never writes into the checkout.
 */
const WRITING_DOCS_PICTURES = process.env.PURGE_WATCH_DOCS_SCREENSHOTS === '1';

/**
 * A picture of the window (or of a part of it) as it is now, in .tmp/screenshots/<name>.png to
 * look at after a run; when `docsFile` names one of the docs' pictures, also docs/<docsFile>
 * under `npm run docs:screenshots`.
 */
export async function takePicture(
  target: { screenshot(options: { path: string }): Promise<unknown> },
  name: string,
  docsFile?: string,
): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await target.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
  if (docsFile && WRITING_DOCS_PICTURES)
    await target.screenshot({ path: join(REPO, 'docs', docsFile) });
}

/** The system's global shortcuts, as the app's OpenShortcut sees them: some held elsewhere. */
export class SystemShortcuts implements GlobalShortcuts {
  readonly registered = new Set<string>();
  /** Accelerators another app holds: registering one is refused. */
  readonly taken = new Set<string>();
  register(accelerator: string): boolean {
    if (this.taken.has(accelerator) || this.registered.has(accelerator)) return false;
    this.registered.add(accelerator);
    return true;
  }
  unregister(accelerator: string): void {
    this.registered.delete(accelerator);
  }
}

/** The app's settings (its SettingsStore and shortcut) over a file in memory. */
export class MemorySettings extends SettingsStore {
  readonly openShortcut: OpenShortcut;

  constructor(
    readonly system = new SystemShortcuts(),
    /** The system's login item: a test turns it off "in the system's settings" here. */
    readonly systemLoginItem = new MemoryLoginItem(),
  ) {
    const shortcut = new OpenShortcut({ onPress: () => undefined, shortcuts: system });
    super(new MemorySettingsFile(), systemLoginItem, { shortcut });
    this.openShortcut = shortcut;
    this.reconcile();
  }

  get value(): Settings {
    return this.get();
  }
}

export interface WindowOptions {
  /**
   * The key in the keychain: the fake's own (default), a wrong one, or none. With the fake's
   * `accounts`, 'valid' puts each account's key in the keychain under its name.
   */
  key?: 'valid' | 'wrong' | 'none';
  fake?: FakeImageKitOptions;
  /** The fake's account whose key is IMAGEKIT_PRIVATE_KEY's (the "environment" account), kept
   * out of the keychain. Default: none (the variable is never read from the test's env). */
  environmentAccount?: string;
  schedule?: Partial<ScheduleOptions>;
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
  /** Device pixels per CSS pixel: 2 with a 260 px viewport is the default window at 200 % zoom. */
  deviceScaleFactor?: number;
  /**
   * The platform whose Electron user agent the page has (the window shows some things per
   * platform by it). Default: headless Chromium's own, that of the machine running the tests.
   */
  platform?: Platform;
  /** The tracker starts as if the store file had been corrupt and moved aside. */
  recoveredStore?: { movedTo: string; reason: string };
  /** Auto-update's state as the app's updater would tell it (default: no updater, as the CLI). */
  update?: UpdateStatus;
  /** Runs before the page loads (seed purges, pause polling, inject faults). */
  before?: (harness: Omit<AppWindow, 'page' | 'close'>) => Promise<void> | void;
}

export interface AppWindow {
  page: Page;
  fake: FakeImageKit;
  tracker: Tracker;
  service: WatchService;
  keychain: MemoryKeychain;
  settings: MemorySettings;
  /**
   * The updater the window reaches, with the `update` option: set its `current` status, then
   * `service.updateChanged()` tells the window, as the app's updater does after a look.
   */
  updates: FakeUpdates | undefined;
  /** Links the window asked to open, and texts it asked to copy. */
  opened: string[];
  copied: string[];
  /** Console errors and uncaught page errors (a CSP violation shows up here). */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Fast polling so purges complete within a test. */
export const FAST_SCHEDULE: Partial<ScheduleOptions> = {
  minIntervalMs: 200,
  firstCheckAfterMs: 0,
  errorBackoffMs: 200,
  maxIntervalMs: 1_000,
  jitter: 0,
};

/** A stale CDN edge is asked again soon, and called stale within 2 s. */
export const FAST_RECHECK = { firstDelayMs: 100, maxDelayMs: 300, boundMs: 2_000 };

/**
 * The test file's Chromium, for the enclosing describe block: launched before its tests by the
 * first block that asks, closed after the last block's. Vitest runs each test file in a worker
 * process of its own, so this is one browser per worker. Returns the browser, once launched.
 */
export function sharedBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browserUsers++;
    launched ??= launchChromium();
    browser = await launched;
  }, 60_000);
  afterAll(async () => {
    if (--browserUsers > 0 || !launched) return;
    const closing = launched;
    launched = undefined;
    await closing.then(
      (opened) => opened.close(),
      () => undefined,
    );
  });
  return () => {
    if (!browser) throw new Error('Chromium has not started: use the browser inside a test.');
    return browser;
  };
}

let launched: Promise<Browser> | undefined;
let browserUsers = 0;

/**
 * Windows for the tests of the enclosing describe block, on the file's Chromium (sharedBrowser);
 * each window is closed after the test that opened it. Every window gets a context of its own
 * (nothing carries over from one test to the next), made while the test before ran.
 */
export function windowsPerTest(): { open(options?: WindowOptions): Promise<AppWindow> } {
  const browser = sharedBrowser();
  const opened: AppWindow[] = [];
  let spare: Promise<WindowPage> | undefined;
  afterEach(async () => {
    for (const win of opened.splice(0)) await win.close();
  });
  afterAll(async () => {
    const unused = spare;
    spare = undefined;
    await unused?.then(
      (left) => left.context.close(),
      () => undefined,
    );
  });
  return {
    async open(options = {}) {
      // A context's zoom (device pixels) and user agent are fixed when it is made: a spare one
      // is at 100 %, with Chromium's own.
      const spareFits = (options.deviceScaleFactor ?? 1) === 1 && !options.platform;
      const ready = spareFits ? spare : undefined;
      if (spareFits) {
        spare = newWindowPage(browser());
        spare.catch(() => undefined); // its failure surfaces in the test that takes it
      }
      const win = await openWindow(browser(), options, ready);
      opened.push(win);
      return win;
    },
  };
}

/** A context and page for one window, with the bridge's binding to whichever core it is given. */
interface WindowPage {
  context: BrowserContext;
  page: Page;
  serve(service: WatchService): void;
}

const DEFAULT_VIEWPORT = { width: 1200, height: 800 };

async function newWindowPage(
  browser: Browser,
  deviceScaleFactor = 1,
  platform?: Platform,
): Promise<WindowPage> {
  const context = await browser.newContext({
    viewport: DEFAULT_VIEWPORT,
    deviceScaleFactor,
    ...(platform ? { userAgent: ELECTRON_USER_AGENTS[platform] } : {}),
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(8_000); // fail at the step that hangs, before the test's own timeout
  let service: WatchService | undefined;
  await page.exposeBinding(
    '__purgeWatchInvoke',
    async (_source, channel: string, payload: unknown) => {
      if (!service) throw new Error('This page serves no window yet.');
      if (!Object.hasOwn(InvokeChannel, channel)) throw new Error(`No channel "${channel}".`);
      const name = channel as InvokeChannelName;
      try {
        const valid = validatePayload[name](payload);
        const handler = service.handlers[name] as (p: unknown) => Promise<unknown>;
        return await handler(valid);
      } catch (error) {
        // What ipcRenderer.invoke rejects with when a main-process handler throws.
        const { name: kind, message } = error as Error;
        throw new Error(
          `Error invoking remote method '${InvokeChannel[name]}': ${kind}: ${message}`,
        );
      }
    },
  );
  await page.addInitScript(bridgeScript(Object.keys(InvokeChannel)));
  return { context, page, serve: (core) => (service = core) };
}

/**
 * The built window on a new core (fake ImageKit, tracker, service), in a page of `browser`, or in
 * `windowPage` when one was made ahead.
 */
export async function openWindow(
  browser: Browser,
  options: WindowOptions = {},
  windowPage?: Promise<WindowPage>,
): Promise<AppWindow> {
  const fake = await startFakeImageKit({ completeAfterMs: 1_500, ...options.fake });
  const keyChoice = options.key ?? 'valid';
  const { environmentAccount } = options;
  const keychained = Object.entries(fake.accounts).filter(([name]) => name !== environmentAccount);
  const keychain =
    options.fake?.accounts && keyChoice === 'valid'
      ? new MemoryKeychain(undefined, Object.fromEntries(keychained))
      : new MemoryKeychain(
          keyChoice === 'valid'
            ? fake.privateKey
            : keyChoice === 'wrong'
              ? 'private_wrongKey123'
              : undefined,
        );
  // Never IMAGEKIT_PRIVATE_KEY from the test's own environment.
  const keys = new PrivateKeySource(
    keychain,
    environmentAccount === undefined ? '' : fake.keyOf(environmentAccount),
  );
  // One client per account, as the app makes them (src/main/index.ts).
  const clientFor = (account: string): ImageKitClient =>
    new ImageKitClient({
      fetch: (input, init) => fetch(input, init),
      privateKey: () => keys.get(account),
      baseUrl: fake.baseUrl,
      timeoutMs: 3_000,
      userAgent: 'purge-watch-e2e',
    });
  const tracker = new Tracker({
    accounts: [{ name: 'default', api: clientFor('default') }],
    schedule: { ...FAST_SCHEDULE, ...options.schedule },
    budget: { maxRequestsPerSecond: 50, maxConcurrent: 4 },
    ...(options.recoveredStore ? { recoveredStore: options.recoveredStore } : {}),
  });
  const settings = new MemorySettings();
  const updates = options.update && new FakeUpdates(options.update);
  const { service, opened, copied } = startWatchService({
    tracker,
    keys,
    settings,
    clientFor,
    recheck: FAST_RECHECK,
    shortcut: () => settings.openShortcut.status(),
    loginItem: () => settings.loginItemStatus(),
    ...(updates ? { updates } : {}),
    // The fake's CDN stands in for ik.imagekit.io as the fake stands in for the API, so a
    // purged https://ik.imagekit.io/… URL is checked there (and the window shows its verdict).
    cdnFetch: (url, request) => loopbackFetch(onFakeCdn(url, fake.cdn.baseUrl), request),
  });
  await service.ready;
  const pageErrors: string[] = [];
  const core = { fake, tracker, service, keychain, settings, updates, opened, copied, pageErrors };
  await options.before?.(core);

  const server = await serveRenderer();
  const { context, page, serve } = await (windowPage ??
    newWindowPage(browser, options.deviceScaleFactor, options.platform));
  await page.setViewportSize(options.viewport ?? DEFAULT_VIEWPORT);
  await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light' });
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  serve(service);

  let closed = false;
  const unsubscribe = service.onPush(({ channel, payload }) => {
    if (closed) return;
    page
      .evaluate(`window.__purgeWatchPush(${JSON.stringify(channel)}, ${JSON.stringify(payload)})`)
      .catch(() => undefined); // the page is navigating or closed
  });

  await page.goto(server.url);
  // The first render of a long list (5,000 purges) is the slowest step of all: on a machine whose
  // cores are busy elsewhere it has taken more than the 8 s a single step gets.
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });

  return {
    ...core,
    page,
    async close() {
      closed = true;
      unsubscribe();
      tracker.close();
      await context.close();
      await Promise.all([server.close(), fake.close()]);
    },
  };
}

/**
 * What the preload does with contextBridge, as page script: `window.purgeWatch` with one method
 * per invoke channel (through the exposed binding) and `on()` for pushes. A string, so no
 * transpiler helper leaks into the page.
 */
function bridgeScript(channels: string[]): string {
  return `(() => {
    const listeners = new Map();
    const invoke = window.__purgeWatchInvoke;
    const api = {
      on(event, listener) {
        let set = listeners.get(event);
        if (!set) listeners.set(event, (set = new Set()));
        set.add(listener);
        return () => set.delete(listener);
      },
    };
    for (const channel of ${JSON.stringify(channels)}) {
      api[channel] = (payload) => invoke(channel, payload);
    }
    Object.defineProperty(window, 'purgeWatch', { value: Object.freeze(api) });
    Object.defineProperty(window, '__purgeWatchPush', {
      value: (event, payload) => {
        for (const listener of listeners.get(event) ?? []) listener(payload);
      },
    });
  })();`;
}

/**
 * What adding or purging said: beside the paste box when it has something to keep (a rejection, a
 * warning such as an image's path transformations), else in the passing toast.
 */
export function addOutcome(page: Page, text: RegExp) {
  return page.locator('#add-result, #announcer').filter({ hasText: text });
}

/** The list's rows, by request ID. */
export function row(page: Page, requestId: string) {
  return page.locator(`li.purge-row[data-id="${requestId}"]`);
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2 A/AA rules) on the page as it is now and returns the violations of
 * serious or critical impact. axe is evaluated through the DevTools protocol, so the page's CSP
 * (no inline script) stays as strict as in the app.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeFinding[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? '',
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
      }));
  });
}

/** How far the page scrolls sideways (0 when it reflows to the width it has). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

/**
 * The page as it is now, in light and dark: no sideways scrolling, no serious accessibility
 * finding; a picture of each (takePicture): layout-<name>-<scheme>, and the docs' picture that
 * `docs` names for that scheme.
 */
export async function checkLayoutState(
  page: Page,
  name: string,
  docs: { light?: string; dark?: string } = {},
): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await takePicture(page, `layout-${name}-${scheme}`, docs[scheme]);
    expect(
      await sidewaysOverflow(page),
      `${name} (${scheme}) scrolls sideways`,
    ).toBeLessThanOrEqual(0);
    expect(await seriousAxeViolations(page), `${name} (${scheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The labels of row actions cut off at the window's right edge (none, as a rule). */
export function rowActionsCutOff(page: Page): Promise<(string | null)[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('li.purge-row .icon-button:not([hidden])')]
      .filter((b) => b.getBoundingClientRect().right > document.documentElement.clientWidth)
      .map((b) => b.getAttribute('aria-label')),
  );
}

/**
 * The window's sizes the layout is checked at: minimum, default, half a laptop screen (the
 * two-column table without the added and checked columns), wide, and 200 % zoom.
 */
export const WINDOW_SIZES = {
  minimum: { viewport: { width: 380, height: 640 }, deviceScaleFactor: 1 },
  default: { viewport: { width: 520, height: 640 }, deviceScaleFactor: 1 },
  medium: { viewport: { width: 820, height: 640 }, deviceScaleFactor: 1 },
  wide: { viewport: { width: 1400, height: 800 }, deviceScaleFactor: 1 },
  /** The default window at 200 % zoom: 260 × 320 CSS pixels, two device pixels each. */
  zoom200: { viewport: { width: 260, height: 320 }, deviceScaleFactor: 2 },
} as const;

/** `https://ik.imagekit.io/<path>` as the same path on the fake's CDN; any other URL as it is. */
function onFakeCdn(url: string, cdnBaseUrl: string): string {
  const parsed = new URL(url);
  return parsed.hostname === 'ik.imagekit.io'
    ? `${cdnBaseUrl}${parsed.pathname}${parsed.search}`
    : url;
}

/**
 * A `before` hook for a busy list as users see it: URL purges completing, ID-only ones pending,
 * one ImageKit keeps failing (retrying), one given up after a day, one ImageKit does not know.
 * With `fake: { completeAfterMs: 900 }`, three complete within seconds.
 */
export async function seedBusyList({
  fake,
  tracker,
}: Pick<AppWindow, 'fake' | 'tracker'>): Promise<void> {
  const now = Date.now();
  const givenUp = fake.addPurge(objectIdAt(now - 26 * 3_600_000), { completeAfterMs: Infinity });
  const unknown = objectIdAt(now - 40 * 60_000);
  await tracker.add([givenUp, unknown]);
  await tracker.submit(
    [
      'https://ik.imagekit.io/acme/products/sneaker-red.jpg',
      'https://ik.imagekit.io/acme/products/sneaker-blue.jpg',
    ],
    tracker.defaultAccount,
  );
  const flaky = fake.addPurge(objectIdAt(now - 95_000), { completeAfterMs: Infinity });
  fake.inject('server_error', {
    requestId: flaky,
    times: Infinity,
    status: 503,
    message: 'Service temporarily unavailable',
  });
  const slow = fake.addPurge(objectIdAt(now - 48_000), { completeAfterMs: Infinity });
  await tracker.add([flaky, slow]);
  await tracker.submit(
    ['https://ik.imagekit.io/acme/banners/2026/spring-campaign/spring-sale-hero-wide@2x.png'],
    tracker.defaultAccount,
  );
}

/** Waits until the busy list has settled: three completed, one retrying, one not found. */
export async function busyListSettled(page: Page): Promise<void> {
  await page.waitForSelector('li.purge-row[data-kind="retrying"]', { timeout: 10_000 });
  await page.waitForSelector('li.purge-row[data-kind="not_found"]', { timeout: 10_000 });
  await page.waitForFunction(
    () => document.querySelectorAll('li.purge-row[data-kind="completed"]').length === 3,
    undefined,
    { timeout: 10_000 },
  );
}
