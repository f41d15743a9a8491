// What settings say about an account: a new name's problem, where its key comes from.
import { describe, expect, it } from 'vitest';
import {
  accountsProblemText,
  keySourceText,
  newAccountNameProblem,
} from '../../src/renderer/account-settings';
import { accountNameKey, accountNameProblem, caseClashes } from '../../src/shared/account';

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

  it('takes a name in another case as taken, naming the one there is', () => {
    expect(newAccountNameProblem('Production', ['staging', 'production'])).toBe(
      'There is already an account named "production": names that differ only in case name one account.',
    );
    // The exact name first, when names that clash already exist.
    expect(newAccountNameProblem('staging', ['Staging', 'staging'])).toBe(
      'There is already an account named "staging".',
    );
  });
});

describe('how account names are compared', () => {
  it('folds case the same in every locale: a Turkish dotted or dotless i is no letter of a name', () => {
    // toLocaleLowerCase('tr') would fold "I" to "ı", and "INFRA" would not clash with "infra".
    expect(accountNameKey('INFRA')).toBe('infra');
    expect(accountNameKey('INFRA')).toBe(accountNameKey('infra'));
    expect(accountNameProblem('ınfra')).toMatch(/letters, digits/);
    expect(accountNameProblem('İnfra')).toMatch(/letters, digits/);
  });

  it('groups the names that differ only in case, and says so', () => {
    expect(caseClashes(['a', 'B', 'b', 'c', 'A', 'a'])).toEqual([
      ['a', 'A'],
      ['B', 'b'],
    ]);
    expect(caseClashes(['production', 'staging'])).toEqual([]);
    const state = { accounts: [], problem: 'The keyring is locked.', caseClashes: [['a', 'A']] };
    expect(accountsProblemText(state)).toBe(
      'The keyring is locked. The accounts "a" and "A" have names that differ only in case: Windows Credential Manager keeps one key for such names, and they are easily mixed up. Rename or remove one of each.',
    );
    expect(accountsProblemText({ accounts: [] })).toBe('');
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
