// The window's security: webPreferences, the app:// protocol and its CSP, navigation,
// new windows, webviews and permissions denied; created on demand, destroyed when closed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { MockEvent, mock } from '../mocks/electron';
import { DOCK_SETTLE_MS, DockIcon } from '../../src/main/desktop/dock';
import { UI_ENTRY_URL } from '../../src/main/desktop/app-identity';
import { AppWindow } from '../../src/main/window/window';
import { VirtualClock } from '../support/virtual-clock';
import {
  answerUiRequest,
  CONTENT_SECURITY_POLICY,
  registerUiScheme,
  resolveUiRequest,
  serveUi,
} from '../../src/main/window/ui-protocol';
import { isExternalLink, secureSession } from '../../src/main/window/web-security';
import { PushChannel } from '../../src/shared/ipc';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';

const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-renderer-'));
fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>PW</title>');
fs.writeFileSync(path.join(rendererDir, 'index.js'), 'console.log(1)');
fs.writeFileSync(path.join(os.tmpdir(), 'pw-secret.html'), 'secret');
afterAll(() => {
  fs.rmSync(rendererDir, { recursive: true, force: true });
  fs.rmSync(path.join(os.tmpdir(), 'pw-secret.html'), { force: true });
});

beforeEach(() => mock.reset({ ready: true }));

function openWindow(focus = {}) {
  const appWindow = new AppWindow('/app/dist/preload/index.cjs');
  appWindow.show(focus);
  const window = mock.windows.at(-1)!;
  return { appWindow, window, contents: window.webContents };
}

describe('the window', () => {
  it('is isolated, sandboxed, without Node, with web security on and no webviews', () => {
    const { window } = openWindow();
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
    expect(window.options.webPreferences).not.toHaveProperty('enableRemoteModule');
    expect(window.options.webPreferences).not.toHaveProperty('disableBlinkFeatures');
  });

  it('loads the UI from app://purge-watch/, never from a file or the network', () => {
    const { contents } = openWindow();
    expect(contents.loaded).toEqual(['app://purge-watch/index.html']);
  });

  it('exists only on demand: created when shown, destroyed (and forgotten) when closed', () => {
    const appWindow = new AppWindow('/p.cjs');
    expect(mock.windows).toHaveLength(0);
    expect(appWindow.webContents).toBeUndefined();
    appWindow.show();
    appWindow.show();
    expect(mock.windows).toHaveLength(1);
    const [window] = mock.windows;
    window!.emit('ready-to-show');
    expect(window!.visible).toBe(true);
    window!.close();
    expect(window!.destroyed).toBe(true);
    expect(appWindow.webContents).toBeUndefined();
    appWindow.show();
    expect(mock.windows).toHaveLength(2);
  });

  it('opens at a purge once the page has loaded (a clicked notification)', () => {
    const { appWindow, contents } = openWindow({ requestId: 'abc' });
    expect(contents.sent).toEqual([]);
    contents.emit('did-finish-load');
    expect(contents.sent).toEqual([{ channel: PushChannel.focusPurge, args: ['abc'] }]);
    appWindow.show({ section: 'key' });
    expect(contents.sent.at(-1)).toEqual({ channel: PushChannel.focusSection, args: ['key'] });
  });

  it('a renderer that crashed is loaded again, so the window does not stay blank; the purge asked for meanwhile is shown', () => {
    const { appWindow, window, contents } = openWindow();
    window.emit('ready-to-show');
    contents.emit('did-finish-load');
    contents.renderProcessGone('crashed');
    expect(contents.loaded).toEqual([UI_ENTRY_URL, UI_ENTRY_URL]);
    appWindow.show({ requestId: 'abc' });
    expect(contents.sent).toEqual([]); // no page to take it yet
    contents.emit('did-finish-load');
    expect(contents.sent).toEqual([{ channel: PushChannel.focusPurge, args: ['abc'] }]);
    expect(mock.windows).toHaveLength(1);
  });

  it('a renderer that goes again before its page has loaded closes the window: the next open starts afresh', () => {
    const { appWindow, window, contents } = openWindow();
    contents.emit('did-finish-load');
    contents.renderProcessGone('oom');
    contents.renderProcessGone('oom');
    expect(window.isDestroyed()).toBe(true);
    expect(appWindow.isOpen).toBe(false);
    appWindow.show();
    expect(mock.windows).toHaveLength(2);
    expect(mock.windows[1]!.webContents.loaded).toEqual([UI_ENTRY_URL]);
  });

  it('pushes only while open', () => {
    const appWindow = new AppWindow('/p.cjs');
    appWindow.send('settings', {
      ...DEFAULT_SETTINGS,
      notifications: true,
      snoozedUntil: 0,
      launchAtLogin: false,
    });
    appWindow.show();
    const contents = mock.windows[0]!.webContents;
    appWindow.send('focusPurge', 'x');
    expect(contents.sent).toEqual([{ channel: PushChannel.focusPurge, args: ['x'] }]);
  });
});

