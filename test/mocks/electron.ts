// A recording stand-in for the `electron` module under Node (vitest aliases `electron` here).
// It does nothing real: it remembers what the code asked Electron to do (windows and their
// webPreferences, menus set on the tray, notifications shown, IPC handlers, protocol handlers,
// login-item settings, links opened…) and lets a test play Electron's part (emit app, power,
// window and notification events; set the clipboard; go offline). `mock.reset()` between tests.
import { EventEmitter } from 'node:events';

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

class MockApp extends EventEmitter {
  isPackaged = false;
  singleInstanceLock = true;
  lockRequests: unknown[] = [];
  quitCalls = 0;
  exitCodes: number[] = [];
  appUserModelId: string | undefined;
  protocolClients: Array<{ protocol: string; path?: string; args?: string[] }> = [];
  loginItemSettings: Record<string, unknown> = { openAtLogin: false };
  loginItemCalls: Array<Record<string, unknown>> = [];
  paths = new Map<string, string>([
    ['userData', '/mock/userData'],
    ['home', '/mock/home'],
  ]);
  appPath = '/mock/app';
  dockHidden = false;
  readonly dock = {
    hide: () => {
      this.dockHidden = true;
    },
    show: async () => {
      this.dockHidden = false;
    },
  };
  private ready = false;

  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean {
    this.lockRequests.push(additionalData);
    return this.singleInstanceLock;
  }
  quit(): void {
    this.quitCalls++;
  }
  exit(code = 0): void {
    this.exitCodes.push(code);
  }
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean {
    this.protocolClients.push({ protocol, ...(path ? { path } : {}), ...(args ? { args } : {}) });
    return true;
  }
  setLoginItemSettings(settings: Record<string, unknown>): void {
    this.loginItemCalls.push(settings);
    this.loginItemSettings = { ...this.loginItemSettings, ...settings };
  }
  getLoginItemSettings(): Record<string, unknown> {
    return { ...this.loginItemSettings };
  }
  getPath(name: string): string {
    const value = this.paths.get(name);
    if (value === undefined) throw new Error(`mock app.getPath: no path for "${name}"`);
    return value;
  }
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }
  getAppPath(): string {
    return this.appPath;
  }
  getVersion(): string {
    return '0.0.0-test';
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
}

// ---------- web contents, sessions, windows ----------

class MockSession {
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
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    this.url = url;
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isLoading(): boolean {
    return false;
  }
  /** The page's zoom level (0 = 100 %); `setZoomLevel` sets it. */
  zoomLevel = 0;
  getZoomLevel(): number {
    return this.zoomLevel;
  }
  setZoomLevel(level: number): void {
    this.zoomLevel = level;
  }
}

