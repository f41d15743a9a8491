// What each keytar failure tells the user: the kind decides the CLI's exit code (5 for a keychain
// that cannot be used); the message says what to do about the keychain, and never "try again"
// for a keychain that is simply not there. The way around it is each surface's to say.
import { describe, expect, it } from 'vitest';
import { keychainErrorFrom } from '../../src/core/accounts/keychain';

describe('keychainErrorFrom', () => {
  it.each([
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'unavailable', /No D-Bus session/],
    ['The given address is empty', 'unavailable', /No D-Bus session/],
    [
      'Unknown or unsupported transport “disabled” for address “disabled:”',
      'unavailable',
      /DBUS_SESSION_BUS_ADDRESS does not name a D-Bus session/,
    ],
    [
      'Address element “garbage” does not contain a colon (:)',
      'unavailable',
      /DBUS_SESSION_BUS_ADDRESS does not name a D-Bus session/,
    ],
    [
      'The name org.freedesktop.secrets was not provided by any .service files',
      'unavailable',
      /install and start gnome-keyring/,
    ],
    ['Cannot create an item in a locked collection', 'locked', /unlock/i],
  ])('%s is %s', (message, kind, advice) => {
    const error = keychainErrorFrom(new Error(message), 'read', 'linux');
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(advice);
    if (kind === 'unavailable') expect(error.message).not.toMatch(/try again/i);
    // The way around the keychain is each surface's own (the CLI's: IMAGEKIT_PRIVATE_KEY).
    expect(error.message).not.toMatch(/IMAGEKIT_PRIVATE_KEY/);
  });

  it('never repeats the key a failure message carried', () => {
    const key = 'private_errorSecret123=';
    const error = keychainErrorFrom(new Error(`refused ${key}`), 'store', 'linux', key);
    expect(`${error.message} ${error.detail ?? ''}`).not.toContain(key);
  });
});
