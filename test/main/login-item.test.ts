// Launch at login: an XDG autostart file on Linux, the system's login items on macOS and
// Windows; off by default.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mock } from '../mocks/electron';
import { APP_ID } from '../../src/main/desktop/app-identity';
import {
  autostartEntry,
  autostartPath,
  createLoginItem,
  launchCommand,
  quoteExecArgument,
  XdgAutostart,
} from '../../src/main/desktop/login-item';

let home: string;
beforeEach(() => {
  mock.reset();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-home-'));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

describe('Linux (XDG autostart)', () => {
  it('writes ~/.config/autostart/io.purgewatch.app.desktop when enabled and deletes it when disabled', () => {
    const file = autostartPath({}, home);
    // The installed entry's name (electron-builder.yml's desktopName): the desktop's ID for it.
    expect(file).toBe(path.join(home, '.config', 'autostart', `${APP_ID}.desktop`));
    const item = new XdgAutostart(file, ['/opt/Purge Watch/purge-watch']);
    expect(item.state()).toEqual({ on: false });
    item.setEnabled(true);
    expect(item.state()).toEqual({ on: true });
    const entry = fs.readFileSync(file, 'utf8');
    expect(entry).toContain('[Desktop Entry]\nType=Application\n');
    expect(entry).toContain('Name=Purge Watch\n');
    // Started at login without a window (a launch from the app menu shows one).
    expect(entry).toContain('Exec="/opt/Purge Watch/purge-watch" --hidden\n');
    expect(fs.readdirSync(path.dirname(file))).toEqual([`${APP_ID}.desktop`]);
    item.setEnabled(false);
    expect(fs.existsSync(file)).toBe(false);
    item.setEnabled(false); // already off: no error
  });

  it('honours an absolute $XDG_CONFIG_HOME and ignores a relative one', () => {
    expect(autostartPath({ XDG_CONFIG_HOME: '/x/cfg' }, home)).toBe(
      `/x/cfg/autostart/${APP_ID}.desktop`,
    );
    expect(autostartPath({ XDG_CONFIG_HOME: 'cfg' }, home)).toBe(
      path.join(home, '.config', 'autostart', `${APP_ID}.desktop`),
    );
  });

  it('takes over the entry an earlier build wrote as purge-watch.desktop, as the desktop left it', () => {
    const file = autostartPath({}, home);
    const earlier = path.join(path.dirname(file), 'purge-watch.desktop');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Turned off in GNOME's startup settings since.
    const entry = `${autostartEntry(['/opt/Purge Watch/purge-watch', '--hidden'])}`.replace(
      'X-GNOME-Autostart-enabled=true',
      'X-GNOME-Autostart-enabled=false',
    );
    fs.writeFileSync(earlier, entry);
    const item = new XdgAutostart(file, ['/opt/Purge Watch/purge-watch']);
    expect(item.state()).toEqual({ on: true, held: 'desktop' });
    // Under the desktop's ID now, as it was; the old name is gone.
    expect(fs.readdirSync(path.dirname(file))).toEqual([`${APP_ID}.desktop`]);
    expect(fs.readFileSync(file, 'utf8')).toBe(entry);
    // Turning it off leaves neither; on, only the new name.
    fs.writeFileSync(earlier, entry);
    item.setEnabled(false);
    expect(fs.readdirSync(path.dirname(file))).toEqual([]);
    fs.writeFileSync(earlier, entry);
    item.setEnabled(true);
    expect(fs.readdirSync(path.dirname(file))).toEqual([`${APP_ID}.desktop`]);
    expect(item.state()).toEqual({ on: true });
  });

  it('starts the AppImage when run from one, else the executable (and the app dir from sources)', () => {
    expect(
      launchCommand({ APPIMAGE: '/home/u/Apps/Purge.AppImage' }, '/tmp/.mount/pw', undefined),
    ).toEqual(['/home/u/Apps/Purge.AppImage']);
    expect(launchCommand({}, '/usr/bin/electron', '/src/purge-watch')).toEqual([
      '/usr/bin/electron',
      '/src/purge-watch',
    ]);
  });

  it('quotes Exec arguments per the Desktop Entry spec', () => {
    expect(quoteExecArgument('/usr/bin/pw')).toBe('/usr/bin/pw');
    expect(quoteExecArgument('/a b/pw')).toBe('"/a b/pw"');
    expect(quoteExecArgument('/a$b/pw')).toBe('"/a\\\\$b/pw"');
    expect(quoteExecArgument('/50%/pw')).toBe('/50%%/pw');
    expect(autostartEntry(['/usr/bin/electron', '/src/pw'])).toContain(
      'Exec=/usr/bin/electron /src/pw\n',
    );
  });

  it("says so when the desktop's startup settings turned the entry off", () => {
    const file = autostartPath({}, home);
    const item = new XdgAutostart(file, ['/usr/bin/pw']);
    item.setEnabled(true);
    // GNOME Tweaks and KDE's Autostart write their switch into the file itself.
    for (const off of ['X-GNOME-Autostart-enabled=false', 'Hidden=true']) {
      fs.writeFileSync(file, `${autostartEntry(['/usr/bin/pw'])}${off}\n`);
      expect(item.state()).toEqual({ on: true, held: 'desktop' });
    }
    item.setEnabled(true); // turned on again from the app: a fresh entry
    expect(item.state()).toEqual({ on: true });
  });

  it('waits at login until the panel can show a tray icon (GNOME starts entries before it)', () => {
    expect(autostartEntry(['/usr/bin/pw'])).toMatch(/^X-GNOME-Autostart-Delay=([1-9]\d*)$/m);
  });
});

describe('macOS and Windows (login items)', () => {
  it('uses app.setLoginItemSettings, off by default', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      mock.reset({ platform }); // Electron's login items exist on these two only
      const item = createLoginItem(platform);
      expect(item.state()).toEqual({ on: false });
      item.setEnabled(true);
      expect(mock.app.loginItemCalls.at(-1)).toMatchObject({ openAtLogin: true });
      expect(item.state()).toEqual({ on: true });
      item.setEnabled(false);
      expect(mock.app.loginItemCalls.at(-1)).toMatchObject({ openAtLogin: false });
    }
  });

  it("Windows: turned off in Task Manager, it says so; turning it on again turns Task Manager's switch on", () => {
    mock.reset({ platform: 'win32' });
    mock.app.setAppUserModelId(APP_ID); // as src/main/index.ts does first thing
    const item = createLoginItem('win32');
    item.setEnabled(true);
    // The Run value the uninstaller removes (build/installer.nsh) is named after the app's id.
    expect([...mock.app.runKey.keys()]).toEqual([APP_ID]);
    mock.app.disableInTaskManager();
    expect(item.state()).toEqual({ on: true, held: 'task-manager' });
    item.setEnabled(true);
    expect(item.state()).toEqual({ on: true });
  });

  it('macOS 13+: waiting for approval in System Settings is on, and says so; not found is off', () => {
    mock.reset({ platform: 'darwin' });
    const item = createLoginItem('darwin');
    mock.app.loginItemRegistration = 'requires-approval';
    item.setEnabled(true);
    expect(item.state()).toEqual({ on: true, held: 'approval' });
    mock.app.loginItemRegistration = 'not-found';
    item.setEnabled(true);
    expect(item.state()).toEqual({ on: false });
  });

  it('starts hidden at login on Windows (--hidden); macOS login items take no arguments', () => {
    mock.reset({ platform: 'win32' });
    createLoginItem('win32').setEnabled(true);
    expect(mock.app.loginItemCalls.at(-1)).toMatchObject({
      openAtLogin: true,
      path: process.execPath,
      args: ['--hidden'],
    });
    mock.reset({ platform: 'darwin' });
    createLoginItem('darwin').setEnabled(true);
    expect(mock.app.loginItemCalls.at(-1)).toEqual({ openAtLogin: true });
  });
});
