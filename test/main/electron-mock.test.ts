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
      // Linux trays report activation ('click') only: no pointer, right or double click.
      const tray = new electron.Tray(electron.nativeImage.createEmpty());
      expect(tray.emit('click')).toBe(false);
      const hover = () => tray.emit('mouse-enter');
      if (platform === 'linux') expect(hover).toThrow("emits no 'mouse-enter' on linux");
      else expect(hover()).toBe(false);
      const middle = () => tray.emit('middle-click');
      if (platform === 'win32') expect(middle()).toBe(false);
      else expect(middle).toThrow('emits no');
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

  it("a refused notification says why, except on Linux, where Electron's 'failed' carries no message", async () => {
    const errors: Record<string, unknown> = {};
    for (const platform of ['darwin', 'linux'] as const) {
      mock.reset({ ready: true, platform });
      MockNotification.refuseWith = 'Notifications are not allowed';
      const notification = new electron.Notification({ title: 't' });
      notification.on('failed', (_event, error) => (errors[platform] = error));
      notification.show();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(errors).toEqual({ darwin: 'Notifications are not allowed', linux: '' });
  });

  it('a destroyed window and its web contents throw, as gin_helper::Destroyable makes them', () => {
    mock.reset({ ready: true });
    const window = new electron.BrowserWindow({});
    const contents = window.webContents;
    const heard: string[] = [];
    contents.on('destroyed', () => heard.push('destroyed'));
    window.on('closed', () => heard.push('closed'));
    window.close();
    expect(heard).toEqual(['destroyed', 'closed']);
    expect(window.isDestroyed() && contents.isDestroyed()).toBe(true);
    expect(() => window.webContents).toThrow('Object has been destroyed');
    expect(() => window.show()).toThrow('Object has been destroyed');
    expect(() => window.close()).toThrow('Object has been destroyed');
    expect(() => contents.send('push', 1)).toThrow('Object has been destroyed');
    expect(() => contents.getZoomLevel()).toThrow('Object has been destroyed');
    window.destroy(); // a second destroy() does nothing
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

  it('a notification can be clicked, timed out or dismissed only once the system showed it', async () => {
    mock.reset({ ready: true });
    const never = new electron.Notification({ title: 'never shown' });
    expect(() => never.click()).toThrow('nothing called show()');
    const refused = new electron.Notification({ title: 'refused' });
    MockNotification.refuseWith = 'Notifications are not allowed';
    refused.show();
    await new Promise((resolve) => setImmediate(resolve));
    expect(() => refused.click()).toThrow('the system refused it');
    MockNotification.refuseWith = undefined;
    const shown = new electron.Notification({ title: 'shown' });
    let clicked = 0;
    shown.on('click', () => clicked++);
    shown.show();
    shown.click();
    expect(clicked).toBe(1);
  });

  it('Windows: a toast XML supersedes the text; a malformed one fails; a click that started the app waits for the presenter', async () => {
    mock.reset({ platform: 'win32' });
    MockNotification.clickFromEarlierRun('type=click&tag=a1');
    const heard: string[] = [];
    electron.Notification.handleActivation!((details) => heard.push(details.arguments));
    mock.app.becomeReady();
    await new Promise((resolve) => setImmediate(resolve));
    expect(heard).toEqual([]); // the toast activator is registered with the presenter
    expect(electron.Notification.isSupported()).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(heard).toEqual(['type=click&tag=a1']);

    const toast = new electron.Notification({
      title: 'ignored on Windows',
      toastXml:
        '<toast launch="a&amp;b"><visual><binding template="ToastGeneric"><text>T &amp; U</text><text>B</text></binding></visual></toast>',
    });
    expect([toast.title, toast.body]).toEqual(['T & U', 'B']);
    const bad = new electron.Notification({ toastXml: '<toast><text>T & U</text></toast>' });
    const failures: string[] = [];
    bad.on('failed', (_event: unknown, error: string) => failures.push(error));
    bad.show();
    await new Promise((resolve) => setImmediate(resolve));
    expect(failures).toEqual([expect.stringContaining('Invalid XML')]);
    // A live toast's click is its own event; Electron's own toasts have no launch arguments.
    const plain = new electron.Notification({ title: 'p' });
    plain.show();
    plain.click();
    expect(heard).toEqual(['type=click&tag=a1']);
  });

  it('dialog.showMessageBox throws before ready; showErrorBox works then', () => {
    expect(() => electron.dialog.showMessageBox({ message: 'm' })).toThrow(
      'dialog module can only be used after app is ready',
    );
    electron.dialog.showErrorBox('t', 'c');
    expect(mock.errorBoxes).toEqual([{ title: 't', content: 'c' }]);
  });

  it('login items: nothing on Linux, the Run key and Task Manager on Windows, SMAppService on macOS', () => {
    mock.reset({ platform: 'linux' });
    mock.app.setLoginItemSettings({ openAtLogin: true });
    expect(mock.app.getLoginItemSettings()).toMatchObject({ openAtLogin: false });

    mock.reset({ platform: 'win32' });
    const item = { path: 'C:\\Purge Watch\\Purge Watch.exe', args: ['--hidden'] };
    mock.app.setLoginItemSettings({ openAtLogin: true, ...item });
    expect(mock.app.getLoginItemSettings(item)).toMatchObject({
      openAtLogin: true,
      executableWillLaunchAtLogin: true,
    });
    expect(mock.app.getLoginItemSettings({ path: item.path })).toMatchObject({
      openAtLogin: false, // other arguments
      executableWillLaunchAtLogin: true,
    });
    mock.app.disableInTaskManager();
    expect(mock.app.getLoginItemSettings(item)).toMatchObject({
      openAtLogin: true,
      executableWillLaunchAtLogin: false,
      launchItems: [expect.objectContaining({ enabled: false, args: ['--hidden'] })],
    });
    mock.app.setLoginItemSettings({ openAtLogin: false, ...item });
    expect(mock.app.getLoginItemSettings(item)).toMatchObject({ openAtLogin: false });

    mock.reset({ platform: 'darwin' });
    mock.app.loginItemRegistration = 'requires-approval';
    mock.app.setLoginItemSettings({ openAtLogin: true });
    expect(mock.app.getLoginItemSettings()).toMatchObject({
      openAtLogin: false,
      status: 'requires-approval',
    });
  });

  it('setAsDefaultProtocolClient answers false for a bad scheme or when the system refuses; openExternal can reject', async () => {
    expect(mock.app.setAsDefaultProtocolClient('2bad')).toBe(false);
    expect(mock.app.setAsDefaultProtocolClient('purgewatch')).toBe(true);
    mock.app.protocolClientRefused = true;
    expect(mock.app.setAsDefaultProtocolClient('purgewatch')).toBe(false);
    mock.openExternalError = new Error('Failed to open: no browser');
    await expect(electron.shell.openExternal('https://example.com/')).rejects.toThrow('no browser');
  });

  it("app.quit() runs Electron's quit sequence; a prevented before-quit or close cancels it", () => {
    mock.reset({ ready: true });
    const events: string[] = [];
    for (const name of ['before-quit', 'window-all-closed', 'will-quit', 'quit']) {
      mock.app.on(name, () => events.push(name));
    }
    const window = new electron.BrowserWindow({});
    window.on('closed', () => events.push('closed'));
    let keepOpen = true;
    window.on('close', (event: { preventDefault(): void }) => {
      events.push('close');
      if (keepOpen) event.preventDefault();
    });
    mock.app.quit();
    expect(events).toEqual(['before-quit', 'close']);
    expect(mock.app.ended).toBe(false);
    keepOpen = false;
    mock.app.quit();
    expect(events.slice(2)).toEqual(['before-quit', 'close', 'closed', 'will-quit', 'quit']);
    expect(mock.app.ended).toBe(true);

    // The last window closed, not quitting: window-all-closed; with no listener, the app quits.
    mock.reset({ ready: true });
    new electron.BrowserWindow({}).close();
    expect(mock.app.ended).toBe(true);
  });

  it('Wayland: without a focused window the app reads the clipboard it saw last, and its writes are dropped', async () => {
    mock.reset({ ready: true, platform: 'linux' });
    mock.waylandSession = true;
    mock.clipboardText = 'copied elsewhere';
    expect(await electron.clipboard.readText()).toBe(''); // stale: never offered
    await electron.clipboard.writeText('ours'); // resolves, and nothing happens
    expect(mock.clipboardText).toBe('copied elsewhere');
    const window = new electron.BrowserWindow({});
    window.show();
    window.focus();
    expect(await electron.clipboard.readText()).toBe('copied elsewhere');
    await electron.clipboard.writeText('ours');
    expect(mock.clipboardText).toBe('ours');
    window.blur();
    mock.clipboardText = 'copied again';
    expect(await electron.clipboard.readText()).toBe('ours');
    // X11, macOS, Windows: the clipboard is the clipboard.
    mock.reset({ ready: true, platform: 'linux' });
    mock.clipboardText = 'copied elsewhere';
    expect(await electron.clipboard.readText()).toBe('copied elsewhere');
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

  it("net.request's default redirect mode ('follow') emits redirect too, and an abort during it stops it", async () => {
    mock.app.becomeReady();
    const server = http.createServer((request, response) => {
      if (request.url === '/moved') response.writeHead(302, { location: '/here' }).end();
      else response.writeHead(200).end(`at ${request.url}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const send = (abort: boolean) =>
      new Promise<string[]>((resolve) => {
        const seen: string[] = [];
        const request = electron.net.request(`${base}/moved`);
        request.on('redirect', (_status: number, _method: string, to: string) => {
          seen.push(`redirect ${to}`);
          if (abort) request.abort();
        });
        request.on('abort', () => resolve([...seen, 'aborted']));
        request.on('response', (response: NodeJS.ReadableStream) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk));
          response.on('end', () => resolve([...seen, body]));
        });
        request.end();
      });
    try {
      expect(await send(false)).toEqual([`redirect ${base}/here`, 'at /here']);
      expect(await send(true)).toEqual([`redirect ${base}/here`, 'aborted']);
    } finally {
      server.close();
    }
  });

  it("net.request's answer has Electron's headers: UTF-8, first Age kept; a dropped body does not end the request", async () => {
    mock.app.becomeReady();
    let sending = false;
    const server = http.createServer((_request, response) => {
      response.socket!.write(
        Buffer.concat([
          Buffer.from('HTTP/1.1 200 OK\r\nAge: 5\r\nAge: 7200\r\nX-Pop: FRA'),
          Buffer.from([0xe2, 0x80, 0xae, 0x9b]),
          Buffer.from('\r\nTransfer-Encoding: chunked\r\n\r\n'),
        ]),
      );
      sending = true;
      response.socket!.write(`4000\r\n${'x'.repeat(0x4000)}\r\n`);
      response.socket!.on('close', () => (sending = false));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const request = electron.net.request(url);
      const response = await new Promise<NodeJS.ReadableStream & Record<string, unknown>>(
        (resolve) => {
          request.on('response', resolve);
          request.end();
        },
      );
      expect(response.headers).toEqual({
        age: '5',
        'x-pop': 'FRA\u202e\ufffd',
        'transfer-encoding': 'chunked',
      });
      expect(response.rawHeaders).toEqual([
        'Age',
        '5',
        'Age',
        '7200',
        'X-Pop',
        'FRA\u202e\ufffd',
        'Transfer-Encoding',
        'chunked',
      ]);
      (response as unknown as { destroy(): void }).destroy();
      expect(sending).toBe(true);
      request.abort();
      await new Promise<void>((resolve) =>
        server.on('connection', () => undefined).close(() => resolve()),
      );
    } finally {
      server.closeAllConnections();
    }
  });
});
