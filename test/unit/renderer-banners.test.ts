// The banners the window shows for states that need the user.
import { describe, expect, it } from 'vitest';
import type { KeyStatus } from '../../src/shared/ipc';
import { keychainErrorFrom } from '../../src/core/accounts/keychain';
import { bannersFor, waitInWords } from '../../src/renderer/banners';

const STORED: KeyStatus = {
  account: 'default',
  source: 'keychain',
  keychain: 'the macOS Keychain',
};
const NONE: KeyStatus = { account: 'default', source: 'none', keychain: 'the macOS Keychain' };
const NOW = 1_700_000_000_000;
const ids = (banners: { id: string }[]) => banners.map((b) => b.id);

describe('bannersFor', () => {
  it('shows nothing when all is well', () => {
    expect(bannersFor({ pausedFor: [] }, STORED, NOW)).toEqual([]);
  });

  it('asks for a key when none is set, once, in one plain sentence', () => {
    const [banner] = bannersFor({ pausedFor: [] }, NONE, NOW);
    expect(banner?.title).toBe('Add your private key to start checking');
    expect(banner?.text).toBe('Find it in the ImageKit dashboard under Developer options.');
    expect(banner?.action).toEqual({ kind: 'set-key', label: 'Set key' });
    // The core's "no key" refusal adds no second banner.
    const refused = bannersFor(
      {
        pausedFor: [],
        authProblems: [
          {
            account: 'default',
            kind: 'auth',
            auth: 'key_missing',
            message: 'No private API key is set.',
          },
        ],
      },
      NONE,
      NOW,
    );
    expect(ids(refused)).toEqual(['no-key']);
    expect(JSON.stringify(refused)).not.toMatch(/IMAGEKIT_PRIVATE_KEY|environment/);
  });

  it('asks to replace a key ImageKit refused; points at the variable only when the key came from it', () => {
    const banners = bannersFor(
      {
        pausedFor: [],
        authProblems: [
          {
            account: 'default',
            kind: 'auth',
            message: 'Your account cannot be authenticated.',
          },
        ],
      },
      STORED,
      NOW,
    );
    expect(ids(banners)).toEqual(['auth']);
    expect(banners[0]?.title).toBe('ImageKit refused the private key');
    expect(banners[0]?.text).toBe(
      'Checking is on hold until you replace it with the right private key.',
    );
    expect(banners[0]?.action?.label).toBe('Replace key');
    const fromEnvironment = bannersFor(
      {
        pausedFor: [],
        authProblems: [{ account: 'default', kind: 'auth', message: 'Unauthorized' }],
      },
      { account: 'default', source: 'environment', keychain: 'the macOS Keychain' },
      NOW,
    );
    expect(fromEnvironment[0]?.text).toMatch(/IMAGEKIT_PRIVATE_KEY environment variable/);
    expect(fromEnvironment[0]?.action).toBeUndefined();
  });

  it("explains a keychain that cannot be used in the core's words, with a way to the settings", () => {
    const { message } = keychainErrorFrom(
      new Error('The name org.freedesktop.secrets was not provided by any .service files'),
      'read',
      'linux',
    );
    const banners = bannersFor({ pausedFor: [] }, { ...NONE, problem: message }, NOW);
    expect(ids(banners)).toEqual(['keychain']);
    expect(banners[0]?.text).toBe(
      'No keychain service is running: install and start gnome-keyring (or KWallet).',
    );
    expect(banners[0]?.action).toEqual({ kind: 'open-settings', label: 'Open settings' });
  });

  it('says where a corrupt store file went, and that saving fails', () => {
    const banners = bannersFor(
      {
        pausedFor: [],
        recoveredStore: { movedTo: '/tmp/purges.corrupt-1.json', reason: 'invalid JSON' },
        storageProblem: 'The disk is full.',
      },
      STORED,
      NOW,
    );
    expect(ids(banners)).toEqual(['recovered-store', 'storage']);
    expect(banners[0]?.text).toMatch(
      /moved aside to \/tmp\/purges\.corrupt-1\.json \(invalid JSON\)/,
    );
  });

  it('says of a list found corrupt after start (it could not be opened then) that the purges tracked meanwhile are kept', () => {
    const recoveredStore = { movedTo: '/p/purges.json.corrupt-1', reason: 'not JSON' };
    const [atStart] = bannersFor({ pausedFor: [], recoveredStore }, STORED, NOW);
    const [late] = bannersFor(
      { pausedFor: [], recoveredStore: { ...recoveredStore, foundLate: true } },
      STORED,
      NOW,
    );
    expect(atStart?.text).toBe(
      'It was moved aside to /p/purges.json.corrupt-1 (not JSON), and Purge Watch started with an empty list.',
    );
    expect(late).toMatchObject({
      id: 'recovered-store',
      title: 'The saved list of purges could not be read',
      text: 'It was moved aside to /p/purges.json.corrupt-1 (not JSON), and the purges tracked since Purge Watch started are kept in a new list.',
      action: { kind: 'dismiss', label: 'Dismiss' },
    });
  });

  it('says when the purge durations cannot be saved (kept, and tried again)', () => {
    const problem = 'The purge durations could not be saved (EACCES).';
    const banners = bannersFor({ pausedFor: [], historyProblem: problem }, STORED, NOW);
    expect(ids(banners)).toEqual(['history']);
    expect(banners[0]?.text).toBe(
      `${problem} They are kept until Purge Watch quits, and saving is tried again.`,
    );
  });

  it("says when this month's purge counts or the settings cannot be saved (kept, and tried again)", () => {
    const ledger = "This month's purge counts could not be saved to /p/purge-ledger.json (ENOSPC).";
    const settings = 'The settings could not be saved to /p/settings.json (EACCES).';
    const banners = bannersFor(
      { pausedFor: [], ledgerProblem: ledger, settingsProblem: settings },
      STORED,
      NOW,
    );
    expect(ids(banners)).toEqual(['ledger', 'settings']);
    expect(banners.map(({ title, text }) => [title, text])).toEqual([
      [
        "This month's purge counts cannot be saved",
        `${ledger} They are kept until Purge Watch quits, and saving is tried again.`,
      ],
      [
        'Settings cannot be saved',
        `${settings} Changes apply until Purge Watch quits, and saving is tried again.`,
      ],
    ]);
  });

  it('says when the system shows no notification, and that purges are still checked', () => {
    const banners = bannersFor(
      { pausedFor: [], notificationsUnavailable: 'This system does not support notifications.' },
      STORED,
      NOW,
    );
    expect(ids(banners)).toEqual(['notifications']);
    expect(banners[0]?.title).toBe('Notifications cannot be shown');
    expect(banners[0]?.text).toBe(
      'This system does not support notifications. Purges are still checked: this list and the tray say when each completes.',
    );
  });

  it('says when the purge durations could not be read at start (read again later), not "saved", and never that they are lost', () => {
    // The app reads them again once it can: what was learned before comes back then.
    const problem =
      'The purge durations could not be read from /p/durations.json (EACCES). They are read again once they can be.';
    const banners = bannersFor(
      { pausedFor: [], historyProblem: problem, historyUnread: true },
      STORED,
      NOW,
    );
    expect(ids(banners)).toEqual(['history']);
    expect(banners[0]?.title).toBe('Purge durations could not be read');
    expect(banners[0]?.text).toBe(
      `${problem} Meanwhile, how long purges take is learned from the next ones.`,
    );
    expect(banners[0]?.text).not.toMatch(/learned again/);
  });

  it('shows a rate-limit hold only while it lasts, and a user pause with a way out', () => {
    const [limited] = bannersFor(
      { pausedFor: [], rateLimits: [{ account: 'default', until: NOW + 5_000 }] },
      STORED,
      NOW,
    );
    expect(limited?.id).toBe('rate-limit');
    expect(limited?.text).toBe('Checks resume in less than a minute.');
    expect(
      bannersFor(
        { pausedFor: [], rateLimits: [{ account: 'default', until: NOW - 1 }] },
        STORED,
        NOW,
      ),
    ).toEqual([]);
    const [paused] = bannersFor({ pausedFor: ['user', 'offline'] }, STORED, NOW);
    expect(paused?.action?.kind).toBe('resume-polling');
  });

  it("says that rate-limit headers were ignored, in the core's words, and may be dismissed", () => {
    const message = 'ImageKit advertised a rate limit of one request every 115d 17h, …';
    const [ignored] = bannersFor(
      { pausedFor: [], ignoredRateLimits: [{ account: 'default', message }] },
      STORED,
      NOW,
    );
    expect(ignored).toMatchObject({
      id: 'ignored-rate-limit',
      tone: 'warning',
      title: "ImageKit's rate-limit headers were ignored",
      text: message,
      action: { kind: 'dismiss' },
    });
  });
});

