// Window-wide shortcuts, and the messages of failed requests to the main process.
import { describe, expect, it } from 'vitest';
import { invokeErrorMessage } from '../../src/renderer/invoke-error';
import { isLinux, isMac, SHORTCUTS, shortcutFor } from '../../src/renderer/keyboard';

const press = (
  key: string,
  mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {},
) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});
const idle = { typing: false, inSearch: false, dialogOpen: false };

describe('shortcutFor', () => {
  it('maps "/" and Ctrl/Cmd+F to the search box, but "/" is text while typing', () => {
    expect(shortcutFor(press('/'), idle)).toBe('focus-search');
    expect(shortcutFor(press('/'), { ...idle, typing: true })).toBeUndefined();
    expect(shortcutFor(press('f', { ctrlKey: true }), { ...idle, typing: true })).toBe(
      'focus-search',
    );
    expect(shortcutFor(press('F', { metaKey: true }), idle)).toBe('focus-search');
  });

  it('maps Ctrl+N to the add box, Ctrl+, to settings, Escape in search to clearing it', () => {
    expect(shortcutFor(press('n', { ctrlKey: true }), idle)).toBe('focus-add');
    expect(shortcutFor(press(',', { metaKey: true }), idle)).toBe('open-settings');
    expect(shortcutFor(press('Escape'), { ...idle, inSearch: true, typing: true })).toBe(
      'clear-search',
    );
    expect(shortcutFor(press('Escape'), idle)).toBeUndefined();
  });

  it('shows the shortcut list on "?" or F1 (not while typing), and undoes with Ctrl/Cmd+Z', () => {
    expect(shortcutFor(press('?', { shiftKey: true }), idle)).toBe('show-help');
    expect(shortcutFor(press('?', { shiftKey: true }), { ...idle, typing: true })).toBeUndefined();
    expect(shortcutFor(press('F1'), { ...idle, typing: true })).toBe('show-help');
    expect(shortcutFor(press('z', { ctrlKey: true }), idle)).toBe('undo');
    expect(shortcutFor(press('z', { metaKey: true }), idle)).toBe('undo');
    // In a text field Ctrl+Z undoes typing.
    expect(shortcutFor(press('z', { ctrlKey: true }), { ...idle, typing: true })).toBeUndefined();
  });

  it('lists every shortcut it maps in the help', () => {
    const listed = SHORTCUTS.flatMap((s) => s.keys.map((combo) => combo.join('+')));
    for (const keys of ['Ctrl+N', '/', 'Ctrl+F', 'Ctrl+,', 'Ctrl+Z', '?', 'F1', 'Esc', 'Delete']) {
      expect(listed).toContain(keys);
    }
  });

  it('leaves keys alone while a dialog is open', () => {
    expect(shortcutFor(press('/'), { ...idle, dialogOpen: true })).toBeUndefined();
  });
});

describe("the platform, from Electron's user agent", () => {
  it('tells Linux and macOS from Windows (and Android, which says Linux too)', () => {
    const agents = {
      linux:
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) purge-watch/1.0.0 Chrome/140.0.0.0 Electron/45.5.0 Safari/537.36',
      mac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) purge-watch/1.0.0 Chrome/140.0.0.0 Electron/45.5.0 Safari/537.36',
      windows:
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) purge-watch/1.0.0 Chrome/140.0.0.0 Electron/45.5.0 Safari/537.36',
      android:
        'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/140.0.0.0 Mobile Safari/537.36',
    };
    const seen = Object.entries(agents).map(([name, agent]) => [
      name,
      isLinux(agent),
      isMac(agent),
    ]);
    expect(seen).toEqual([
      ['linux', true, false],
      ['mac', false, true],
      ['windows', false, false],
      ['android', false, false],
    ]);
  });
});

describe('invokeErrorMessage', () => {
  it("drops Electron's remote-method prefix and the error's class name", () => {
    const error = new Error(
      "Error invoking remote method 'purge-watch:set-private-key': KeychainError: The keyring is locked.",
    );
    expect(invokeErrorMessage(error)).toBe('The keyring is locked.');
    expect(invokeErrorMessage(new Error(''))).toBe('Something went wrong. Try again.');
  });
});
