// A recording stand-in for the `electron` module under Node (vitest aliases `electron` here).
// It does nothing real: it remembers what the code asked Electron to do (windows and their
// webPreferences, menus set on the tray, notifications shown, IPC handlers, protocol handlers,
// login-item settings, links opened…) and lets a test play Electron's part (emit app, power,
// window and notification events; set the clipboard; go offline). `mock.reset()` between tests.
//
// It is as strict as Electron 45 where that hides real bugs (each rule cites electron.d.ts or
// Electron's sources): Tray, Notification, BrowserWindow, session.defaultSession,
// protocol.handle, net and powerMonitor throw before `ready`; platform-only APIs and events
// follow `process.platform` at call time (switch it per test with `mock.reset({ platform })`):
// `app.dock` exists on macOS only, with its one-second `hide()` quirk, `activate` fires on macOS
// only, `Notification.handleActivation` exists on Windows only, powerMonitor `shutdown` on
// Linux and macOS only; a notification emits `show` later (`failed` with no message on Linux),
// `close` with `timedOut` on Windows when the toast moves to the Action Center, and can be
// garbage-collected (`mock.collectGarbage()`); one never shown (or refused) cannot be clicked; on Windows a
// `toastXml` supersedes the text (malformed: `failed`), a collected toast's click reaches
// `handleActivation` with its launch arguments only, and a click on a toast of an earlier run
// waits for the presenter (`clickFromEarlierRun`); `app.quit()` runs Electron's sequence
// (before-quit, windows close, will-quit, quit; each preventable step cancels it) and `exit()`
// its own; `dialog.showMessageBox` throws before `ready`; login items are the Run key and
// Task Manager's switch on Windows, SMAppService's status on macOS, and do nothing on Linux;
// a destroyed window or web contents throws; a renderer can end (`renderProcessGone`), leaving
// its window blank until a reload; `setAsDefaultProtocolClient` answers false for a bad scheme
// or a refusal; `shell.openExternal` can reject; the clipboard can reject, and on Wayland (`mock.waylandSession`) reads stale and
// drops writes while no window of the app has the focus; a destroyed Tray throws, and a test
// cannot emit a Tray event its platform lacks (Linux: no `mouse-enter`, only `click`); menus are
// validated like `Menu.buildFromTemplate`; IPC payloads are structured-cloned (non-clonable
// values throw); `nativeImage.createFromPath` picks up `@2x` files; `net.request` is Electron's
// ClientRequest over real HTTP (no socket event, manual redirects cancelled unless followed at
// once; headers decoded as UTF-8 with Electron's rules for duplicates; a body not read holds the
// connection, and only abort() ends it). Packages that `require('electron')` themselves (electron-updater) get this stand-in
// too: it puts itself in Node's require cache under the `electron` package's file.
// `globalShortcut` throws before `ready`, refuses (false) an accelerator another app holds
// (`mock.globalShortcut.takenElsewhere`) or this app holds already, and its accelerators are
// parsed as Electron's (a bad one throws); `app.getPath('logs')` is Electron's default (in
// userData, or ~/Library/Logs on macOS) until `app.setAppLogsPath`.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import Module, { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';

const PROJECT_VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

/** The platform the test process really runs on (kept across module resets). */
const globalRecord = globalThis as { __purgeWatchRealPlatform?: NodeJS.Platform };
const REAL_PLATFORM = (globalRecord.__purgeWatchRealPlatform ??= process.platform);

function platform(): NodeJS.Platform {
  return process.platform;
}

/** Set `process.platform` for the code under test (restored by `mock.reset()`). */
function setPlatform(value: NodeJS.Platform): void {
  Object.defineProperty(process, 'platform', { value, configurable: true });
}

/**
 * gin_helper::Destroyable: every method and property of a destroyed BrowserWindow or WebContents
 * throws this (isDestroyed() and the EventEmitter's own methods aside).
 */
function requireAlive(object: { isDestroyed(): boolean }): void {
  if (object.isDestroyed()) throw new TypeError('Object has been destroyed');
}

/** Electron refuses these before `ready`, with these messages (shell/browser/api/*.cc, lib/). */
function requireReady(message: string): void {
  if (!app.isReady()) throw new Error(message);
}