describe('bannersFor with several accounts', () => {
  const accounts = [
    { name: 'production', source: 'keychain', isDefault: true },
    { name: 'staging', source: 'keychain', isDefault: false },
    { name: 'environment', source: 'environment', isDefault: false },
  ] as const;
  const production: KeyStatus = { ...STORED, account: 'production' };
  const refused = (account: string) => ({
    account,
    kind: 'auth' as const,
    message: 'Your account cannot be authenticated.',
  });

  it("names each account whose key was refused, with that account's action", () => {
    const banners = bannersFor(
      {
        pausedFor: [],
        authProblems: [refused('staging'), refused('environment')],
      },
      production,
      NOW,
      accounts,
    );
    expect(ids(banners)).toEqual(['auth:staging', 'auth:environment']);
    expect(banners[0]?.title).toBe('staging: ImageKit refused the key');
    expect(banners[0]?.action).toEqual({
      kind: 'set-key',
      label: 'Replace key',
      account: 'staging',
    });
    // The environment's key is corrected where it is set: no action here.
    expect(banners[1]?.title).toBe('environment: ImageKit refused the key');
    expect(banners[1]?.text).toMatch(/IMAGEKIT_PRIVATE_KEY environment variable/);
    expect(banners[1]?.action).toBeUndefined();
  });

  it('asks for the key of an account whose purges wait without one', () => {
    const [banner] = bannersFor(
      { pausedFor: [], authProblems: [refused('client-a')] },
      production,
      NOW,
      accounts,
    );
    expect(banner?.title).toBe('client-a: no private key');
    expect(banner?.action).toEqual({ kind: 'set-key', label: 'Add key', account: 'client-a' });
    // With a single account left, another account's held purges are still named.
    const single = bannersFor(
      { pausedFor: [], authProblems: [refused('client-a')] },
      production,
      NOW,
      [accounts[0]],
    );
    expect(ids(single)).toEqual(['no-key:client-a']);
  });

  it('says which account the rate limit holds, and only while it does', () => {
    const banners = bannersFor(
      {
        pausedFor: [],
        rateLimits: [
          { account: 'staging', until: NOW + 90_000 },
          { account: 'production', until: NOW - 1 },
        ],
      },
      production,
      NOW,
      accounts,
    );
    expect(banners.map((b) => [b.id, b.title, b.text])).toEqual([
      [
        'rate-limit:staging',
        "staging: ImageKit's rate limit was reached",
        "Checks of this account's purges resume in 2 min.",
      ],
    ]);
  });
});

describe('waitInWords', () => {
  it('says a wait in minutes, coarse enough to change once a minute', () => {
    expect(waitInWords(59_000)).toBe('in less than a minute');
    expect(waitInWords(60_000)).toBe('in 1 min');
    expect(waitInWords(61_000)).toBe('in 2 min');
    expect(waitInWords(45 * 60_000)).toBe('in 45 min');
    expect(waitInWords(60 * 60_000)).toBe('in about an hour');
    expect(waitInWords(150 * 60_000)).toBe('in about 3 hours');
  });
});
