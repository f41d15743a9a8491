// What settings say about an account: a new name's problem, where its key comes from.
import { describe, expect, it } from 'vitest';
import { keySourceText, newAccountNameProblem } from '../../src/renderer/account-settings';

describe('newAccountNameProblem', () => {
  it('says what accountNameProblem says, and that a name is taken', () => {
    expect(newAccountNameProblem('staging', ['production'])).toBeUndefined();
    expect(newAccountNameProblem('', [])).toBe('An account needs a name.');
    expect(newAccountNameProblem('client a', [])).toMatch(/letters, digits/);
    expect(newAccountNameProblem('Environment', [])).toMatch(/IMAGEKIT_PRIVATE_KEY/);
    expect(newAccountNameProblem('production', ['production'])).toBe(
      'There is already an account named "production".',
    );
  });
});

describe('keySourceText', () => {
  it('says where the key is, never what it is', () => {
    expect(
      keySourceText({ name: 'a', source: 'keychain', isDefault: true }, 'the macOS Keychain'),
    ).toBe('Key in the macOS Keychain');
    expect(
      keySourceText({ name: 'environment', source: 'environment', isDefault: false }, 'x'),
    ).toBe('Key from IMAGEKIT_PRIVATE_KEY (read-only here)');
  });
});