/** An Electron-style event: records whether the code called preventDefault(). */
export class MockEvent {
  defaultPrevented = false;
  constructor(readonly details: Record<string, unknown> = {}) {
    Object.assign(this, details);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

type Handler = (...args: unknown[]) => unknown;

// ---------- app ----------

/**
 * A Run key value as Electron writes it (FormatCommandLineString): the executable quoted, then
 * each argument, quoted when it holds a space. `path` defaults to process.execPath.
 */
function commandLine(path: unknown, args: unknown): string {
  const program = typeof path === 'string' && path !== '' ? path : process.execPath;
  const rest = Array.isArray(args) ? args.map(String) : [];
  return [`"${program}"`, ...rest.map((arg) => (/\s/.test(arg) ? `"${arg}"` : arg))].join(' ');
}
function commandProgram(line: string): string {
  return /^"([^"]*)"/.exec(line)?.[1] ?? line.split(' ')[0] ?? '';
}
function commandArgs(line: string): string[] {
  const rest = line.replace(/^"[^"]*"\s*|^\S+\s*/, '');
  return [...rest.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

class MockApp extends EventEmitter {
  isPackaged = false;
  singleInstanceLock = true;
  lockRequests: unknown[] = [];
  quitCalls = 0;
  exitCodes: number[] = [];
  appUserModelId: string | undefined;
  protocolClients: Array<{ protocol: string; path?: string; args?: string[] }> = [];
  loginItemCalls: Array<Record<string, unknown>> = [];
  paths = new Map<string, string>([
    ['userData', '/mock/userData'],
    ['home', '/mock/home'],
  ]);
  appPath = '/mock/app';
  dockHidden = false;
  /** dock.hide() calls Electron ignored (within a second of the previous call). */
  dockHidesIgnored = 0;
  private lastDockCall = -Infinity;
  private readonly macDock = {
    hide: () => {
      const now = mock.now();
      const tooSoon = now - this.lastDockCall < 1_000;
      this.lastDockCall = now;
      // electron.d.ts: "Calling dock.hide() within one second of a previous call will have no effect."
      if (tooSoon) {
        this.dockHidesIgnored++;
        return;
      }
      this.dockHidden = true;
    },
    show: async () => {
      this.lastDockCall = mock.now();
      this.dockHidden = false;
    },
    isVisible: () => !this.dockHidden,
  };
  /** macOS only: undefined elsewhere, as in Electron. */
  get dock(): typeof this.macDock | undefined {
    return platform() === 'darwin' ? this.macDock : undefined;
  }
  private ready = false;

  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean {
    this.lockRequests.push(additionalData);
    return this.singleInstanceLock;
  }
  /** Between a quit that was not prevented and its end (or its cancellation). */
  private quitting = false;
  /** True once the process has ended (`quit` emitted: after `app.quit()` or `app.exit()`). */
  ended = false;
  /**
   * Browser::Quit (shell/browser/browser.cc): `before-quit` (preventable), then every window is
   * asked to close (a `close` prevented cancels the quit), then, once none is left, `will-quit`
   * (preventable) and `quit`, and the process ends. Nothing happens while a quit is under way.
   */
  quit(): void {
    this.quitCalls++;
    if (this.quitting || this.ended) return;
    const event = new MockEvent();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.quitting = true;
    const windows = MockBrowserWindow.getAllWindows();
    if (windows.length === 0) this.willQuit();
    for (const window of windows) {
      window.close();
      if (!window.isDestroyed()) {
        this.quitting = false; // Browser::OnWindowCloseCancelled
        return;
      }
    }
  }
  /** Browser::ExitWithCode: the windows are destroyed without asking, then `quit`; no other event. */
  exit(code = 0): void {
    this.exitCodes.push(code);
    if (this.ended) return;
    this.quitting = true;
    for (const window of MockBrowserWindow.getAllWindows()) window.destroy();
    this.end(code);
  }
  /** The last window is gone (Browser::OnWindowAllClosed). */
  allWindowsClosed(): void {
    if (this.ended) return;
    if (this.quitting) {
      this.willQuit();
      return;
    }
    // lib/browser/init.ts: with no listener of its own, the app quits when its windows are gone.
    if (this.listenerCount('window-all-closed') === 0) this.quit();
    else this.emit('window-all-closed');
  }
  private willQuit(): void {
    const event = new MockEvent();
    this.emit('will-quit', event);
    if (event.defaultPrevented) {
      this.quitting = false;
      return;
    }
    this.end(0);
  }
  private end(code: number): void {
    this.ended = true;
    this.emit('quit', new MockEvent(), code);
  }
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  /** Test side: the system refuses to register protocol handlers (a registry or xdg-settings failure). */
  protocolClientRefused = false;
  /**
   * False, as in Electron, for a scheme RFC 3986 does not allow (Browser::IsValidProtocolScheme)
   * or when the system refuses (`protocolClientRefused`); `path` and `args` are Windows-only.
   */
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean {
    if (!/^[A-Za-z][A-Za-z0-9+.-]*$/.test(protocol) || this.protocolClientRefused) return false;
    const windowsOnly = platform() === 'win32' ? { path, args } : {};
    this.protocolClients.push({
      protocol,
      ...(windowsOnly.path ? { path: windowsOnly.path } : {}),
      ...(windowsOnly.args ? { args: windowsOnly.args } : {}),
    });
    return true;
  }
  /** Test side, macOS 13+: what SMAppService answers once the app asks to open at login. */
  loginItemRegistration: 'enabled' | 'requires-approval' | 'not-found' = 'enabled';
  /**
   * The login items as each system keeps them (shell/browser/browser_win.cc, browser_mac.mm,
   * browser_linux.cc). Windows: values of HKCU\...\Run by name (the AppUserModelID unless
   * `name` is given), each a command line, and those Task Manager disabled (StartupApproved).
   * macOS: SMAppService's status for the main app. Linux: nothing (set does nothing).
   */
  readonly runKey = new Map<string, string>();
  readonly startupDisabled = new Set<string>();
  macLoginItemStatus: 'not-registered' | 'enabled' | 'requires-approval' | 'not-found' =
    'not-registered';
  setLoginItemSettings(settings: Record<string, unknown>): void {
    this.loginItemCalls.push(settings);
    const open = settings.openAtLogin === true;
    if (platform() === 'darwin') {
      this.macLoginItemStatus = open ? this.loginItemRegistration : 'not-registered';
    } else if (platform() === 'win32') {
      const name = String(settings.name ?? this.appUserModelId ?? 'electron.app.Electron');
      if (open) {
        this.runKey.set(name, commandLine(settings.path, settings.args));
        if (settings.enabled === false) this.startupDisabled.add(name);
        else this.startupDisabled.delete(name);
      } else {
        this.runKey.delete(name);
        this.startupDisabled.delete(name);
      }
    }
  }
  /** Test side: how many times the app asked the system for its login item. */
  loginItemReads = 0;
  /**
   * What the system says of the login item: Electron's converter reports `openAtLogin`,
   * `wasOpenedAtLogin` and `executableWillLaunchAtLogin` everywhere (false on Linux, where
   * Browser::GetLoginItemSettings answers defaults), `status` on macOS only, `launchItems` on
   * Windows only.
   */
  getLoginItemSettings(options: Record<string, unknown> = {}): Record<string, unknown> {
    this.loginItemReads++;
    const common = { executableWillLaunchAtLogin: false, wasOpenedAtLogin: false };
    if (platform() === 'darwin') {
      const status = this.macLoginItemStatus;
      return { ...common, openAtLogin: status === 'enabled', status };
    }
    if (platform() !== 'win32') return { ...common, openAtLogin: false };
    const name = this.appUserModelId ?? 'electron.app.Electron';
    const exe = commandLine(options.path, options.args);
    const program = commandProgram(exe);
    const launchItems = [...this.runKey]
      .filter(([, value]) => commandProgram(value).toLowerCase() === program.toLowerCase())
      .map(([itemName, value]) => ({
        name: itemName,
        path: commandProgram(value),
        args: commandArgs(value),
        scope: 'user',
        enabled: !this.startupDisabled.has(itemName),
      }));
    return {
      ...common,
      openAtLogin: this.runKey.get(name) === exe,
      executableWillLaunchAtLogin: launchItems.some((item) => item.enabled),
      launchItems,
    };
  }
  /** Test side, Windows: the user disables the app in Task Manager's Startup apps. */
  disableInTaskManager(): void {
    for (const name of this.runKey.keys()) this.startupDisabled.add(name);
  }
  getPath(name: string): string {
    if (name === 'logs' && !this.paths.has('logs')) {
      // shell/common/electron_paths.cc: DIR_APP_LOGS.
      return platform() === 'darwin'
        ? `${this.getPath('home')}/Library/Logs/${this.getName()}`
        : `${this.getPath('userData')}/logs`;
    }
    const value = this.paths.get(name);
    if (value === undefined) throw new Error(`mock app.getPath: no path for "${name}"`);
    return value;
  }
  setPath(name: string, value: string): void {
    if (!value.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(value)) {
      throw new Error('Path must be absolute');
    }
    this.paths.set(name, value);
  }
  /** Without a path: Electron's default (see getPath); a relative one throws, as in App::SetAppLogsPath. */
  setAppLogsPath(value?: string): void {
    if (value === undefined) {
      this.paths.delete('logs');
      return;
    }
    if (!value.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(value)) {
      throw new TypeError('Path must be absolute');
    }
    this.paths.set('logs', value);
  }
  getAppPath(): string {
    return this.appPath;
  }
  /** From sources, Electron answers package.json's version. */
  getVersion(): string {
    return PROJECT_VERSION;
  }
  getName(): string {
    return 'Purge Watch';
  }
  isReady(): boolean {
    return this.ready;
  }
  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.once('ready', resolve));
  }
  /** Test side: Electron finished starting. */
  becomeReady(): void {
    this.ready = true;
    this.emit('ready');
  }
  /**
   * Test side: the user launched the app again (Finder, Spotlight, the Dock, `open -a`). macOS
   * sends `activate` to the running app; no other platform has the event. Says if it fired.
   */
  activate(): boolean {
    if (platform() !== 'darwin') return false;
    return this.emit('activate', new MockEvent(), MockBrowserWindow.getAllWindows().length > 0);
  }
}

