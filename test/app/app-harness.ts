// Runs the whole app under Node: the BUILT main process (the test run's own build,
// test/support/built-app.ts) on the electron stand-in, its windows backed by Chromium pages
// (chromium-window.ts) running the built preload and renderer, its checks going over real HTTP
// to the fake ImageKit, its key in the real Secret Service under a service name of its own, its
// files in a temporary profile.
// The test plays the user (tray menu, clicks in the window, notifications) and the operating
// system (a second launch, a link, quitting); nothing of the app is called directly.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, vi } from 'vitest';
import { KeytarKeychain } from '../../src/core/accounts/keychain';
import { DEFAULT_ACCOUNT } from '../../src/shared/account';
import {
  CHROMIUM_HOW_TO_RUN,
  REPO,
  chromiumProblem,
  sharedBrowser,
  takePicture,
} from '../e2e/harness';
import type { FakeImageKit, FakeImageKitOptions } from '../fake-imagekit/server';
import { startFakeImageKit } from '../fake-imagekit/server';
import type { MockBrowserWindow, MockMenu, MockTray } from '../mocks/electron';
import { IN_CI, warnSkipped } from '../support/ci';
import { loopbackFetch } from '../support/loopback';
import { probeSecretService, secretServiceHowToRun } from '../support/secret-service';
import { builtFile, distDir } from '../support/built-app';
import type { ChromiumWindows } from './chromium-window';
import { backWindowsWithChromium } from './chromium-window';
import { QUIT_SIGNALS } from '../../src/main/quit-guard';
import type { UpdateFeed } from '../support/update-feed';
import type { Platform } from '../support/electron-user-agents';
import { ELECTRON_USER_AGENTS, PLATFORMS } from '../support/electron-user-agents';

type Electron = typeof import('../mocks/electron');

/** Platforms the stand-in can be; tray clicks, the Dock and link hand-over differ. */
export { PLATFORMS };
export type { Platform };

const KEYCHAIN_PREFIX = 'purge-watch-app-tier';

/**
 * Whether this tier can run here. Locally a missing Chromium or Secret Service skips it, loudly;
 * under CI=true it does not skip: `problem` is set and `requireAppTier` fails every test with it.
 */
export async function appTierReadiness(): Promise<{ skip: boolean; problem?: string }> {
  const problem = chromiumProblem ?? (await probeSecretService(KEYCHAIN_PREFIX));
  if (!problem) return { skip: false };
  if (IN_CI) return { skip: false, problem };
  const howToRun = chromiumProblem ? CHROMIUM_HOW_TO_RUN : secretServiceHowToRun();
  warnSkipped('the whole-app tests (test/app)', problem, howToRun);
  return { skip: true, problem };
}

/** beforeAll: fails at once, saying why, when the tier cannot run in CI. */
function requireAppTier(readiness: { problem?: string }): void {
  if (readiness.problem) throw new Error(`The whole-app tests cannot run: ${readiness.problem}.`);
}

/**
 * A test file's setup for this tier, called inside its `describe.skipIf(readiness.skip)`: every
 * test fails at once when the tier cannot run under CI; Chromium is launched once for the block
 * (sharedBrowser) and closed after it, with the mutants of the app made for it. Returns the
 * browser, once launched.
 */
export function appTierBrowser(readiness: { problem?: string }): () => Browser {
  beforeAll(() => requireAppTier(readiness));
  afterAll(() => removeAppCopies());
  return sharedBrowser();
}

// ---------- the built app, and mutants of it ----------

/** A built app (main, preload, renderer) that tests run. */
export interface AppBuild {
  dir: string;
  main: string;
}

const copies: string[] = [];

