// The electron stand-in keeps Electron 45's rules (electron.d.ts, Electron's sources), so the
// main-process tests fail where a real install would. If one of these passes for the wrong
// reason, the mock has gone lenient again.
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
    mock.app.becomeReady();
    expect(() => new Tray(nativeImage.createEmpty())).not.toThrow();
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

  it('net.request: a redirect not followed in its event cancels the request; headers are set before end()', async () => {
    mock.reset({ ready: true });
    mock.fetchAnswer = (url) =>
      url.endsWith('/from')
        ? new Response(null, { status: 301, headers: { location: '/to' } })
        : new Response('done', { headers: { etag: '"a"' } });
    const outcome = (follow: boolean) =>
      new Promise<string>((resolve) => {
        const request = electron.net.request({ url: 'https://cdn.test/from', redirect: 'manual' });
        request.on('redirect', (status: number, _method: string, to: string) => {
          if (follow) request.followRedirect();
          else resolve(`redirect ${status} ${to}`);
        });
        request.on('error', (error: Error) => resolve(`error ${error.message}`));
        request.on('response', (message: { statusCode: number; headers: Record<string, string> }) =>
          resolve(`response ${message.statusCode} ${message.headers.etag}`),
        );
        request.end();
        expect(() => request.setHeader('Accept', '*/*')).toThrow(
          "Can't set headers after they are sent",
        );
      });
    expect(await outcome(true)).toBe('response 200 "a"');
    expect(await outcome(false)).toBe('redirect 301 https://cdn.test/to');
    const cancelled = new Promise<string>((resolve) => {
      const request = electron.net.request({ url: 'https://cdn.test/from', redirect: 'manual' });
      request.on('error', (error: Error) => resolve(error.message));
      request.end();
    });
    expect(await cancelled).toBe('Redirect was cancelled');
    expect(() => electron.net.request({ url: 'https://cdn.test/', session: {} })).toThrow(
      'instance of the Session class',
    );
  });
});