// ---------- web contents, sessions, windows ----------

class MockSession {
  /** fromPartition's options when it created this session (Electron ignores later ones). */
  constructor(readonly options: { cache?: boolean } = {}) {}
  permissionRequestHandler: Handler | null | undefined;
  permissionCheckHandler: Handler | null | undefined;
  setPermissionRequestHandler(handler: Handler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Handler | null): void {
    this.permissionCheckHandler = handler;
  }
}

let nextContentsId = 1;

export class MockWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  windowOpenHandler: Handler | undefined;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  readonly loaded: string[] = [];
  destroyed = false;
  /** The URL of the page (and main frame); `loadURL` sets it. */
  url = '';
  readonly session: MockSession;
  get mainFrame(): { url: string } {
    return { url: this.url };
  }
  constructor(session: MockSession) {
    super();
    this.session = session;
  }
  setWindowOpenHandler(handler: Handler): void {
    requireAlive(this);
    this.windowOpenHandler = handler;
  }
  /** Payloads cross to the renderer structured-cloned: a function or a class instance throws. */
  send(channel: string, ...args: unknown[]): void {
    requireAlive(this);
    const cloned = structuredClone(args);
    if (!this.crashed) this.sent.push({ channel, args: cloned });
  }
  async loadURL(url: string): Promise<void> {
    requireAlive(this);
    this.loaded.push(url);
    this.url = url;
  }
  getURL(): string {
    requireAlive(this);
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isLoading(): boolean {
    requireAlive(this);
    return false;
  }
  /** The page's zoom level (0 = 100 %); `setZoomLevel` sets it. */
  zoomLevel = 0;
  getZoomLevel(): number {
    requireAlive(this);
    return this.zoomLevel;
  }
  setZoomLevel(level: number): void {
    requireAlive(this);
    this.zoomLevel = level;
  }
  /** Set while the renderer process is gone (a crash, the OS ended it), until a reload. */
  crashed = false;
  /** Loads the page again (a new renderer process, when it had gone). */
  reload(): void {
    requireAlive(this);
    this.crashed = false;
    this.loaded.push(this.url);
  }
  /**
   * Test side: the renderer process ends (crashed, killed, out of memory). Electron keeps the
   * web contents and its window, which shows nothing (no error page) until a reload; what is
   * sent meanwhile is dropped.
   */
  renderProcessGone(reason: 'crashed' | 'killed' | 'oom' = 'crashed'): void {
    requireAlive(this);
    this.crashed = true;
    this.emit('render-process-gone', new MockEvent(), { reason, exitCode: 1 });
  }
  /** Test side: the web contents goes away with its window (`destroyed`, before the window's `closed`). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroyed');
  }
}

export class MockBrowserWindow extends EventEmitter {
  static readonly instances: MockBrowserWindow[] = [];
  private readonly contents: MockWebContents;
  /** Throws once the window is destroyed, as Electron's does. */
  get webContents(): MockWebContents {
    requireAlive(this);
    return this.contents;
  }
  destroyed = false;
  visible = false;
  focused = false;
  minimized = false;
  shows = 0;
  constructor(readonly options: Record<string, unknown> = {}) {
    requireReady('Cannot create BrowserWindow before app is ready');
    super();
    const webPreferences = (options.webPreferences ?? {}) as { partition?: string };
    this.contents = new MockWebContents(sessions.forPartition(webPreferences.partition));
    MockBrowserWindow.instances.push(this);
    mock.windows.push(this);
    for (const hook of mock.windowHooks) hook(this);
  }
  show(): void {
    requireAlive(this);
    this.visible = true;
    this.shows++;
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }
  /** Electron emits 'focus' when the window gains the focus, not when it has it already. */
  focus(): void {
    requireAlive(this);
    if (this.focused) return;
    this.focused = true;
    this.emit('focus', new MockEvent());
  }
  /** The window loses the keyboard focus (the user went to another app). */
  blur(): void {
    if (!this.focused) return;
    this.focused = false;
    this.emit('blur', new MockEvent());
  }
  restore(): void {
    requireAlive(this);
    this.minimized = false;
  }
  isMinimized(): boolean {
    requireAlive(this);
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isVisible(): boolean {
    requireAlive(this);
    return this.visible;
  }
  setMenuBarVisibility(): void {
    requireAlive(this);
  }
  removeMenu(): void {
    requireAlive(this);
  }
  /** `close` may be prevented (the window stays); else the window is destroyed. */
  close(): void {
    requireAlive(this);
    const event = new MockEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.contents.destroy();
    this.emit('closed');
    if (MockBrowserWindow.getAllWindows().length === 0) app.allWindowsClosed();
  }
  static getAllWindows(): MockBrowserWindow[] {
    return mock.windows.filter((w) => !w.destroyed);
  }
}

const sessions = {
  defaultSession: new MockSession(),
  partitions: new Map<string, MockSession>(),
  forPartition(partition: string | undefined, options?: { cache?: boolean }): MockSession {
    if (!partition) return this.defaultSession;
    let found = this.partitions.get(partition);
    if (!found) {
      found = new MockSession(options);
      this.partitions.set(partition, found);
    }
    return found;
  },
};

export const session = {
  get defaultSession(): MockSession {
    requireReady('Session can only be received when app is ready');
    return sessions.defaultSession;
  },
  fromPartition(partition: string, options?: { cache?: boolean }): MockSession {
    requireReady('Session can only be received when app is ready');
    return sessions.forPartition(partition, options);
  },
};

// ---------- menus, tray, images ----------

export interface MockMenu {
  template: Array<Record<string, unknown>>;
}

/** MenuItem.types and the roles of electron.d.ts's MenuItemConstructorOptions. */
const MENU_ITEM_TYPES = [
  'normal',
  'separator',
  'submenu',
  'checkbox',
  'radio',
  'header',
  'palette',
];
const MENU_ROLES = new Set(
  (
    'undo redo cut copy paste pasteAndMatchStyle delete selectAll reload forceReload toggleDevTools ' +
    'resetZoom zoomIn zoomOut toggleSpellChecker togglefullscreen window minimize close help about ' +
    'services hide hideOthers unhide quit showSubstitutions toggleSmartQuotes toggleSmartDashes ' +
    'toggleTextReplacement startSpeaking stopSpeaking zoom front appMenu fileMenu editMenu viewMenu ' +
    'shareMenu recentDocuments toggleTabBar selectNextTab selectPreviousTab showAllTabs ' +
    'mergeAllWindows clearRecentDocuments moveTabToNewWindow windowMenu'
  ).split(' '),
);

/** The checks lib/browser/api/menu.ts and menu-item.ts make, with their messages. */
function validateTemplate(template: unknown): void {
  if (!Array.isArray(template)) {
    throw new TypeError('Invalid template for Menu: Menu template must be an array');
  }
  for (const item of template as Array<Record<string, unknown>>) {
    if (typeof item !== 'object' || item === null) throw new TypeError('Invalid item');
    if (item.label === undefined && item.role === undefined && item.type === undefined) {
      throw new TypeError(
        'Invalid template for MenuItem: must have at least one of label, role or type',
      );
    }
    if (item.role !== undefined && !MENU_ROLES.has(String(item.role))) {
      throw new Error(`Invalid role: ${String(item.role)}`);
    }
    const type = item.type ?? (item.submenu ? 'submenu' : 'normal');
    if (!MENU_ITEM_TYPES.includes(String(type))) {
      throw new Error(`Unknown menu item type: ${String(type)}`);
    }
    if (type === 'submenu') {
      if (item.submenu === undefined || item.submenu === null) throw new Error('Invalid submenu');
      if (Array.isArray(item.submenu)) validateTemplate(item.submenu);
    }
    if (item.click !== undefined && typeof item.click !== 'function') {
      throw new TypeError('click must be a function');
    }
  }
}

/**
 * A menu label as the user sees it: Chromium reads a single `&` as a mnemonic marker (Windows
 * and Linux underline the next letter, macOS drops it) and `&&` as a literal `&`.
 */
export function shownLabel(label: unknown): string {
  return String(label ?? '').replace(/&(&?)/g, '$1');
}

export const Menu = {
  buildFromTemplate(template: Array<Record<string, unknown>>): MockMenu {
    validateTemplate(template);
    const menu = { template };
    mock.menusBuilt.push(menu);
    return menu;
  },
  setApplicationMenu(menu: MockMenu | null): void {
    mock.applicationMenu = menu;
  },
};

export class MockNativeImage {
  constructor(
    readonly path: string | undefined,
    private readonly empty: boolean,
  ) {}
  template = false;
  isEmpty(): boolean {
    return this.empty;
  }
  /** 1, plus 2 when a `name@2x.png` lies beside the file (Electron loads it as a representation). */
  getScaleFactors(): number[] {
    if (this.empty || !this.path) return [];
    const hiDpi = this.path.replace(/(\.[a-z]+)$/i, '@2x$1');
    return mock.existingImages.has(hiDpi) ? [1, 2] : [1];
  }
  setTemplateImage(template: boolean): void {
    this.template = template;
  }
}

export const nativeImage = {
  createFromPath(path: string): MockNativeImage {
    return new MockNativeImage(path, !mock.existingImages.has(path));
  },
  createEmpty(): MockNativeImage {
    return new MockNativeImage(undefined, true);
  },
};

/** Tray events only some platforms emit (electron.d.ts's @platform tags). */
const TRAY_EVENT_PLATFORMS: Record<string, readonly NodeJS.Platform[]> = {
  'right-click': ['darwin', 'win32'],
  'double-click': ['darwin', 'win32'],
  'middle-click': ['win32'],
  'mouse-enter': ['darwin', 'win32'],
  'mouse-leave': ['darwin', 'win32'],
  'mouse-move': ['darwin', 'win32'],
  'mouse-up': ['darwin'],
  'mouse-down': ['darwin'],
  'balloon-show': ['win32'],
  'balloon-click': ['win32'],
  'balloon-closed': ['win32'],
  drop: ['darwin'],
  'drop-files': ['darwin'],
  'drop-text': ['darwin'],
  'drag-enter': ['darwin'],
  'drag-leave': ['darwin'],
  'drag-end': ['darwin'],
};

export class MockTray extends EventEmitter {
  /** Test side: an event this platform's Tray never emits (Linux has no `mouse-enter`) throws. */
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    const only = typeof event === 'string' ? TRAY_EVENT_PLATFORMS[event] : undefined;
    if (only && !only.includes(platform())) {
      throw new Error(`Electron's Tray emits no '${String(event)}' on ${platform()}.`);
    }
    return super.emit(event, ...args);
  }
  static readonly instances: MockTray[] = [];
  contextMenu: MockMenu | null = null;
  contextMenuSets = 0;
  poppedUp: MockMenu[] = [];
  toolTip = '';
  title = '';
  image: MockNativeImage;
  destroyed = false;
  constructor(image: MockNativeImage) {
    requireReady('Cannot create Tray before app is ready');
    super();
    this.image = image;
    mock.trays.push(this);
  }
  /** electron_api_tray.cc CheckAlive(): every call on a destroyed tray throws. */
  private alive(): void {
    if (this.destroyed) throw new Error('Tray is destroyed');
  }
  setContextMenu(menu: MockMenu | null): void {
    this.alive();
    this.contextMenu = menu;
    this.contextMenuSets++;
  }
  popUpContextMenu(menu?: MockMenu): void {
    this.alive();
    this.poppedUp.push(menu ?? (this.contextMenu as MockMenu));
  }
  setToolTip(toolTip: string): void {
    this.alive();
    this.toolTip = toolTip;
  }
  setTitle(title: string): void {
    this.alive();
    this.title = title;
  }
  setImage(image: MockNativeImage): void {
    this.alive();
    this.image = image;
  }
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

// ---------- notifications ----------

type ActivationDetails = { type: string; arguments: string; actionIndex?: number };
type ActivationHandler = (details: ActivationDetails) => void;

/** Later than the call that caused it, as the OS answers (show, close). */
function later(fire: () => void): void {
  setImmediate(fire);
}

/**
 * What Windows hands the app for a click on a toast: its `launch` attribute. Electron's own
 * toast XML has none (windows_toast_notification.cc GetToastXml), so only a `toastXml` can
 * say where a click leads; ActivationArguments.type is read from it (HandleToastActivation).
 */
function activationOf(launch: string): ActivationDetails {
  const type = /(?:^|&)type=(action|reply)(?:&|$)/.exec(launch)?.[1] ?? 'click';
  return { type, arguments: launch };
}

/** The XML's entities back to text (the five XML predefines, and numeric references). */
function xmlText(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * A toast XML as Windows reads it (XmlDocumentFromString), to the parts Purge Watch uses: its
 * text lines, its `launch` arguments, whether it is silent. Undefined when it is not
 * well-formed: a bare `&` or `<` in text or an attribute, or no <toast> element.
 */
export function readToastXml(
  xml: string,
): { texts: string[]; launch: string; silent: boolean } | undefined {
  if (!/^\s*<toast[\s>][\s\S]*<\/toast>\s*$/.test(xml)) return undefined;
  if (/&(?!(?:amp|lt|gt|quot|apos|#\d+);)/.test(xml)) return undefined;
  if (/="[^"]*</.test(xml)) return undefined;
  const texts = [...xml.matchAll(/<text(?:\s[^>]*)?>([^<]*)<\/text>/g)].map((m) => xmlText(m[1]!));
  const launch = xmlText(/<toast\s[^>]*\blaunch="([^"]*)"/.exec(xml)?.[1] ?? '');
  const silent = /<audio\s[^>]*\bsilent="true"/.test(xml);
  return { texts, launch, silent };
}

export class MockNotification extends EventEmitter {
  static supported = true;
  /**
   * The native notification presenter: made by the first `isSupported()` or notification once
   * ready (ElectronBrowserClient::GetNotificationPresenter). On Windows it registers the
   * toast activator (NotificationPresenter::Create → RegisterActivator): until then a click
   * that started the app waits in Windows.
   */
  static presenter = false;
  static isSupported(): boolean {
    MockNotification.makePresenter();
    return MockNotification.supported;
  }
  private static makePresenter(): void {
    if (MockNotification.presenter || !app.isReady()) return;
    MockNotification.presenter = true;
    const waiting = MockNotification.waitingInWindows.splice(0);
    for (const details of waiting) later(() => MockNotification.activate(details));
  }
  /** Set by `handleActivation` (Windows only, per electron.d.ts). */
  static activationHandler: ActivationHandler | undefined;
  /** An activation that came before any handler: handed to the next one at once. */
  static storedActivation: ActivationDetails | undefined;
  /** Activations Windows holds until the app registers its toast activator. */
  static waitingInWindows: ActivationDetails[] = [];
  /**
   * windows_toast_activator.cc SetActivationHandler: the callback replaces any before it; an
   * activation that arrived before any callback is handed to it at once.
   */
  static get handleActivation(): ((callback: ActivationHandler) => void) | undefined {
    if (platform() !== 'win32') return undefined;
    return (callback) => {
      MockNotification.activationHandler = callback;
      const stored = MockNotification.storedActivation;
      MockNotification.storedActivation = undefined;
      if (stored) callback(stored);
    };
  }
  /** HandleToastActivation: to the callback if there is one, else kept for the next. */
  private static activate(details: ActivationDetails): void {
    const handler = MockNotification.activationHandler;
    if (handler) handler(details);
    else MockNotification.storedActivation = details;
  }
  /**
   * Test side, Windows: the user clicks, in the Action Center, a toast shown by an earlier run
   * whose launch arguments were `launch` (the app is not running, or runs anew). Windows starts
   * the app through its toast activator and hands it the click once the activator is
   * registered (the app's first notification or `isSupported()` once ready).
   */
  static clickFromEarlierRun(launch: string): void {
    if (platform() !== 'win32') throw new Error('Only Windows keeps toasts of an earlier run.');
    const details = activationOf(launch);
    if (MockNotification.presenter) later(() => MockNotification.activate(details));
    else MockNotification.waitingInWindows.push(details);
  }
  /** Test side: the OS refuses every notification (an unsigned macOS build). */
  static refuseWith: string | undefined;
  readonly id: string;
  shown = false;
  /** The system refused it (`failed`): it never appeared. */
  failed = false;
  closed = false;
  collected = false;
  constructor(
    readonly options: {
      title?: string;
      body?: string;
      silent?: boolean;
      id?: string;
      toastXml?: string;
    } = {},
  ) {
    requireReady('Cannot create Notification before app is ready');
    super();
    this.id = options.id || randomUUID();
    MockNotification.makePresenter();
    mock.notifications.push(this);
  }
  /** On Windows a `toastXml` supersedes the other options: its first line is the title. */
  get title(): string {
    return this.toast?.texts[0] ?? this.options.title ?? '';
  }
  get body(): string {
    return this.toast ? this.toast.texts.slice(1).join('\n') : (this.options.body ?? '');
  }
  /**
   * Whether the system plays no sound for it; undefined on Linux, where Electron hands libnotify
   * no sound setting (libnotify_notification.cc) and the desktop's notification service decides.
   */
  get silent(): boolean | undefined {
    if (platform() === 'linux') return undefined;
    return this.toast?.silent ?? this.options.silent === true;
  }
  private get toast(): ReturnType<typeof readToastXml> {
    const xml = platform() === 'win32' ? this.options.toastXml : undefined;
    return xml === undefined ? undefined : readToastXml(xml);
  }
  show(): void {
    this.shown = true;
    const xml = platform() === 'win32' ? this.options.toastXml : undefined;
    const refused =
      MockNotification.refuseWith ??
      (xml !== undefined && readToastXml(xml) === undefined
        ? 'XML: Invalid XML, ERROR (HRESULT: -2147467259)'
        : undefined);
    later(() => {
      if (refused !== undefined) this.fail(refused);
      else this.emit('show', new MockEvent());
    });
  }
  close(): void {
    this.closed = true;
    later(() => this.emit('close', new MockEvent()));
  }
  /** A user can only act on a notification the system showed. */
  private onScreen(action: string): void {
    if (!this.shown || this.failed) {
      throw new Error(
        `A notification that was never shown cannot be ${action}: ${
          this.failed ? 'the system refused it' : 'nothing called show()'
        } ("${this.title}").`,
      );
    }
  }
  /**
   * Test side: the user clicked it (on screen, in the Action Center or Notification Center).
   * Throws for one never shown. On Windows a notification still referenced hears it through its
   * toast's own event (`click`, windows_toast_notification.cc ToastEventHandler); one already
   * collected only through the toast activator, which hands `handleActivation` the toast's
   * launch arguments.
   */
  click(): void {
    this.onScreen('clicked');
    if (!this.collected) {
      this.emit('click', new MockEvent());
      return;
    }
    if (platform() === 'win32') {
      MockNotification.activate(activationOf(this.toast?.launch ?? ''));
    }
  }
  /**
   * Test side: the toast leaves the screen on its own. On Windows it moves to the Action Center
   * and Electron emits `close` with reason `timedOut`; elsewhere nothing is emitted.
   */
  timeOut(): void {
    this.onScreen('timed out');
    if (platform() === 'win32' && !this.collected) {
      this.emit('close', new MockEvent({ reason: 'timedOut' }));
    }
  }
  /** Test side: the user dismissed it. */
  dismiss(): void {
    this.onScreen('dismissed');
    this.closed = true;
    if (!this.collected) this.emit('close', new MockEvent({ reason: 'userCanceled' }));
  }
  /**
   * Test side: the OS refused it (e.g. an unsigned macOS build, or no notification service on
   * Linux). On Linux Electron only logs libnotify's error and emits `failed` with an empty
   * string (libnotify_notification.cc: `NotificationFailed()`), whatever the reason.
   */
  fail(error = 'Notifications are not allowed for this app'): void {
    this.failed = true;
    this.emit('failed', new MockEvent(), platform() === 'linux' ? '' : error);
  }
}

/** What a collected notification leaves behind: its text, and a click only Windows still hears. */
class CollectedNotification extends MockNotification {}

let gc: (() => void) | undefined;

/**
 * Really garbage-collects every notification nothing but the mock still references (as
 * Electron's would be once the app drops them: their click handlers die with them). Each
 * collected one is replaced in `mock.notifications` by a stand-in with the same id and text,
 * whose `click()` reaches only `handleActivation`. Resolves to how many were collected.
 */
async function collectGarbage(): Promise<number> {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  const records = mock.notifications.map((n) => ({
    ref: new WeakRef(n),
    id: n.id,
    options: n.options,
    shown: n.shown,
    failed: n.failed,
    closed: n.closed,
  }));
  mock.notifications.length = 0;
  // WeakRef targets stay alive until the current job ends.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  let collected = 0;
  for (const record of records) {
    const alive = record.ref.deref();
    if (alive) {
      mock.notifications.push(alive);
      continue;
    }
    collected++;
    const ghost = new CollectedNotification({ ...record.options, id: record.id });
    ghost.collected = true;
    ghost.shown = record.shown;
    ghost.failed = record.failed;
    ghost.closed = record.closed;
  }
  return collected;
}

// ---------- global shortcuts ----------

/** Accelerator tokens as shell/common/keyboard_util.cc reads them (aliases to one name). */
const ACCELERATOR_MODIFIERS: Record<string, string> = {
  command: 'command',
  cmd: 'command',
  control: 'control',
  ctrl: 'control',
  commandorcontrol: 'commandorcontrol',
  cmdorctrl: 'commandorcontrol',
  alt: 'alt',
  option: 'alt',
  altgr: 'altgr',
  shift: 'shift',
  super: 'super',
  meta: 'super',
};
const ACCELERATOR_KEYS = new Set(
  [
    ...'abcdefghijklmnopqrstuvwxyz0123456789',
    ...Array.from({ length: 24 }, (_, i) => `f${i + 1}`),
    ...')!@#$%^&*(:;+=<,_->.?/~`{][|\\}"\'',
    ...'plus space tab capslock numlock scrolllock backspace delete insert return enter up down left right home end pageup pagedown escape esc volumeup volumedown volumemute medianexttrack mediaprevioustrack mediastop mediaplaypause printscreen numdec numadd numsub nummult numdiv'.split(
      ' ',
    ),
    ...Array.from({ length: 10 }, (_, i) => `num${i}`),
  ].map((key) => key.toLowerCase()),
);
const KEY_ALIASES: Record<string, string> = { return: 'enter', esc: 'escape' };

/**
 * One spelling per accelerator ("CmdOrCtrl+shift+p" = "Shift+Control+P" off macOS); throws as
 * gin's conversion does (accelerator_util::StringToAccelerator) for one Electron cannot read.
 */
export function normalizedAccelerator(accelerator: string): string {
  const fail = () =>
    new TypeError(`Error processing argument at index 0, conversion failure from ${accelerator}`);
  if (typeof accelerator !== 'string' || accelerator === '') throw fail();
  const tokens = accelerator.toLowerCase().split('+');
  // The "+" key is spelled "Plus" ("CommandOrControl+Plus").
  const key = tokens.pop();
  // CommandOrControl is ⌘ on macOS (as are Super and Meta there), Ctrl elsewhere.
  const mac = platform() === 'darwin';
  const modifiers = tokens
    .map((token) => ACCELERATOR_MODIFIERS[token])
    .map((m) => (m === 'commandorcontrol' ? (mac ? 'command' : 'control') : m))
    .map((m) => (mac && m === 'super' ? 'command' : m));
  if (key === undefined || !ACCELERATOR_KEYS.has(key) || modifiers.some((m) => !m)) throw fail();
  return [...new Set(modifiers)]
    .sort()
    .concat(KEY_ALIASES[key] ?? key)
    .join('+');
}

class MockGlobalShortcut {
  /** The accelerators this app holds (normalized), with their callbacks. */
  readonly registered = new Map<string, () => void>();
  /** Test side: accelerators other apps hold; registering one answers false. */
  readonly takenElsewhere = new Set<string>();
  register(accelerator: string, callback: () => void): boolean {
    requireReady('globalShortcut cannot be used before the app is ready');
    const key = normalizedAccelerator(accelerator);
    // GlobalAcceleratorListener::RegisterAccelerator: false when already registered.
    if (this.takenElsewhere.has(key) || this.registered.has(key)) return false;
    this.registered.set(key, callback);
    return true;
  }
  isRegistered(accelerator: string): boolean {
    requireReady('globalShortcut cannot be used before the app is ready');
    return this.registered.has(normalizedAccelerator(accelerator));
  }
  unregister(accelerator: string): void {
    requireReady('globalShortcut cannot be used before the app is ready');
    this.registered.delete(normalizedAccelerator(accelerator));
  }
  unregisterAll(): void {
    requireReady('globalShortcut cannot be used before the app is ready');
    this.registered.clear();
  }
  /** Test side: another app takes this accelerator (it is not this app's any more). */
  takeElsewhere(accelerator: string): void {
    this.takenElsewhere.add(normalizedAccelerator(accelerator));
  }
  /** Test side: the user presses it in any app; false when this app does not hold it. */
  press(accelerator: string): boolean {
    const callback = this.registered.get(normalizedAccelerator(accelerator));
    callback?.();
    return callback !== undefined;
  }
}

// ---------- IPC ----------

class MockIpcMain extends EventEmitter {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /**
   * Test side: an invoke from a renderer. The main process's answer is structured-cloned, as
   * it crosses processes (a function, a symbol or a class's methods cannot); rejects as
   * Electron would when the handler throws. The arguments come from the test, which plays the
   * renderer: what it passes is what arrives (clone them there to model the renderer's side;
   * ipcRenderer below clones what the preload sends).
   */
  async invoke(event: unknown, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return structuredClone(await handler(event, ...args));
  }
}

class MockIpcRenderer extends EventEmitter {
  readonly invoked: Array<{ channel: string; args: unknown[] }> = [];
  /** What invoke answers; default: the arguments echoed back. */
  answer: (channel: string, args: unknown[]) => unknown = (_channel, args) => args;
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args: structuredClone(args) });
    return structuredClone(await this.answer(channel, args));
  }
  send(channel: string, ...args: unknown[]): void {
    this.invoked.push({ channel, args: structuredClone(args) });
  }
}

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    mock.exposed.set(key, api);
  },
};

