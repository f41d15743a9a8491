// The shortcut that opens the window from any app, on the strict electron stand-in (its
// globalShortcut throws before `ready`, refuses what another app holds): registered at start,
// changed from the settings (a refusal changes nothing and says so), turned off, reported as
// unconfirmed under Wayland, released on quit. The whole main process: app-start.test.ts.
import { beforeEach, describe, expect, it } from 'vitest';
import { mock } from '../mocks/electron';
import { OpenShortcut } from '../../src/main/desktop/open-shortcut';
import { SettingsStore } from '../../src/main/profile/settings-store';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { DEFAULT_OPEN_SHORTCUT } from '../../src/shared/accelerator';
import { MemoryLoginItem, MemorySettingsFile } from './fixtures';

beforeEach(() => mock.reset({ ready: true }));

function setup(options: { env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform } = {}) {
  let presses = 0;
  const shortcut = new OpenShortcut({ onPress: () => presses++, ...options });
  const file = new MemorySettingsFile();
  const settings = new SettingsStore(file, new MemoryLoginItem(), { shortcut });
  return { shortcut, settings, file, presses: () => presses };
}

describe('the shortcut that opens the window', () => {
  it('is on by default: registered at start, and pressing it in any app opens the window', () => {
    const { shortcut, settings, presses } = setup();
    expect(DEFAULT_SETTINGS).toMatchObject({
      openWindowShortcutOn: true,
      openWindowShortcut: 'CommandOrControl+Alt+Shift+P',
    });
    settings.reconcile();
    expect(shortcut.status()).toEqual({ state: 'on', accelerator: DEFAULT_OPEN_SHORTCUT });
    expect(mock.globalShortcut.isRegistered(DEFAULT_OPEN_SHORTCUT)).toBe(true);
    expect(mock.globalShortcut.press('CmdOrCtrl+Shift+Alt+P')).toBe(true);
    expect(presses()).toBe(1);
  });

  it('cannot be registered before the app is ready (Electron throws)', () => {
    mock.reset({ ready: false });
    const { settings } = setup();
    expect(() => settings.reconcile()).toThrow(
      'globalShortcut cannot be used before the app is ready',
    );
  });

  it('held by another app at start: reported as refused, nothing registered', () => {
    mock.globalShortcut.takeElsewhere(DEFAULT_OPEN_SHORTCUT);
    const { shortcut, settings, presses } = setup();
    settings.reconcile();
    expect(shortcut.status()).toEqual({ state: 'refused', accelerator: DEFAULT_OPEN_SHORTCUT });
    expect(mock.globalShortcut.registered.size).toBe(0);
    expect(mock.globalShortcut.press(DEFAULT_OPEN_SHORTCUT)).toBe(false);
    expect(presses()).toBe(0);
  });

  it('changed in the settings: the new one works and the old one is let go', () => {
    const { shortcut, settings, presses } = setup();
    settings.reconcile();
    settings.set({ openWindowShortcut: 'Control+Alt+W' });
    expect(settings.get().openWindowShortcut).toBe('Control+Alt+W');
    expect(shortcut.status()).toEqual({ state: 'on', accelerator: 'Control+Alt+W' });
    expect(mock.globalShortcut.press(DEFAULT_OPEN_SHORTCUT)).toBe(false);
    expect(mock.globalShortcut.press('Ctrl+Alt+W')).toBe(true);
    expect(presses()).toBe(1);
  });

  it('a change the system refuses changes nothing: the setting, and the shortcut that works, stay', () => {
    mock.globalShortcut.takeElsewhere('Control+Alt+T');
    const { shortcut, settings, file } = setup();
    settings.reconcile();
    expect(() => settings.set({ openWindowShortcut: 'Control+Alt+T' })).toThrow(
      'The system refused Ctrl+Alt+T: another app may be using it. Choose another shortcut.',
    );
    expect(settings.get().openWindowShortcut).toBe(DEFAULT_OPEN_SHORTCUT);
    expect(file.has('openWindowShortcut')).toBe(false);
    expect(shortcut.status()).toEqual({ state: 'on', accelerator: DEFAULT_OPEN_SHORTCUT });
    expect(mock.globalShortcut.isRegistered(DEFAULT_OPEN_SHORTCUT)).toBe(true);
  });

  it('names the keys as a Mac does when refused there', () => {
    mock.reset({ ready: true, platform: 'darwin' });
    mock.globalShortcut.takeElsewhere('CommandOrControl+Shift+K');
    const { settings } = setup({ platform: 'darwin' });
    settings.reconcile();
    expect(() => settings.set({ openWindowShortcut: 'CommandOrControl+Shift+K' })).toThrow(
      /^The system refused ⇧⌘K:/,
    );
  });

  it('turned off: let go at once, and not taken at the next start; on again: taken again', () => {
    const { shortcut, settings } = setup();
    settings.reconcile();
    settings.set({ openWindowShortcutOn: false });
    expect(mock.globalShortcut.registered.size).toBe(0);
    expect(shortcut.status().state).toBe('off');
    settings.reconcile();
    expect(mock.globalShortcut.registered.size).toBe(0);
    settings.set({ openWindowShortcutOn: true });
    expect(shortcut.status()).toEqual({ state: 'on', accelerator: DEFAULT_OPEN_SHORTCUT });
  });

  it('under Wayland, the desktop decides: registered, but unconfirmed', () => {
    mock.reset({ ready: true, platform: 'linux' });
    const { shortcut, settings } = setup({
      platform: 'linux',
      env: { XDG_SESSION_TYPE: 'wayland' },
    });
    settings.reconcile();
    expect(shortcut.status()).toEqual({
      state: 'unconfirmed',
      accelerator: DEFAULT_OPEN_SHORTCUT,
    });
  });

  it('is let go when the app quits', () => {
    const { shortcut, settings } = setup();
    settings.reconcile();
    shortcut.dispose();
    expect(mock.globalShortcut.registered.size).toBe(0);
  });

  it('the stand-in reads accelerators as Electron does, and refuses one it cannot read', () => {
    expect(() => mock.globalShortcut.register('Ctrl+Banana', () => undefined)).toThrow(
      /conversion failure from Ctrl\+Banana/,
    );
    expect(mock.globalShortcut.register('ctrl+shift+k', () => undefined)).toBe(true);
    // Already this app's: Electron answers false to a second registration.
    expect(mock.globalShortcut.register('Shift+Control+K', () => undefined)).toBe(false);
  });
});
