// Window-wide shortcuts, and the messages of failed requests to the main process.
import { describe, expect, it } from 'vitest';
import { invokeErrorMessage } from '../../src/renderer/invoke-error';
import { shortcutFor } from '../../src/renderer/keyboard';

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