// ---------- protocol, shell, clipboard, power, network, dialogs ----------

export const protocol = {
  registerSchemesAsPrivileged(schemes: Array<Record<string, unknown>>): void {
    if (app.isReady()) throw new Error('registerSchemesAsPrivileged must be called before ready');
    mock.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: Handler): void {
    // electron_api_protocol.cc: "protocol module can only be used after app is ready"
    requireReady('protocol module can only be used after app is ready');
    mock.protocolHandlers.set(scheme, handler);
  },
  unhandle(scheme: string): void {
    mock.protocolHandlers.delete(scheme);
  },
};

export const shell = {
  /** Rejects, as Electron does when the system cannot open it, with `mock.openExternalError`. */
  async openExternal(url: string): Promise<void> {
    if (mock.openExternalError) throw mock.openExternalError;
    mock.openedExternally.push(url);
  },
  async openPath(path: string): Promise<string> {
    mock.openedPaths.push(path);
    return '';
  },
};

/** The compositor offers the app the clipboard: always, except on Wayland without focus. */
function clipboardOffered(): boolean {
  if (platform() !== 'linux' || !mock.waylandSession) return true;
  return MockBrowserWindow.getAllWindows().some((window) => window.focused && window.visible);
}

export const clipboard = {
  /** On Wayland without a focused window: what the app saw last (stale). */
  async readText(): Promise<string> {
    mock.clipboardReads++;
    if (clipboardOffered()) mock.clipboardSeen = mock.clipboardText;
    return mock.clipboardSeen;
  },
  /**
   * A Promise in Electron 45 (electron.d.ts); rejects with `mock.clipboardWriteError`. On
   * Wayland without a focused window the write is dropped, and still resolves.
   */
  async writeText(text: string): Promise<void> {
    await Promise.resolve();
    if (mock.clipboardWriteError) throw mock.clipboardWriteError;
    if (clipboardOffered()) {
      mock.clipboardText = text;
      mock.clipboardSeen = text;
    }
  },
};