export class MockBrowserWindow extends EventEmitter {
  static readonly instances: MockBrowserWindow[] = [];
  readonly webContents: MockWebContents;
  destroyed = false;
  visible = false;
  focused = false;
  minimized = false;
  shows = 0;
  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    const webPreferences = (options.webPreferences ?? {}) as { partition?: string };
    this.webContents = new MockWebContents(sessions.forPartition(webPreferences.partition));
    MockBrowserWindow.instances.push(this);
    mock.windows.push(this);
  }
  show(): void {
    this.visible = true;
    this.shows++;
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }
  focus(): void {
    this.focused = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isVisible(): boolean {
    return this.visible;
  }
  setMenuBarVisibility(): void {}
  removeMenu(): void {}
  close(): void {
    this.emit('close', new MockEvent());
    this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  static getAllWindows(): MockBrowserWindow[] {
    return mock.windows.filter((w) => !w.destroyed);
  }
}

const sessions = {
  defaultSession: new MockSession(),
  partitions: new Map<string, MockSession>(),
  forPartition(partition: string | undefined): MockSession {
    if (!partition) return this.defaultSession;
    let found = this.partitions.get(partition);
    if (!found) {
      found = new MockSession();
      this.partitions.set(partition, found);
    }
    return found;
  },
};

export const session = {
  get defaultSession(): MockSession {
    return sessions.defaultSession;
  },
  fromPartition(partition: string): MockSession {
    return sessions.forPartition(partition);
  },
};

// ---------- menus, tray, images ----------

export interface MockMenu {
  template: Array<Record<string, unknown>>;
}

export const Menu = {
  buildFromTemplate(template: Array<Record<string, unknown>>): MockMenu {
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

export class MockTray extends EventEmitter {
  static readonly instances: MockTray[] = [];
  contextMenu: MockMenu | null = null;
  contextMenuSets = 0;
  poppedUp: MockMenu[] = [];
  toolTip = '';
  title = '';
  image: MockNativeImage;
  destroyed = false;
  constructor(image: MockNativeImage) {
    super();
    this.image = image;
    mock.trays.push(this);
  }
  setContextMenu(menu: MockMenu | null): void {
    this.contextMenu = menu;
    this.contextMenuSets++;
  }
  popUpContextMenu(menu?: MockMenu): void {
    this.poppedUp.push(menu ?? (this.contextMenu as MockMenu));
  }
  setToolTip(toolTip: string): void {
    this.toolTip = toolTip;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  setImage(image: MockNativeImage): void {
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

export class MockNotification extends EventEmitter {
  static supported = true;
  static isSupported(): boolean {
    return MockNotification.supported;
  }
  shown = false;
  closed = false;
  constructor(readonly options: { title?: string; body?: string; silent?: boolean } = {}) {
    super();
    mock.notifications.push(this);
  }
  get title(): string {
    return this.options.title ?? '';
  }
  get body(): string {
    return this.options.body ?? '';
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    this.closed = true;
    this.emit('close', new MockEvent());
  }
  /** Test side: the user clicked it. */
  click(): void {
    this.emit('click', new MockEvent());
  }
  /** Test side: the OS refused it (e.g. an unsigned macOS build). */
  fail(error = 'Notifications are not allowed for this app'): void {
    this.emit('failed', new MockEvent(), error);
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
  /** Test side: an invoke from a renderer. Rejects as Electron would when the handler throws. */
  async invoke(event: unknown, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
}

class MockIpcRenderer extends EventEmitter {
  readonly invoked: Array<{ channel: string; args: unknown[] }> = [];
  /** What invoke answers; default: the arguments echoed back. */
  answer: (channel: string, args: unknown[]) => unknown = (_channel, args) => args;
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return this.answer(channel, args);
  }
  send(channel: string, ...args: unknown[]): void {
    this.invoked.push({ channel, args });
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
    mock.protocolHandlers.set(scheme, handler);
  },
  unhandle(scheme: string): void {
    mock.protocolHandlers.delete(scheme);
  },
};

export const shell = {
  async openExternal(url: string): Promise<void> {
    mock.openedExternally.push(url);
  },
  async openPath(path: string): Promise<string> {
    mock.openedPaths.push(path);
    return '';
  },
};

export const clipboard = {
  async readText(): Promise<string> {
    mock.clipboardReads++;
    return mock.clipboardText;
  },
  async writeText(text: string): Promise<void> {
    mock.clipboardText = text;
  },
};

class MockPowerMonitor extends EventEmitter {}

export const net = {
  async fetch(input: string, init?: RequestInit): Promise<Response> {
    mock.fetches.push({ url: input, init });
    return mock.fetchAnswer(input, init);
  },
  isOnline(): boolean {
    mock.onlineChecks++;
    return mock.online;
  },
};

export const dialog = {
  showErrorBox(title: string, content: string): void {
    mock.errorBoxes.push({ title, content });
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
    openedPaths: [] as string[],
    clipboardText: '',
    clipboardReads: 0,
    online: true,
    onlineChecks: 0,
    fetches: [] as Array<{ url: string; init: RequestInit | undefined }>,
    fetchAnswer: (_url: string, _init?: RequestInit): Response | Promise<Response> =>
      new Response('{}', { status: 200 }),
    errorBoxes: [] as Array<{ title: string; content: string }>,
    /** Paths for which nativeImage.createFromPath gives a non-empty image. */
    existingImages: new Set<string>(),
  };
}

export let app = new MockApp();
export let ipcMain = new MockIpcMain();
export let ipcRenderer = new MockIpcRenderer();
export let powerMonitor = new MockPowerMonitor();

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
  get defaultSession(): MockSession {
    return sessions.defaultSession;
  },
  /** Forget everything recorded and start from a fresh, not-yet-ready app. */
  reset(): void {
    Object.assign(mock, freshRecords());
    app = new MockApp();
    ipcMain = new MockIpcMain();
    ipcRenderer = new MockIpcRenderer();
    powerMonitor = new MockPowerMonitor();
    sessions.defaultSession = new MockSession();
    sessions.partitions.clear();
    MockBrowserWindow.instances.length = 0;
    MockTray.instances.length = 0;
    MockNotification.supported = true;
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