describe('navigation, new windows, webviews', () => {
  it('denies every navigation; a clicked http(s) link opens in the browser instead', () => {
    const { contents } = openWindow();
    const toSite = new MockEvent({ url: 'https://imagekit.io/docs', isMainFrame: true });
    contents.emit('will-navigate', toSite);
    expect(toSite.defaultPrevented).toBe(true);
    const toFile = new MockEvent({ url: 'file:///etc/passwd', isMainFrame: true });
    contents.emit('will-navigate', toFile);
    expect(toFile.defaultPrevented).toBe(true);
    expect(mock.openedExternally).toEqual(['https://imagekit.io/docs']);
  });

  it('denies subframe navigation, redirects and webviews', () => {
    const { contents } = openWindow();
    const frame = new MockEvent({ url: 'https://evil.example', isMainFrame: false });
    contents.emit('will-frame-navigate', frame);
    const redirect = new MockEvent({ url: 'https://evil.example' });
    contents.emit('will-redirect', redirect);
    const webview = new MockEvent();
    contents.emit('will-attach-webview', webview, {}, {});
    expect([frame, redirect, webview].map((e) => e.defaultPrevented)).toEqual([true, true, true]);
    expect(mock.openedExternally).toEqual([]);
  });

  it('denies every new window; only http(s) goes to the browser', () => {
    const { contents } = openWindow();
    const open = contents.windowOpenHandler!;
    expect(open({ url: 'https://example.com/a.jpg' })).toEqual({ action: 'deny' });
    expect(open({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(open({ url: 'app://purge-watch/index.html' })).toEqual({ action: 'deny' });
    expect(mock.openedExternally).toEqual(['https://example.com/a.jpg']);
  });

  it('takes only absolute http(s) URLs for external links', () => {
    expect(isExternalLink('http://example.com')).toBe(true);
    expect(isExternalLink('HTTPS://example.com/x?y')).toBe(true);
    for (const url of [
      'file:///x',
      'smb://host/share',
      'mailto:a@b',
      '//example.com',
      'https://',
      'javascript:1',
    ]) {
      expect(isExternalLink(url), url).toBe(false);
    }
  });
});

describe('permissions', () => {
  it('denies every permission request and check', () => {
    secureSession(mock.defaultSession as never);
    const answers: boolean[] = [];
    for (const permission of [
      'notifications',
      'media',
      'clipboard-read',
      'geolocation',
      'openExternal',
    ]) {
      mock.defaultSession.permissionRequestHandler!({}, permission, (granted: boolean) =>
        answers.push(granted),
      );
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect(
      mock.defaultSession.permissionCheckHandler!({}, 'clipboard-read', 'app://purge-watch', {}),
    ).toBe(false);
  });
});

describe('the app:// protocol', () => {
  it('is registered as a standard, secure scheme before ready, and served after', async () => {
    mock.reset();
    registerUiScheme();
    expect(mock.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true } },
    ]);
    // Electron: protocol.handle before ready throws.
    expect(() => serveUi(rendererDir)).toThrow('after app is ready');
    mock.app.becomeReady();
    serveUi(rendererDir);
    const handler = mock.protocolHandlers.get('app')!;
    const response = (await handler({ url: 'app://purge-watch/', method: 'GET' })) as Response;
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>PW</title>');
  });

  it('sends the strict CSP with every answer', async () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("style-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("img-src 'self' data:");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
    for (const url of [
      'app://purge-watch/index.js',
      'app://purge-watch/missing.css',
      'app://other/x.js',
    ]) {
      const response = await answerUiRequest({ url, method: 'GET' }, rendererDir);
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const script = await answerUiRequest(
      { url: 'app://purge-watch/index.js', method: 'GET' },
      rendererDir,
    );
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('serves nothing outside the renderer directory, nor unknown hosts, types or methods', () => {
    const refuse = (url: string, method = 'GET') => resolveUiRequest(url, method, rendererDir);
    // The URL parser resolves plain dot segments: they stay inside the directory.
    expect(refuse('app://purge-watch/../pw-secret.html')).toMatchObject({
      filePath: path.join(rendererDir, 'pw-secret.html'),
    });
    expect(refuse('app://purge-watch/%2e%2e/pw-secret.html')).toMatchObject({
      filePath: path.join(rendererDir, 'pw-secret.html'),
    });
    expect(refuse('app://purge-watch/..%2fpw-secret.html')).toEqual({ status: 403 });
    expect(refuse('app://purge-watch/a%5c..%5c..%5cx.html')).toEqual({ status: 403 });
    expect(refuse('app://elsewhere/index.html')).toEqual({ status: 403 });
    expect(refuse('app://purge-watch/index.html', 'POST')).toEqual({ status: 405 });
    expect(refuse('app://purge-watch/secrets.txt')).toEqual({ status: 404 });
    expect(refuse('app://purge-watch/index.html')).toEqual({
      filePath: path.join(rendererDir, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
  });

  it('macOS: a quick open and close leaves no Dock icon behind (Electron ignores a hide within 1 s)', async () => {
    mock.reset({ ready: true, platform: 'darwin' });
    const clock = new VirtualClock();
    mock.now = () => clock.now();
    const appWindow = new AppWindow('/p.cjs', new DockIcon(clock));
    appWindow.show();
    expect(mock.app.dock!.isVisible()).toBe(true); // the open window is in the Dock and Cmd+Tab
    await clock.advance(300);
    mock.windows[0]!.close();
    await clock.advance(DOCK_SETTLE_MS);
    expect(mock.app.dockHidesIgnored).toBe(0);
    expect(mock.app.dock!.isVisible()).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  it('macOS: reopening before a deferred hide keeps the Dock icon', async () => {
    mock.reset({ ready: true, platform: 'darwin' });
    const clock = new VirtualClock();
    mock.now = () => clock.now();
    const appWindow = new AppWindow('/p.cjs', new DockIcon(clock));
    appWindow.show();
    mock.windows[0]!.close();
    appWindow.show();
    await clock.advance(5 * DOCK_SETTLE_MS);
    expect(mock.app.dock!.isVisible()).toBe(true);
    expect(appWindow.isOpen).toBe(true);
  });

  it('Windows and Linux have no Dock, and the window never asks for one', () => {
    for (const platform of ['win32', 'linux'] as const) {
      mock.reset({ ready: true, platform });
      new AppWindow('/p.cjs').show();
      mock.windows[0]!.close();
      expect(mock.app.dock).toBeUndefined();
    }
  });
});