class MockPowerMonitor extends EventEmitter {
  constructor() {
    super();
    // lib/browser/api/power-monitor.ts starts the native monitor at the first listener, which
    // needs the app to be ready.
    this.on('newListener', () => {
      requireReady('Cannot create powerMonitor before app is ready');
    });
  }
  /** Test side: the system is about to shut down or reboot (Linux and macOS only). */
  shutdown(): boolean {
    if (platform() === 'win32') return false;
    return this.emit('shutdown', new MockEvent());
  }
}

/** net.request's options (electron.d.ts ClientRequestConstructorOptions, the parts in use). */
interface ClientRequestOptions {
  url?: string;
  method?: string;
  protocol?: string;
  hostname?: string;
  host?: string;
  port?: number | string;
  path?: string;
  headers?: Record<string, string | string[] | number>;
  redirect?: 'follow' | 'error' | 'manual';
  session?: unknown;
  credentials?: 'include' | 'omit' | 'same-origin';
  useSessionCookies?: boolean;
}

/** What a net.request was asked: its options and the headers set on it (until it is sent). */
interface NetRequestRecord {
  method: string;
  url: string;
  options: ClientRequestOptions;
  headers: Record<string, string>;
}

/**
 * Electron's ClientRequest (lib/browser/api/net.ts) over Node's http: `response` gives an
 * IncomingMessage (a Readable with statusCode, statusMessage, headers); a redirect emits
 * `redirect`, and `redirect: 'manual'` cancels the request unless `followRedirect()` is called
 * during the event ('follow' follows unless the request is aborted during it);
 * there is no `socket` event (Chromium owns the sockets); only http: and https: are accepted.
 */