/** Deletes the mutants of the app this test process made (afterAll). */
export function removeAppCopies(): void {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The app as this test run built it: its own build, which no other run writes. */
export function builtApp(): AppBuild {
  const parts = ['main/index.js', 'preload/index.cjs', 'renderer/index.html', 'renderer/index.js'];
  if (!parts.every((part) => existsSync(builtFile(part)))) {
    throw new Error(`${distDir()} is incomplete: the test run's global setup builds it.`);
  }
  return { dir: distDir(), main: builtFile('main/index.js') };
}

/** One edit of a built file: `from` must occur exactly once, or the mutant is refused. */
export interface Edit {
  file: 'main/index.js' | 'preload/index.cjs';
  from: string;
  to: string;
}

/** The built app with edits: a link broken on purpose. */
export function mutantApp(name: string, edits: readonly Edit[]): AppBuild {
  const mutant = copyApp(builtApp().dir, name);
  for (const edit of edits) {
    const file = join(mutant.dir, edit.file);
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf(edit.from);
    if (at < 0 || text.indexOf(edit.from, at + 1) >= 0) {
      throw new Error(`${edit.file} holds ${at < 0 ? 'no' : 'more than one'} "${edit.from}".`);
    }
    writeFileSync(file, text.replace(edit.from, edit.to));
  }
  return mutant;
}

/** A copy of a built app, inside the repo so the bundle's bare imports resolve to node_modules. */
function copyApp(from: string, name: string): AppBuild {
  const root = join(REPO, '.tmp', 'app-tier');
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(join(root, `${name}-`));
  copies.push(dir);
  for (const part of ['main', 'preload', 'renderer']) {
    cpSync(join(from, part), join(dir, part), { recursive: true });
  }
  return { dir, main: join(dir, 'main', 'index.js') };
}

// ---------- waiting ----------

/** Polls `condition` until it holds; fails saying what did not happen. */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs: number,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// ---------- a session: one user's machine ----------

export interface SessionOptions {
  browser: Browser;
  platform?: Platform;
  build?: AppBuild;
  fake?: FakeImageKitOptions;
  /** How long a step may take before the journey fails (default 15 s). */
  patience?: number;
  /**
   * Auto-update: the app runs from this AppImage and looks for updates in this local feed
   * (a dev-app-update.yml beside the app, as electron-updater reads one from sources).
   */
  update?: { feed: UpdateFeed; appImage: string };
}

/**
 * One user's machine: a profile directory, a keychain entry, the fake ImageKit, the process's
 * argv/env/platform as the app sees them. Apps are launched in it; `end()` puts everything back.
 */
export class AppSession {
  readonly profile = mkdtempSync(join(tmpdir(), 'pw-app-tier-'));
  readonly keychainService = `${KEYCHAIN_PREFIX}-${process.pid}-${Date.now().toString(36)}`;
  readonly keychain = new KeytarKeychain({ service: this.keychainService, timeoutMs: 5_000 });
  readonly platform: Platform;
  readonly patience: number;
  readonly apps: RunningApp[] = [];
  private readonly saved = {
    argv: [...process.argv],
    env: { ...process.env },
    platform: process.platform,
  };

  private constructor(
    readonly options: SessionOptions,
    readonly fake: FakeImageKit,
  ) {
    this.platform = options.platform ?? 'linux';
    this.patience = options.patience ?? 15_000;
  }

  static async start(options: SessionOptions): Promise<AppSession> {
    const fake = await startFakeImageKit({ completeAfterMs: 0, ...options.fake });
    return new AppSession(options, fake);
  }

  /**
   * Starts the app as the OS would: a fresh process (module graph) with this argv.
   * `whileStarting` plays the OS before Electron is ready (a toast click that started the app).
   */
  async launch(
    argv: string[] = [],
    whileStarting?: (electron: Electron) => void,
  ): Promise<RunningApp> {
    const signalsBefore = signalListeners();
    const { electron, context, windows } = await this.boot(argv);
    whileStarting?.(electron);
    electron.mock.app.becomeReady();
    const app = new RunningApp(this, electron, context, windows, signalsBefore);
    this.apps.push(app);
    await eventually(() => electron.mock.trays.length === 1, 'the tray icon', this.patience);
    return app;
  }

  /**
   * A second launch while `running` runs: it fails the single-instance lock, hands its argv
   * over (Electron passes it as additionalData) and quits; the running app gets it.
   */
  async secondLaunch(running: RunningApp, argv: string[]): Promise<void> {
    const { electron, context } = await this.boot(argv, { lockTaken: true });
    await context.close();
    const { app } = electron.mock;
    if (app.quitCalls !== 1 || app.lockRequests.length !== 1 || app.listenerCount('ready') > 0) {
      throw new Error('The second launch did not hand over and quit.');
    }
    const handedArgv = [...process.argv];
    process.argv = [...running.argv];
    running.mock.app.emit('second-instance', {}, handedArgv, '/', app.lockRequests[0]);
  }

  /** The user opens a purgewatch:// link. */
  async openLink(running: RunningApp, url: string): Promise<void> {
    if (this.platform === 'darwin') {
      // macOS hands links to the running app as an event; no second process starts.
      running.mock.app.emit('open-url', { preventDefault: () => undefined }, url);
    } else {
      await this.secondLaunch(running, [url]);
    }
  }

  /**
   * A picture of the window as the user sees it, from journeys of the real app on Linux only:
   * app-<name> (takePicture), docs/app-<name>.png under `npm run docs:screenshots`.
   */
  async screenshot(page: Page, name: string): Promise<void> {
    if (this.options.build || this.platform !== 'linux') return;
    await takePicture(page, `app-${name}`, `app-${name}.png`);
  }

  /** Quits every app still running and puts the process, keychain and disk back. */
  async end(): Promise<void> {
    try {
      for (const app of this.apps) await app.quit().catch(() => undefined);
      await this.keychain.deletePrivateKey(DEFAULT_ACCOUNT).catch(() => undefined);
      await this.fake.close();
    } finally {
      process.argv = [...this.saved.argv];
      process.env = { ...this.saved.env };
      Object.defineProperty(process, 'platform', { value: this.saved.platform });
      rmSync(this.profile, { recursive: true, force: true });
    }
  }

  private async boot(
    argv: string[],
    options: { lockTaken?: boolean } = {},
  ): Promise<{ electron: Electron; context: BrowserContext; windows: ChromiumWindows }> {
    process.env = { ...this.saved.env };
    delete process.env.IMAGEKIT_PRIVATE_KEY;
    process.env.PURGE_WATCH_USER_DATA = this.profile;
    process.env.PURGE_WATCH_KEYCHAIN_SERVICE = this.keychainService;
    process.env.IMAGE_KIT_BASE_URL = this.fake.baseUrl;
    process.argv = ['/opt/Purge Watch/purge-watch', ...argv];
    Object.defineProperty(process, 'platform', { value: this.platform });
    const { update } = this.options;
    if (update) {
      process.env.APPIMAGE = update.appImage;
      process.env.XDG_CACHE_HOME = join(this.profile, 'cache');
    }
    vi.resetModules(); // a new process: fresh modules, a fresh electron stand-in
    const electron = (await import('../mocks/electron')) as Electron;
    if (update) {
      // The app's directory, with electron-updater's development feed beside it.
      const appDir = join(this.profile, 'app');
      mkdirSync(appDir, { recursive: true });
      writeFileSync(join(appDir, 'dev-app-update.yml'), update.feed.devFeedConfig());
      electron.mock.app.appPath = appDir;
    }
    electron.mock.app.singleInstanceLock = !options.lockTaken;
    // net.fetch and net.request: the real network stack, to the fake on 127.0.0.1 (only).
    electron.mock.fetchAnswer = (url, init) => loopbackFetch(url, init);
    const context = await this.options.browser.newContext({
      // As Electron's on that platform: the window words some things per platform by it.
      userAgent: ELECTRON_USER_AGENTS[this.platform],
      viewport: { width: 520, height: 640 },
      colorScheme: 'light',
      reducedMotion: 'reduce',
    });
    const windows = await backWindowsWithChromium(electron, context);
    await import(/* @vite-ignore */ (this.options.build ?? builtApp()).main);
    return { electron, context, windows };
  }
}

// ---------- a running app, as the user reaches it ----------

type MenuItem = Record<string, unknown> & { label?: string; click?: () => void };

type SignalListeners = Map<NodeJS.Signals, Array<(...args: unknown[]) => void>>;

/** The listeners for the signals the main process handles, as they are now. */
function signalListeners(): SignalListeners {
  return new Map(
    QUIT_SIGNALS.map((signal) => [signal, process.listeners(signal) as Array<() => void>]),
  );
}

export class RunningApp {
  readonly argv = [...process.argv];
  private quitting: Promise<void> | undefined;

  constructor(
    readonly session: AppSession,
    readonly electron: Electron,
    readonly context: BrowserContext,
    readonly windows: ChromiumWindows,
    private readonly signalsBefore: SignalListeners,
  ) {}

  get mock(): Electron['mock'] {
    return this.electron.mock;
  }

  get tray(): MockTray {
    const tray = this.mock.trays[0];
    if (!tray) throw new Error('The app has no tray icon.');
    return tray;
  }

  /** The tray menu's items, submenus flattened (a submenu is a template or a built menu). */
  trayItems(): MenuItem[] {
    const flatten = (items: MockMenu['template'] | undefined): MenuItem[] =>
      (items ?? []).flatMap((item) => {
        const { submenu } = item as { submenu?: MockMenu | MockMenu['template'] };
        return [item as MenuItem, ...flatten(Array.isArray(submenu) ? submenu : submenu?.template)];
      });
    return flatten(this.tray.contextMenu?.template);
  }

  trayItem(label: RegExp): MenuItem | undefined {
    return this.trayItems().find((item) => label.test(String(item.label ?? '')));
  }

  /**
   * The user opens the tray menu and picks an item once it is enabled. macOS and Windows tell
   * the app the pointer is on the icon (it re-reads the clipboard then); Linux's AppIndicator
   * tells nothing: the menu is current within its 2 s refresh.
   */
  async pickFromTray(label: RegExp): Promise<void> {
    if (this.session.platform !== 'linux') this.tray.emit('mouse-enter');
    await eventually(
      () => this.trayItem(label)?.enabled === true,
      `the tray item ${label} to be enabled`,
      this.session.patience,
    );
    this.trayItem(label)!.click!();
  }

  /** Windows not closed yet. */
  openWindows(): MockBrowserWindow[] {
    return this.mock.windows.filter((window) => !window.isDestroyed());
  }

  /** The open window's page, once its UI has loaded its first snapshot. */
  async page(): Promise<Page> {
    await eventually(
      () => this.openWindows().length === 1,
      'one open window',
      this.session.patience,
    );
    const page = await this.windows.pageOf(this.openWindows()[0]!);
    await page.waitForSelector('body[data-ready="true"]', { timeout: this.session.patience });
    return page;
  }

  /** Opens the window the way the platform offers: the icon (Linux, Windows), else the menu. */
  async openWindow(): Promise<Page> {
    if (this.session.platform === 'darwin') await this.pickFromTray(/^Open Purge Watch/);
    else this.tray.emit('click');
    return this.page();
  }

  /**
   * The app quits (the tray's Quit, or the end of a session): the stand-in runs Electron's
   * sequence (before-quit, the windows close, will-quit, quit), at once; then what ends with
   * the process.
   */
  quit(): Promise<void> {
    this.quitting ??= (async () => {
      if (!this.mock.app.ended) this.mock.app.quit();
      if (!this.mock.app.ended) throw new Error('The app did not quit: a quit was prevented.');
      await this.context.close();
      // The process ends, and with it the signal listeners this launch added (the quit guard's
      // stay registered on purpose while the process lives).
      for (const [signal, listeners] of signalListeners()) {
        for (const listener of listeners) {
          if (!this.signalsBefore.get(signal)?.includes(listener)) process.off(signal, listener);
        }
      }
    })();
    return this.quitting;
  }
}
