// eng-disable AUXCLICK_JS_CHECK
// (Security scan, reviewed: a middle click can only ask for a new window, which
// secureWebContents denies like every other one; the preload exposes only the typed API of
// src/shared/ipc.ts, nothing of Node or Electron: test/main/window.test.ts, preload.test.ts.)
//
// The window: created when the user asks for it, destroyed when closed (a tray app keeps no
// hidden renderer in memory). Locked down per Electron's security checklist; its web contents
// is the only sender the IPC layer accepts.
import type { WebContents } from 'electron';
import { app, BrowserWindow } from 'electron';
import { systemClock } from '../../core/clock';
import type { PushChannelName, PushPayloads } from '../../shared/ipc';
import { PushChannel } from '../../shared/ipc';
import { APP_NAME, UI_ENTRY_URL } from '../desktop/app-identity';
import { DockIcon } from '../desktop/dock';
import { secureWebContents } from './web-security';
import { installZoomKeys } from './zoom';

/** Where the window should take the user when it opens. */
export interface WindowFocus {
  /** Show this purge (a notification or a tray item was clicked). */
  requestId?: string;
  /** Show the private key settings ("Private key…" in the tray), or the paste box. */
  section?: PushPayloads['focusSection'];
}

export class AppWindow {
  private window: BrowserWindow | undefined;
  private loaded = false;
  private waitingFocus: WindowFocus | undefined;
  private readonly focusListeners = new Set<() => void>();

  constructor(
    private readonly preloadPath: string,
    private readonly dock: DockIcon = new DockIcon(systemClock),
  ) {}

  /** The window's web contents while the window exists. */
  get webContents(): WebContents | undefined {
    const window = this.window;
    return window && !window.isDestroyed() ? window.webContents : undefined;
  }

  get isOpen(): boolean {
    return this.webContents !== undefined;
  }

  /** Open (or bring forward) the window, optionally at a purge or a section. */
  show(focus: WindowFocus = {}): void {
    const existing = this.window && !this.window.isDestroyed() ? this.window : undefined;
    const window = existing ?? this.create();
    if (existing) {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    }
    if (focus.requestId === undefined && focus.section === undefined) return;
    if (this.loaded) this.sendFocus(focus);
    else this.waitingFocus = focus;
  }

  /**
   * Calls `listener` whenever the loaded window gains the focus (the user comes back to it; the
   * first focus of a window still loading is not one: its page asks for everything at load).
   */
  onFocus(listener: () => void): void {
    this.focusListeners.add(listener);
  }

  /** Push to the window if it is open; nothing is queued for a closed window. */
  send<K extends PushChannelName>(channel: K, payload: PushPayloads[K]): void {
    const contents = this.webContents;
    if (contents && !contents.isDestroyed()) contents.send(PushChannel[channel], payload);
  }

  private create(): BrowserWindow {
    // Written out here, literally, so the security scanner (npm run scan) checks these values.
    // Isolated, sandboxed, no Node, web security on, no webviews, no remote or insecure content.
    const window = new BrowserWindow({
      title: APP_NAME,
      width: 520,
      height: 640,
      minWidth: 380,
      minHeight: 420,
      show: false,
      autoHideMenuBar: true,
      webPreferences: {
        preload: this.preloadPath, // eng-disable PRELOAD_JS_CHECK (reviewed: see the file's top)
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        experimentalFeatures: false,
        enableWebSQL: false,
        navigateOnDragDrop: false,
        safeDialogs: true,
        spellcheck: false,
        devTools: !app.isPackaged,
      },
    });
    this.window = window;
    this.loaded = false;
    if (process.platform !== 'darwin') window.removeMenu();
    // A window in a menu-bar app still belongs in the Dock and Cmd+Tab while it is open.
    this.dock.show();
    secureWebContents(window.webContents);
    installZoomKeys(window.webContents);
    window.once('ready-to-show', () => {
      window.show();
      window.focus();
    });
    window.webContents.on('did-finish-load', () => {
      this.loaded = true;
      const focus = this.waitingFocus;
      this.waitingFocus = undefined;
      if (focus) this.sendFocus(focus);
    });
    // A renderer that ended (crashed, killed, out of memory) leaves the window blank: Electron
    // shows no error page. Its page is loaded again; one that ends again before its page has
    // loaded closes the window instead, and the next open starts afresh.
    window.webContents.on('render-process-gone', () => {
      if (window.isDestroyed()) return;
      const hadLoaded = this.loaded;
      this.loaded = false;
      if (hadLoaded) window.webContents.reload();
      else window.destroy();
    });
    window.on('focus', () => {
      if (this.loaded) for (const listener of this.focusListeners) listener();
    });
    window.on('closed', () => {
      if (this.window === window) {
        this.window = undefined;
        this.loaded = false;
        this.waitingFocus = undefined;
      }
      this.dock.hide();
    });
    void window.loadURL(UI_ENTRY_URL);
    return window;
  }

  private sendFocus(focus: WindowFocus): void {
    if (focus.requestId !== undefined) this.send('focusPurge', focus.requestId);
    if (focus.section !== undefined) this.send('focusSection', focus.section);
  }
}