export class MockClientRequest extends EventEmitter {
  private url: URL;
  private readonly method: string;
  private readonly redirectMode: 'follow' | 'error' | 'manual';
  private readonly headers = new Map<string, string>();
  private readonly body: Buffer[] = [];
  private nodeRequest: http.ClientRequest | undefined;
  private followCallback: (() => void) | undefined;
  private ended = false;
  private aborted = false;
  private response: Readable | undefined;
  private readonly record: NetRequestRecord;

  constructor(options: string | ClientRequestOptions) {
    super();
    const given = typeof options === 'string' ? { url: options } : options;
    const base = `${given.protocol ?? 'http:'}//${given.hostname ?? given.host ?? 'localhost'}${
      given.port ? `:${given.port}` : ''
    }`;
    this.url = new URL(given.url ?? given.path ?? '/', given.url ? undefined : base);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') {
      throw new Error(`Protocol "${this.url.protocol}" not supported`);
    }
    this.method = (given.method ?? 'GET').toUpperCase();
    this.redirectMode = given.redirect ?? 'follow';
    if (given.session !== undefined && !(given.session instanceof MockSession)) {
      throw new TypeError('`session` should be an instance of the Session class');
    }
    this.record = { method: this.method, url: this.url.href, options: given, headers: {} };
    mock.netRequests.push(this.record);
    for (const [name, value] of Object.entries(given.headers ?? {})) {
      this.setHeader(name, String(value));
    }
  }

  setHeader(name: string, value: string): void {
    if (this.nodeRequest) throw new Error("Can't set headers after they are sent");
    this.headers.set(name.toLowerCase(), String(value));
    this.record.headers[name] = String(value);
  }
  getHeader(name: string): string | undefined {
    return this.headers.get(name.toLowerCase());
  }
  removeHeader(name: string): void {
    if (this.nodeRequest) throw new Error("Can't remove headers after they are sent");
    this.headers.delete(name.toLowerCase());
  }
  write(chunk: string | Buffer): void {
    if (this.ended) throw new Error('Write after end');
    this.body.push(Buffer.from(chunk));
  }
  end(chunk?: string | Buffer): this {
    if (this.ended) return this;
    if (chunk !== undefined && chunk !== null) this.write(chunk);
    this.ended = true;
    this.send(this.url);
    return this;
  }
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.nodeRequest?.destroy();
    // Electron's _die(): the answer under way is destroyed too (no 'end', no error).
    this.response?.destroy();
    process.nextTick(() => {
      this.emit('abort');
      this.emit('close');
    });
  }
  /** Only during a `redirect` event of a manual redirect. */
  followRedirect(): void {
    if (!this.followCallback)
      throw new Error('followRedirect() called, but was not waiting for a redirect');
    this.followCallback();
  }

  private send(url: URL): void {
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      const offline = Object.assign(new Error(`net::ERR_NAME_NOT_RESOLVED (${url.hostname})`), {
        code: 'ENOTFOUND',
      });
      process.nextTick(() => this.die(offline));
      return;
    }
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(url, {
      method: this.method,
      headers: Object.fromEntries(this.headers),
    });
    this.nodeRequest = request;
    request.on('response', (response) => this.received(url, response));
    request.on('error', (error) => {
      if (!this.aborted) this.die(error);
    });
    request.end(Buffer.concat(this.body));
    this.emit('finish');
  }

  private received(url: URL, response: http.IncomingMessage): void {
    if (this.aborted) return;
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (status >= 300 && status < 400 && location) {
      response.resume();
      const next = new URL(location, url);
      if (this.redirectMode === 'error') {
        this.die(new Error("Attempted to redirect, but redirect policy was 'error'"));
        return;
      }
      // Both modes emit `redirect`; 'follow' follows unless the request was aborted meanwhile.
      let follow = this.redirectMode === 'follow';
      this.followCallback = () => (follow = true);
      try {
        this.emit('redirect', status, this.method, next.href, response.headers);
      } finally {
        this.followCallback = undefined;
      }
      if (this.aborted) return;
      if (!follow) {
        this.die(new Error('Redirect was cancelled'));
        return;
      }
      this.url = next;
      this.send(next);
      return;
    }
    // Chromium reads no more from the socket while the body is not read (backpressure); a
    // destroyed IncomingMessage does not end the request: only abort() does.
    const incoming = Object.assign(new Readable({ read: () => response.resume() }), {
      statusCode: status,
      statusMessage: response.statusMessage ?? '',
      ...electronHeaders(response.rawHeaders),
      httpVersion: response.httpVersion,
    });
    response.on('data', (chunk: Buffer) => {
      if (!incoming.push(chunk)) response.pause();
    });
    response.on('end', () => {
      incoming.push(null);
      this.emit('close');
    });
    response.on('error', (error) => incoming.destroy(error));
    this.response = incoming;
    this.emit('response', incoming);
  }

  private die(error: Error): void {
    this.emit('error', error);
    this.emit('close');
  }
}

