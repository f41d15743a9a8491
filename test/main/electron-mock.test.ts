// The electron stand-in keeps Electron 45's rules (electron.d.ts, Electron's sources), so the
// main-process tests fail where a real install would. If one of these passes for the wrong
// reason, the mock has gone lenient again.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { beforeEach, describe, expect, it } from 'vitest';
import electron, { Menu, mock, MockNotification, shownLabel } from '../mocks/electron';

beforeEach(() => mock.reset());

describe('the electron stand-in', () => {
  it('refuses before ready what Electron refuses before ready', () => {
    const { BrowserWindow, Tray, Notification, nativeImage, net, protocol, session } = electron;
    expect(() => new Tray(nativeImage.createEmpty())).toThrow(
      'Cannot create Tray before app is ready',
    );
    expect(() => new Notification({ title: 't' })).toThrow('before app is ready');
    expect(() => new BrowserWindow({})).toThrow('Cannot create BrowserWindow before app is ready');
    expect(() => session.defaultSession).toThrow('when app is ready');
    expect(() => protocol.handle('app', () => undefined)).toThrow('after app is ready');
    expect(() => net.isOnline()).toThrow('after app is ready');
    expect(() => net.request({ url: 'https://example.com/' })).toThrow('after app is ready');
    expect(() => mock.powerMonitor.on('suspend', () => undefined)).toThrow('before app is ready');
    expect(() => electron.globalShortcut.register('Ctrl+K', () => undefined)).toThrow(
      'globalShortcut cannot be used before the app is ready',
    );
    mock.app.becomeReady();
    expect(() => new Tray(nativeImage.createEmpty())).not.toThrow();
  });

  it('refuses a global shortcut another app holds, or this app holds already', () => {
    mock.reset({ ready: true });
    const { globalShortcut } = electron;
    mock.globalShortcut.takeElsewhere('Ctrl+Alt+T');
    expect(globalShortcut.register('Control+Alt+T', () => undefined)).toBe(false);
    expect(globalShortcut.isRegistered('Control+Alt+T')).toBe(false);
    expect(globalShortcut.register('CmdOrCtrl+K', () => undefined)).toBe(true);
    expect(globalShortcut.register('CommandOrControl+K', () => undefined)).toBe(false);
    // Off macOS, CommandOrControl is Ctrl: the same keys.
    expect(globalShortcut.register('Control+K', () => undefined)).toBe(false);
    expect(() => globalShortcut.register('Ctrl+', () => undefined)).toThrow('conversion failure');
    globalShortcut.unregisterAll();
    expect(globalShortcut.isRegistered('CmdOrCtrl+K')).toBe(false);
  });

  it('puts the logs in the profile, or ~/Library/Logs on macOS, until told where', () => {
    mock.reset({ platform: 'linux' });
    expect(mock.app.getPath('logs')).toBe('/mock/userData/logs');
    mock.reset({ platform: 'darwin' });
    expect(mock.app.getPath('logs')).toBe('/mock/home/Library/Logs/Purge Watch');
    expect(() => mock.app.setAppLogsPath('relative/logs')).toThrow('Path must be absolute');
    mock.app.setAppLogsPath('/tmp/pw-logs');
    expect(mock.app.getPath('logs')).toBe('/tmp/pw-logs');
  });

  it('has platform-only APIs and events only on their platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      mock.reset({ ready: true, platform });
      expect(mock.app.dock !== undefined).toBe(platform === 'darwin');
      expect(MockNotification.handleActivation !== undefined).toBe(platform === 'win32');
      expect(mock.app.activate()).toBe(false); // nobody listens yet; and never off macOS
      mock.app.on('activate', () => undefined);
      expect(mock.app.activate()).toBe(platform === 'darwin');
      mock.powerMonitor.on('shutdown', () => undefined);
      expect(mock.powerMonitor.shutdown()).toBe(platform !== 'win32');
    }
  });

  it('ignores dock.hide() within a second of the previous dock call', async () => {
    mock.reset({ ready: true, platform: 'darwin' });
    let now = 0;
    mock.now = () => now;
    mock.app.dock!.hide();
    await mock.app.dock!.show();
    now = 999;
    mock.app.dock!.hide();
    expect(mock.app.dock!.isVisible()).toBe(true);
    now = 2_000;
    mock.app.dock!.hide();
    expect(mock.app.dock!.isVisible()).toBe(false);
  });

  it('shows and closes notifications later, as the OS answers', async () => {
    mock.reset({ ready: true });
    const notification = new electron.Notification({ title: 't' });
    const events: string[] = [];
    notification.on('show', () => events.push('show'));
    notification.on('close', () => events.push('close'));
    notification.show();
    notification.close();
    expect(events).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['show', 'close']);
  });

  it('a destroyed tray throws; menus are validated; IPC payloads are structured-cloned', async () => {
    mock.reset({ ready: true });
    const tray = new electron.Tray(electron.nativeImage.createEmpty());
    tray.destroy();
    expect(() => tray.setToolTip('x')).toThrow('Tray is destroyed');
    expect(() => Menu.buildFromTemplate([{ enabled: true }])).toThrow(
      'must have at least one of label, role or type',
    );
    expect(() => Menu.buildFromTemplate([{ label: 'x', type: 'button' }])).toThrow(
      'Unknown menu item type',
    );
    expect(() => Menu.buildFromTemplate([{ role: 'explode' }])).toThrow('Invalid role');
    expect(() => Menu.buildFromTemplate([{ label: 'x', type: 'submenu' }])).toThrow(
      'Invalid submenu',
    );
    expect(shownLabel('Tom && Jerry &File')).toBe('Tom & Jerry File');
    mock.ipcMain.handle('echo', (_event, value) => value);
    mock.ipcMain.handle('answer-a-function', () => ({ f: () => 1 }));
    await expect(mock.ipcMain.invoke({}, 'answer-a-function')).rejects.toThrow();
    const contents = new electron.BrowserWindow({}).webContents;
    expect(() => contents.send('push', { f: () => 1 })).toThrow();
    const answer = { nested: { at: new Date(0) } };
    const cloned = await mock.ipcMain.invoke({}, 'echo', answer);
    expect(cloned).toEqual(answer);
    expect(cloned).not.toBe(answer);
  });

  it('rejects a clipboard write when told to', async () => {
    mock.clipboardWriteError = new Error('busy');
    await expect(electron.clipboard.writeText('x')).rejects.toThrow('busy');
  });

  it('is what require("electron") gives packages that load it themselves (electron-updater)', () => {
    const required = createRequire(import.meta.url)('electron') as typeof electron;
    expect(required).toBe(electron);
    expect(required.app).toBe(mock.app);
  });

  it("net.request is Electron's ClientRequest: ready first, manual redirects cancelled unless followed, no socket event", async () => {
    expect(() => electron.net.request('http://127.0.0.1/')).toThrow('after app is ready');
    mock.app.becomeReady();
    expect(() => electron.net.request('file:///etc/passwd')).toThrow('not supported');
    expect(() => electron.net.request({ url: 'https://cdn.test/', session: {} })).toThrow(
      'instance of the Session class',
    );
    const server = http.createServer((request, response) => {
      if (request.url === '/moved') response.writeHead(302, { location: '/here' }).end();
      else response.writeHead(200, { 'x-answer': 'yes' }).end(`at ${request.url}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const send = (url: string, follow: boolean) =>
      new Promise<string>((resolve) => {
        const request = electron.net.request({ url, redirect: 'manual' });
        request.on('socket', () => resolve('a socket event'));
        request.on('redirect', (status: number, _method: string, to: string) => {
          if (follow) request.followRedirect();
          else expect([status, to]).toEqual([302, `${base}/here`]);
        });
        request.on('error', (error: Error) => resolve(`error: ${error.message}`));
        request.on('response', (response: NodeJS.ReadableStream & { headers: object }) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk));
          response.on('end', () => resolve(`${JSON.stringify(response.headers)} ${body}`));
        });
        request.end();
      });
    try {
      expect(await send(`${base}/moved`, true)).toMatch(/"x-answer":"yes".* at \/here$/);
      expect(await send(`${base}/moved`, false)).toBe('error: Redirect was cancelled');
    } finally {
      server.close();
    }
    expect(mock.netRequests.map((r) => r.url)).toContain(`${base}/moved`);
  });
});
