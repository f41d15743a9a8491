// Window-wide shortcuts, and the messages of failed requests to the main process.
import { describe, expect, it } from 'vitest';
import { invokeErrorMessage } from '../../src/renderer/invoke-error';
import { SHORTCUTS, shortcutFor } from '../../src/renderer/keyboard';

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

describe('invokeErrorMessage', () => {
  it("drops Electron's remote-method prefix and the error's class name", () => {
    const error = new Error(
      "Error invoking remote method 'purge-watch:set-private-key': KeychainError: The keyring is locked.",
    );
    expect(invokeErrorMessage(error)).toBe('The keyring is locked.');
    expect(invokeErrorMessage(new Error(''))).toBe('Something went wrong. Try again.');
  });
});