/** Headers whose duplicates Electron's IncomingMessage discards (lib/common/api/net-client-request.ts). */
const DISCARDABLE_DUPLICATES = new Set(
  'content-type content-length user-agent referer host authorization proxy-authorization if-modified-since if-unmodified-since from location max-forwards retry-after etag last-modified server age expires'.split(
    ' ',
  ),
);

/**
 * An answer's `headers` and `rawHeaders` as Electron gives them: Chromium's header bytes decoded
 * as UTF-8 (an invalid byte becomes U+FFFD), names lowercased in `headers`, duplicates of
 * DISCARDABLE_DUPLICATES dropped, `set-cookie` an array, others joined with ', '.
 */
function electronHeaders(nodeRaw: readonly string[]): {
  headers: Record<string, string | string[]>;
  rawHeaders: string[];
} {
  // Node decodes header bytes as latin1: its strings hold the bytes as they came.
  const rawHeaders = nodeRaw.map((text) => Buffer.from(text, 'latin1').toString('utf8'));
  const values = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    values.set(name, [...(values.get(name) ?? []), rawHeaders[i + 1]!]);
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, list] of values) {
    if (name === 'set-cookie') headers[name] = list;
    else headers[name] = DISCARDABLE_DUPLICATES.has(name) ? list[0]! : list.join(', ');
  }
  return { headers, rawHeaders };
}

/**
 * Electron's autoUpdater (Squirrel on macOS and Windows). Only its events are used here:
 * electron-updater emits `before-quit-for-update` on it when it installs.
 */
class MockAutoUpdater extends EventEmitter {
  quitAndInstallCalls = 0;
  quitAndInstall(): void {
    this.quitAndInstallCalls++;
  }
}

export let autoUpdater = new MockAutoUpdater();

export const net = {
  request(options: string | ClientRequestOptions): MockClientRequest {
    requireReady('net module can only be used after app is ready');
    return new MockClientRequest(options);
  },
  async fetch(input: string, init?: RequestInit): Promise<Response> {
    requireReady('net module can only be used after app is ready');
    mock.fetches.push({ url: input, init });
    return mock.fetchAnswer(input, init);
  },
  isOnline(): boolean {
    requireReady('net module can only be used after app is ready');
    mock.onlineChecks++;
    return mock.online;
  },
};

export const dialog = {
  /** Works before `ready` (docs/api/dialog.md: on Linux it then writes to stderr). */
  showErrorBox(title: string, content: string): void {
    mock.errorBoxes.push({ title, content });
  },
  /** lib/browser/api/dialog.ts checkAppInitialized: throws (synchronously) before `ready`. */
  showMessageBox(options: { message: string }): Promise<{ response: number }> {
    requireReady('dialog module can only be used after app is ready');
    mock.messageBoxes.push(options);
    return Promise.resolve({ response: mock.messageBoxResponse });
  },
};

// ---------- the recorder ----------

function freshRecords() {
  return {
    windows: [] as MockBrowserWindow[],
    trays: [] as MockTray[],
    menusBuilt: [] as MockMenu[],
    applicationMenu: undefined as MockMenu | null | undefined,
    notifications: [] as MockNotification[],
    exposed: new Map<string, unknown>(),
    privilegedSchemes: [] as Array<Record<string, unknown>>,
    protocolHandlers: new Map<string, Handler>(),
    openedExternally: [] as string[],
    /** When set, shell.openExternal rejects with it (no app can open the link). */
    openExternalError: undefined as Error | undefined,
    openedPaths: [] as string[],
    clipboardText: '',
    clipboardReads: 0,
    /**
     * Linux only: a Wayland session, where the app reads and writes the clipboard only while one
     * of its windows has the keyboard focus; otherwise it reads what it saw then, and its
     * writes are dropped without an error.
     */
    waylandSession: false,
    /** The clipboard as the app last saw it (with a focused window, on Wayland). */
    clipboardSeen: '',
    /** When set, clipboard.writeText rejects with it. */
    clipboardWriteError: undefined as Error | undefined,
    /** The mock's clock for time-based quirks (dock.hide); tests may plug a virtual clock in. */
    now: (): number => Date.now(),
    online: true,
    onlineChecks: 0,
    fetches: [] as Array<{ url: string; init: RequestInit | undefined }>,
    /** What net.request was asked (electron-updater's feed and downloads, the CDN checks). */
    netRequests: [] as NetRequestRecord[],
    fetchAnswer: (_url: string, _init?: RequestInit): Response | Promise<Response> =>
      new Response('{}', { status: 200 }),
    errorBoxes: [] as Array<{ title: string; content: string }>,
    messageBoxes: [] as Array<{ message: string }>,
    /** The button a message box answers with (0: the first, e.g. "Track"). */
    messageBoxResponse: 1,
    /** Paths for which nativeImage.createFromPath gives a non-empty image. */
    existingImages: new Set<string>(),
    /** Run on every new window: a test tier can back it with something real (test/app). */
    windowHooks: [] as Array<(window: MockBrowserWindow) => void>,
  };
}

export let app = new MockApp();
export let ipcMain = new MockIpcMain();
export let ipcRenderer = new MockIpcRenderer();
export let powerMonitor = new MockPowerMonitor();
export let globalShortcut = new MockGlobalShortcut();

export const mock = {
  ...freshRecords(),
  get app(): MockApp {
    return app;
  },
  get ipcMain(): MockIpcMain {
    return ipcMain;
  },
  get ipcRenderer(): MockIpcRenderer {
    return ipcRenderer;
  },
  get powerMonitor(): MockPowerMonitor {
    return powerMonitor;
  },
  get globalShortcut(): MockGlobalShortcut {
    return globalShortcut;
  },
  get defaultSession(): MockSession {
    return sessions.defaultSession;
  },
  /** The session `session.fromPartition(partition)` made, if it made one. */
  partitionSession(partition: string): MockSession | undefined {
    return sessions.partitions.get(partition);
  },
  /** Test side: garbage-collect the notifications the app no longer references. */
  collectGarbage,
  /** Test side: play another platform from now on, keeping what is recorded (reset() restores). */
  usePlatform: setPlatform,
  /**
   * Forget everything recorded and start from a fresh app: not yet ready unless `ready`, on
   * the real platform unless `platform` says another.
   */
  reset(options: { ready?: boolean; platform?: NodeJS.Platform } = {}): void {
    setPlatform(options.platform ?? REAL_PLATFORM);
    Object.assign(mock, freshRecords());
    app = new MockApp();
    ipcMain = new MockIpcMain();
    ipcRenderer = new MockIpcRenderer();
    powerMonitor = new MockPowerMonitor();
    autoUpdater = new MockAutoUpdater();
    globalShortcut = new MockGlobalShortcut();
    sessions.defaultSession = new MockSession();
    sessions.partitions.clear();
    MockBrowserWindow.instances.length = 0;
    MockTray.instances.length = 0;
    MockNotification.supported = true;
    MockNotification.presenter = false;
    MockNotification.activationHandler = undefined;
    MockNotification.storedActivation = undefined;
    MockNotification.waitingInWindows = [];
    MockNotification.refuseWith = undefined;
    if (options.ready) app.becomeReady();
  },
};

export { MockBrowserWindow as BrowserWindow, MockTray as Tray, MockNotification as Notification };

const electron = {
  get app() {
    return app;
  },
  get ipcMain() {
    return ipcMain;
  },
  get ipcRenderer() {
    return ipcRenderer;
  },
  get powerMonitor() {
    return powerMonitor;
  },
  get autoUpdater() {
    return autoUpdater;
  },
  get globalShortcut() {
    return globalShortcut;
  },
  BrowserWindow: MockBrowserWindow,
  Tray: MockTray,
  Notification: MockNotification,
  Menu,
  nativeImage,
  contextBridge,
  protocol,
  session,
  shell,
  clipboard,
  net,
  dialog,
};
export default electron;

// Packages that require('electron') from node_modules (electron-updater) are loaded by Node, not
// vitest, so its alias does not reach them: they find this stand-in in Node's require cache,
// under the file the `electron` package resolves to. Each fresh copy of this module (a test's
// vi.resetModules) takes the entry over.
const requireHere = createRequire(import.meta.url);
const electronFile = requireHere.resolve('electron');
const standIn = new Module(electronFile);
standIn.filename = electronFile;
standIn.exports = electron;
standIn.loaded = true;
requireHere.cache[electronFile] = standIn;
