// The tray menu builder, tested as data: for each state, the icon, tooltip, macOS title and
// the menu's items.
import { describe, expect, it } from 'vitest';
import { EMPTY_CLIPBOARD, summarizeClipboard } from '../../src/main/tray/clipboard-summary';
import type { TrayState } from '../../src/main/tray/tray-menu';
import type { TrayMenuItem } from '../../src/main/tray/tray-menu-items';
import { buildTrayView, RECENT_PURGES } from '../../src/main/tray/tray-menu';
import { MAX_NOTE, shortUrl } from '../../src/main/tray/tray-menu-text';
import { trackClipboardItem } from '../../src/main/tray/tray-menu-clipboard';
import type { PurgeRequest } from '../../src/shared/purge';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { summarizeDurations } from '../../src/shared/duration-estimate';
import { DurationHistory } from '../../src/core/storage/duration-history';
import { VirtualClock } from '../support/virtual-clock';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const MIN = 60_000;
const id = (n: number) => `5f2b6c1e9a8d7c6b5a4f${n.toString(16).padStart(4, '0')}`;

function purge(
  n: number,
  state: PurgeRequest['state'],
  extra: Partial<PurgeRequest> = {},
): PurgeRequest {
  return {
    requestId: id(n),
    state,
    status: state === 'completed' ? 'Completed' : 'Pending',
    submittedAt: NOW - 5 * MIN,
    addedAt: NOW - n * MIN,
    checks: 2,
    ...extra,
  };
}

function state(overrides: Partial<TrayState> = {}): TrayState {
  return {
    purges: [],
    status: { pausedFor: [] },
    settings: { ...DEFAULT_SETTINGS, notifications: true, snoozedUntil: 0, launchAtLogin: false },
    keySource: 'keychain',
    clipboard: EMPTY_CLIPBOARD,
    now: NOW,
    platform: 'linux',
    ...overrides,
  };
}

const labels = (items: TrayMenuItem[]) =>
  items.map((item) => (item.type === 'separator' ? '---' : item.label));
const find = (items: TrayMenuItem[], start: string) => {
  const item = items.find((i) => i.type !== 'separator' && i.label.startsWith(start));
  if (!item || item.type === 'separator')
    throw new Error(`no item "${start}" in ${labels(items).join(' | ')}`);
  return item;
};

describe('tray view: icon, tooltip, title', () => {
  it('idle: nothing pending, nothing wrong', () => {
    const view = buildTrayView(
      state({ purges: [purge(1, 'completed', { completedAt: NOW - MIN })] }),
    );
    expect(view.icon).toBe('idle');
    expect(view.tooltip).toBe('Purge Watch — no purges pending');
    expect(view.title).toBe('');
  });

  it('pending: the count in the tooltip, and beside the icon on macOS only', () => {
    const purges = [purge(1, 'pending'), purge(2, 'pending'), purge(3, 'completed')];
    expect(buildTrayView(state({ purges }))).toMatchObject({
      icon: 'pending',
      tooltip: 'Purge Watch — 2 purges pending',
      title: '',
    });
    expect(buildTrayView(state({ purges, platform: 'darwin' })).title).toBe('2');
    expect(buildTrayView(state({ purges: [purge(1, 'pending')] })).tooltip).toBe(
      'Purge Watch — 1 purge pending',
    );
  });

  it('attention: a missing key, a refused key, a purge not found or given up', () => {
    const pending = [purge(1, 'pending')];
    const missing = buildTrayView(state({ purges: pending, keySource: 'none' }));
    expect(missing.icon).toBe('attention');
    expect(missing.tooltip).toBe('Purge Watch — 1 purge pending · private key missing');
    expect(labels(missing.menu)[0]).toBe('⚠ No private key: choose "Private key…"');

    const refused = buildTrayView(
      state({
        purges: pending,
        status: {
          pausedFor: [],
          authProblems: [
            {
              account: 'default',
              kind: 'auth',
              message: 'Your account cannot be authenticated.',
              httpStatus: 401,
            },
          ],
        },
      }),
    );
    expect(refused.icon).toBe('attention');
    expect(refused.tooltip).toContain('private key refused');
    expect(labels(refused.menu)[0]).toBe(
      '⚠ Private key refused: Your account cannot be authenticated.',
    );
    expect(find(refused.menu, 'Check all now').enabled).toBe(false);

    const notFound = buildTrayView(state({ purges: [purge(1, 'not_found')] }));
    expect(notFound).toMatchObject({
      icon: 'attention',
      tooltip: 'Purge Watch — no purges pending · 1 not found',
    });
    expect(buildTrayView(state({ purges: [purge(1, 'given_up')] })).icon).toBe('attention');
  });

  it('a missing key with nothing pending is not (yet) worth the attention icon', () => {
    expect(buildTrayView(state({ keySource: 'none' })).icon).toBe('idle');
  });

  it('notes in the menu that the purge durations cannot be saved', () => {
    const view = buildTrayView(
      state({
        status: {
          pausedFor: [],
          historyProblem: 'The purge durations could not be saved (EACCES).',
        },
      }),
    );
    expect(labels(view.menu)).toContain('⚠ The purge durations could not be saved (EACCES).');
  });

  it('says in the menu and the tooltip which file cannot be saved, the tracked list first', () => {
    const view = (status: Partial<TrayState['status']>) =>
      buildTrayView(state({ status: { pausedFor: [], ...status } }));
    const settings = view({ settingsProblem: 'The settings could not be saved (ENOSPC).' });
    expect(settings).toMatchObject({
      icon: 'attention',
      tooltip: 'Purge Watch — no purges pending · cannot save settings',
    });
    expect(labels(settings.menu)[0]).toBe('⚠ The settings could not be saved (ENOSPC).');
    const ledger = view({
      ledgerProblem: "This month's purge counts could not be saved (EACCES).",
    });
    expect(ledger.tooltip).toBe('Purge Watch — no purges pending · cannot save purge counts');
    expect(labels(ledger.menu)[0]).toBe("⚠ This month's purge counts could not be saved (EACCES).");
    expect(view({ historyProblem: 'x' }).tooltip).toContain('cannot save purge durations');
    // Durations not read at start are not unsaved: the menu notes them, the icon stays calm.
    expect(view({ historyProblem: 'x', historyUnread: true })).toMatchObject({
      icon: 'idle',
      tooltip: 'Purge Watch — no purges pending',
    });
    const all = view({
      storageProblem: 'a',
      historyProblem: 'b',
      ledgerProblem: 'c',
      settingsProblem: 'd',
    });
    expect(all.tooltip).toContain('cannot save the list');
    expect(labels(all.menu).slice(0, 4)).toEqual(['⚠ a', '⚠ b', '⚠ c', '⚠ d']);
  });

  it('keeps the tooltip within Windows’ 127 characters', () => {
    const view = buildTrayView(
      state({
        purges: [purge(1, 'pending')],
        status: { pausedFor: [], storageProblem: 'x'.repeat(300) },
      }),
    );
    expect(view.tooltip.length).toBeLessThanOrEqual(127);
  });
});

describe('tray menu', () => {
  it('has every command, in order, for an empty list', () => {
    expect(labels(buildTrayView(state()).menu)).toEqual([
      'Track request ID from clipboard — no request ID in the clipboard',
      '---',
      'No purges tracked yet',
      '---',
      'Check all now',
      'Pause checking',
      '---',
      'Notifications',
      'Snooze notifications for 1 hour',
      '---',
      'Open Purge Watch…',
      'Private key…',
      'Launch at login',
      'Help',
      '---',
      'Quit Purge Watch',
    ]);
    const menu = buildTrayView(state()).menu;
    // Help: what to send with a problem report, the version and the log.
    const help = find(menu, 'Help');
    expect(help.type === 'submenu' && labels(help.submenu)).toEqual([
      'Purge Watch dev',
      'Open log folder',
    ]);
    expect(help.type === 'submenu' && find(help.submenu, 'Open log folder')).toMatchObject({
      enabled: true,
      action: { type: 'open-log-folder' },
    });
    expect(find(menu, 'Track request ID').enabled).toBe(false);
    expect(find(menu, 'Check all now').enabled).toBe(false);
    expect(find(menu, 'Quit')).toMatchObject({ enabled: true, action: { type: 'quit' } });
    expect(find(menu, 'Open Purge Watch')).toMatchObject({ action: { type: 'open-window' } });
    expect(find(menu, 'Private key')).toMatchObject({ action: { type: 'open-key-settings' } });
  });

  it('tracks from the clipboard: says how many IDs, or why not', () => {
    const one = summarizeClipboard(`{"requestId": "${id(9)}"}`, () => false);
    expect(find(buildTrayView(state({ clipboard: one })).menu, 'Track')).toMatchObject({
      label: 'Track request ID from clipboard',
      enabled: true,
      action: { type: 'track-clipboard' },
    });
    const three = summarizeClipboard(`${id(7)}\n${id(8)}\n${id(9)}`, () => false);
    expect(find(buildTrayView(state({ clipboard: three })).menu, 'Track').label).toBe(
      'Track 3 request IDs from clipboard',
    );
    const tracked = summarizeClipboard(id(1), () => true);
    expect(find(buildTrayView(state({ clipboard: tracked })).menu, 'Track')).toMatchObject({
      label: 'Track request ID from clipboard — its request ID is tracked already',
      enabled: false,
    });
    const botched = summarizeClipboard('5f2b6c1e9a8d7c6b5a4f3e2', () => false);
    expect(find(buildTrayView(state({ clipboard: botched })).menu, 'Track')).toMatchObject({
      label: 'Track request ID from clipboard — 23 characters; a request ID has 24 hex characters',
      enabled: false,
    });
  });

  it('never shows a key from the clipboard', () => {
    const key = summarizeClipboard('private_AbCdEf0123456789+/=', () => false);
    const shown = JSON.stringify(buildTrayView(state({ clipboard: key })));
    expect(shown).not.toContain('AbCdEf0123456789');
    expect(find(buildTrayView(state({ clipboard: key })).menu, 'Track').label).toContain(
      'looks like a private API key',
    );
  });

  it('offers "Purge URL from clipboard" only when the clipboard holds http(s) URLs', () => {
    const url = summarizeClipboard('https://cdn.example.com/img/hero.jpg\n', () => false);
    expect(find(buildTrayView(state({ clipboard: url })).menu, 'Purge URL')).toMatchObject({
      label: 'Purge URL from clipboard: cdn.example.com/img/hero.jpg',
      enabled: true,
      action: { type: 'purge-clipboard' },
    });
    const two = summarizeClipboard('https://a.example/1.jpg https://a.example/2.jpg', () => false);
    expect(find(buildTrayView(state({ clipboard: two })).menu, 'Purge 2').label).toBe(
      'Purge 2 URLs from clipboard',
    );
    for (const text of ['see https://a.example/1.jpg for details', 'ftp://a.example/x', 'hello']) {
      const menu = buildTrayView(state({ clipboard: summarizeClipboard(text, () => false) })).menu;
      expect(
        labels(menu).some((l) => l.startsWith('Purge')),
        text,
      ).toBe(false);
    }
    const many = summarizeClipboard(
      Array.from({ length: 21 }, (_, i) => `https://a.example/${i}.jpg`).join('\n'),
      () => false,
    );
    expect(find(buildTrayView(state({ clipboard: many })).menu, 'Purge URLs')).toMatchObject({
      enabled: false,
    });
  });

  it(`lists the ${RECENT_PURGES} most recent purges with status and age, then "N more"`, () => {
    const purges = [
      purge(1, 'pending', {
        url: 'https://cdn.example.com/a.jpg',
        lastCheckedAt: NOW - 30_000,
        checks: 3,
      }),
      purge(2, 'completed', { completedAt: NOW - 5 * MIN + 72_000 }),
      purge(3, 'not_found', {
        lastError: { kind: 'not_found', message: 'No request found for this requestId.', at: NOW },
      }),
      purge(4, 'given_up'),
      purge(5, 'pending'),
      purge(6, 'pending'),
      purge(7, 'pending'),
    ];
    const menu = buildTrayView(state({ purges })).menu;
    const listed = menu.filter((i) => i.type === 'submenu' && i.label !== 'Help');
    expect(labels(listed)).toEqual([
      '⏳ cdn.example.com/a.jpg · pending 5m',
      `✓ ${id(2)} · completed in 1m 12s`,
      `⚠ ${id(3)} · not found`,
      `⏹ ${id(4)} · given up`,
      `⏳ ${id(5)} · pending 5m`,
    ]);
    expect(find(menu, '2 more')).toMatchObject({
      label: '2 more in Purge Watch…',
      action: { type: 'open-window' },
    });
    expect(find(menu, 'Check all now')).toMatchObject({
      enabled: true,
      action: { type: 'check-now' },
    });
  });

  it("shows a pending purge's usual range in whole minutes, and when it is taking longer", () => {
    const durations = summarizeDurations([3, 3.5, 4, 4.5, 5, 5.5, 6].map((m) => m * MIN));
    const pending = purge(1, 'pending', { submittedAt: NOW - 2 * MIN - 40_000 });
    const [item] = buildTrayView(state({ purges: [pending], durations })).menu.filter(
      (i) => i.type === 'submenu',
    );
    if (item?.type !== 'submenu') throw new Error('no submenu');
    expect(item.label).toBe(`⏳ ${id(1)} · pending 2m`);
    expect(labels(item.submenu).slice(0, 2)).toEqual([
      'Submitted 2m ago',
      'Usually done in 3–6 min',
    ]);
    const late = purge(1, 'pending', { submittedAt: NOW - 7 * MIN });
    const [slow] = buildTrayView(state({ purges: [late], durations })).menu.filter(
      (i) => i.type === 'submenu',
    );
    expect(slow?.label).toBe(`⏳ ${id(1)} · pending 7m, longer than usual`);
    // Fewer than 5 completions: nothing.
    const few = summarizeDurations([3, 3.5, 4, 4.5].map((m) => m * MIN));
    const [quiet] = buildTrayView(state({ purges: [late], durations: few })).menu.filter(
      (i) => i.type === 'submenu',
    );
    expect(quiet?.label).toBe(`⏳ ${id(1)} · pending 7m`);
  });

  it('gives each purge copy ID, open URL, check now, remove (and resume when given up)', () => {
    const pending = purge(1, 'pending', {
      url: 'https://cdn.example.com/a.jpg',
      lastCheckedAt: NOW - 2 * MIN,
    });
    const [item] = buildTrayView(state({ purges: [pending] })).menu.filter(
      (i) => i.type === 'submenu',
    );
    if (item?.type !== 'submenu') throw new Error('no submenu');
    expect(labels(item.submenu)).toEqual([
      `Request ID ${id(1)}`,
      'Submitted 5m ago',
      'Checked 2m ago',
      '---',
      'Copy request ID',
      'Open URL',
      'Check now',
      'Show in Purge Watch…',
      '---',
      'Remove',
    ]);
    expect(
      item.submenu
        .filter((i) => i.type === 'normal' && i.action)
        .map((i) => i.type === 'normal' && i.action),
    ).toEqual([
      { type: 'copy-id', requestId: id(1) },
      { type: 'open-url', url: 'https://cdn.example.com/a.jpg' },
      { type: 'check-now', requestId: id(1) },
      { type: 'open-window', requestId: id(1) },
      { type: 'remove', requestId: id(1) },
    ]);

    const [givenUp] = buildTrayView(state({ purges: [purge(2, 'given_up')] })).menu.filter(
      (i) => i.type === 'submenu',
    );
    if (givenUp?.type !== 'submenu') throw new Error('no submenu');
    expect(labels(givenUp.submenu)).toContain('Resume checking');
    expect(labels(givenUp.submenu)).not.toContain('Check now');
    expect(labels(givenUp.submenu)).not.toContain('Open URL');
  });

  it('pause and resume polling; says what else holds it', () => {
    const pending = [purge(1, 'pending')];
    const paused = buildTrayView(state({ purges: pending, status: { pausedFor: ['user'] } })).menu;
    expect(find(paused, 'Resume checking')).toMatchObject({ action: { type: 'resume-polling' } });
    expect(labels(paused)[0]).toBe('Checking paused');
    expect(find(paused, 'Check all now').enabled).toBe(false);

    const offline = buildTrayView(
      state({ purges: pending, status: { pausedFor: ['offline'] } }),
    ).menu;
    expect(labels(offline)[0]).toBe('Checking paused: offline');
    expect(find(offline, 'Pause checking')).toMatchObject({ action: { type: 'pause-polling' } });

    const asleep = buildTrayView(state({ purges: pending, status: { pausedFor: ['sleep'] } })).menu;
    expect(labels(asleep)[0]).toBe('Checking paused: the computer is asleep');

    const limited = buildTrayView(
      state({
        purges: pending,
        status: { pausedFor: [], rateLimits: [{ account: 'default', until: NOW + 12_000 }] },
      }),
    ).menu;
    expect(labels(limited)[0]).toBe('ImageKit rate limit: waiting 1m');
  });

  it("says when ImageKit's rate-limit headers are ignored as implausible", () => {
    const view = buildTrayView(
      state({
        purges: [purge(1, 'pending')],
        status: {
          pausedFor: [],
          ignoredRateLimits: [{ account: 'default', message: 'ImageKit advertised …' }],
        },
      }),
    );
    expect(labels(view.menu)[0]).toBe("⚠ ImageKit's rate-limit headers ignored");
  });

  it('notifications on/off and snooze for 1 hour', () => {
    const on = buildTrayView(state()).menu;
    expect(find(on, 'Notifications')).toMatchObject({
      type: 'checkbox',
      checked: true,
      action: { type: 'set-notifications', enabled: false },
    });
    expect(find(on, 'Snooze')).toMatchObject({ enabled: true, action: { type: 'snooze' } });

    const snoozed = buildTrayView(
      state({
        settings: {
          ...DEFAULT_SETTINGS,
          notifications: true,
          snoozedUntil: NOW + 42 * MIN,
          launchAtLogin: false,
        },
      }),
    ).menu;
    expect(find(snoozed, 'Snoozed')).toMatchObject({
      label: 'Snoozed for 42m — end snooze',
      action: { type: 'unsnooze' },
    });

    const off = buildTrayView(
      state({
        settings: {
          ...DEFAULT_SETTINGS,
          notifications: false,
          snoozedUntil: 0,
          launchAtLogin: true,
        },
      }),
    ).menu;
    expect(find(off, 'Notifications')).toMatchObject({
      checked: false,
      action: { type: 'set-notifications', enabled: true },
    });
    expect(find(off, 'Snooze').enabled).toBe(false);
    expect(find(off, 'Launch at login')).toMatchObject({
      checked: true,
      action: { type: 'set-launch-at-login', enabled: false },
    });
    // Set, but the system will not start it: what the system says, under the checkbox.
    const held = buildTrayView(
      state({
        settings: { ...DEFAULT_SETTINGS, launchAtLogin: true },
        loginItemHeld: 'task-manager',
      }),
    ).menu;
    const at = labels(held).indexOf('Launch at login');
    expect(held[at + 1]).toEqual({
      type: 'normal',
      label: 'Off in Task Manager › Startup apps: Windows will not start it',
      enabled: false,
    });
  });

  it('says when notifications cannot be shown, so the menu is the place to look', () => {
    const menu = buildTrayView(state({ notificationsUnavailable: 'refused' })).menu;
    expect(labels(menu)[0]).toBe('Notifications cannot be shown here: this menu stays up to date');
  });

  it('says where the key comes from', () => {
    expect(find(buildTrayView(state({ keySource: 'none' })).menu, 'Private key').label).toBe(
      'Private key… (not set)',
    );
    expect(find(buildTrayView(state({ keySource: 'environment' })).menu, 'Private key').label).toBe(
      'Private key… (from IMAGEKIT_PRIVATE_KEY)',
    );
  });

  it('shortens long URLs in the middle', () => {
    const long = `https://cdn.example.com/${'deep/'.repeat(12)}final-image.jpg`;
    const short = shortUrl(long);
    expect(short.length).toBeLessThanOrEqual(48);
    expect(short.startsWith('cdn.example.com/')).toBe(true);
    expect(short.endsWith('final-image.jpg')).toBe(true);
  });
});

describe('tray menu with several accounts', () => {
  const accounts = (...names: string[]): TrayState['accounts'] => ({
    accounts: names.map((name, i) => ({ name, source: 'keychain', isDefault: i === 0 })),
  });
  const refused = (account: string, httpStatus?: number) => ({
    account,
    kind: 'auth' as const,
    message: httpStatus ? 'Your account cannot be authenticated.' : 'No private API key is set.',
    ...(httpStatus
      ? { auth: 'key_refused' as const, httpStatus }
      : { auth: 'key_missing' as const }),
  });
  /** The purges' submenus (not Help's). */
  const submenus = (menu: TrayMenuItem[]) =>
    menu.filter(
      (i): i is Extract<TrayMenuItem, { type: 'submenu' }> =>
        i.type === 'submenu' && i.label !== 'Help',
    );

  it('with one account, nothing names it', () => {
    const purges = [purge(1, 'pending', { account: 'production' })];
    const one = buildTrayView(state({ purges, accounts: accounts('production') }));
    expect(one).toEqual(buildTrayView(state({ purges })));
    expect(JSON.stringify(one)).not.toContain('production');
  });

  it('each recent purge names its account; one still being looked up says whom it asks', () => {
    const purges = [
      purge(1, 'pending', { account: 'staging', url: 'https://cdn.example.com/a.jpg' }),
      purge(2, 'completed', { account: 'production', completedAt: NOW - 5 * MIN + 72_000 }),
      purge(3, 'pending', { account: 'staging', accountLookup: true }),
    ];
    const menu = buildTrayView(state({ purges, accounts: accounts('production', 'staging') })).menu;
    const listed = submenus(menu);
    expect(labels(listed)).toEqual([
      '⏳ staging: cdn.example.com/a.jpg · pending 5m',
      `✓ production: ${id(2)} · completed in 1m 12s`,
      `⏳ ${id(3)} · pending 5m`,
    ]);
    expect(labels(listed[0]!.submenu)[0]).toBe('Account staging');
    expect(labels(listed[2]!.submenu)[0]).toBe('Account: looking it up (asking staging)');
  });

  it('a refused key names its account, holds only its purges, and the others stay checkable', () => {
    const purges = [
      purge(1, 'pending', { account: 'client-a' }),
      purge(2, 'pending', { account: 'production' }),
    ];
    const problem = refused('client-a', 403);
    const view = buildTrayView(
      state({
        purges,
        accounts: accounts('production', 'client-a'),
        status: { pausedFor: [], authProblems: [problem] },
      }),
    );
    expect(view.icon).toBe('attention');
    expect(view.tooltip).toBe('Purge Watch — 2 purges pending · client-a: private key refused');
    expect(labels(view.menu)[0]).toBe(
      '⚠ client-a: private key refused: Your account cannot be authenticated.',
    );
    expect(labels(view.menu)).not.toContain('Checking waits for a private key');
    expect(find(view.menu, 'Check all now').enabled).toBe(true);
    const checkNow = (item: TrayMenuItem | undefined) =>
      item?.type === 'submenu' ? find(item.submenu, 'Check now').enabled : undefined;
    const [clientA, production] = submenus(view.menu);
    expect(checkNow(clientA)).toBe(false);
    expect(checkNow(production)).toBe(true);
  });

  it('a missing key and a rate limit each name their account; two key problems are counted', () => {
    const staging = refused('staging');
    const clientA = refused('client-a', 401);
    const view = buildTrayView(
      state({
        purges: [purge(1, 'pending', { account: 'production' })],
        accounts: accounts('production', 'staging'),
        status: {
          pausedFor: [],
          authProblems: [staging, clientA],
          rateLimits: [{ account: 'production', until: NOW + 150_000 }],
        },
      }),
    );
    expect(labels(view.menu).slice(0, 3)).toEqual([
      '⚠ staging: private key missing',
      '⚠ client-a: private key refused: Your account cannot be authenticated.',
      'production: ImageKit rate limit, waiting 3m',
    ]);
    expect(view.tooltip).toContain('2 accounts: private key problems');
    const [item] = submenus(view.menu);
    expect(item?.type === 'submenu' && find(item.submenu, 'Check now').enabled).toBe(false);
  });

  it('says which account names differ only in case, in the status lines', () => {
    const view = buildTrayView(
      state({
        purges: [purge(1, 'pending', { account: 'staging' })],
        accounts: {
          accounts: accounts('production', 'staging', 'Staging')!.accounts,
          caseClashes: [['staging', 'Staging']],
        },
      }),
    );
    expect(labels(view.menu)[0]).toBe('⚠ Account names differ only in case: staging and Staging');
  });

  it('a purge whose account was removed names it even with one account left', () => {
    const gone = refused('staging');
    const view = buildTrayView(
      state({
        purges: [purge(1, 'pending', { account: 'staging' })],
        accounts: accounts('production'),
        status: { pausedFor: [], authProblems: [gone] },
      }),
    );
    expect(labels(view.menu)[0]).toBe('⚠ staging: private key missing');
    // Its purge waits for that key: on hold, as the window says it.
    expect(labels(submenus(view.menu))).toEqual([`⏸ staging: ${id(1)} · on hold`]);
  });

  it('a purge waiting for its key is on hold, as in the window: its own mark, no estimate, nothing to check', () => {
    const problem = {
      ...refused('default', 403),
      message: 'Your account cannot be authenticated.',
    };
    const view = buildTrayView(
      state({
        purges: [purge(1, 'pending'), purge(2, 'completed', { completedAt: NOW - MIN })],
        status: { pausedFor: [], authProblems: [problem] },
        durations: summarizeDurations([60_000, 90_000, 120_000, 150_000, 180_000]),
      }),
    );
    const [held, done] = submenus(view.menu);
    expect(held?.label).toBe(`⏸ ${id(1)} · on hold`);
    expect(done?.label).toMatch(/^✓ /);
    expect(held?.type === 'submenu' && labels(held.submenu)).toContain(
      'Waiting for its private key',
    );
    expect(held?.type === 'submenu' && labels(held.submenu).join('\n')).not.toMatch(/usually/i);
    expect(held?.type === 'submenu' && find(held.submenu, 'Check now').enabled).toBe(false);
  });

  it('purges the clipboard with the default account, or another from a submenu', () => {
    const url = summarizeClipboard('https://cdn.example.com/img/hero.jpg', () => false);
    const menu = buildTrayView(
      state({ clipboard: url, accounts: accounts('production', 'staging', 'client-a') }),
    ).menu;
    expect(find(menu, 'Purge URL from clipboard with production')).toMatchObject({
      label: 'Purge URL from clipboard with production: cdn.example.com/img/hero.jpg',
      action: { type: 'purge-clipboard' },
    });
    const other = find(menu, 'Purge URL from clipboard with…');
    if (other.type !== 'submenu') throw new Error('no submenu of accounts');
    expect(other.submenu).toEqual([
      {
        type: 'normal',
        label: 'staging',
        enabled: true,
        action: { type: 'purge-clipboard', account: 'staging' },
      },
      {
        type: 'normal',
        label: 'client-a',
        enabled: true,
        action: { type: 'purge-clipboard', account: 'client-a' },
      },
    ]);
    const two = summarizeClipboard('https://a.example/1.jpg https://a.example/2.jpg', () => false);
    const menuOfTwo = buildTrayView(
      state({ clipboard: two, accounts: accounts('production', 'staging') }),
    ).menu;
    expect(labels(menuOfTwo).filter((l) => l.startsWith('Purge'))).toEqual([
      'Purge 2 URLs from clipboard with production',
      'Purge 2 URLs from clipboard with…',
    ]);
  });
});

describe('the update item', () => {
  it('heads the menu, under the status lines, once an update is downloaded; absent otherwise', () => {
    const downloaded = buildTrayView(
      state({
        status: { ...state().status, pausedFor: ['user'] },
        update: { state: { phase: 'downloaded', version: '1.2.0' } },
      }),
    ).menu;
    expect(labels(downloaded).slice(0, 4)).toEqual([
      'Checking paused',
      '---',
      'Restart to update to 1.2.0',
      '---',
    ]);
    expect(find(downloaded, 'Restart to update')).toMatchObject({
      enabled: true,
      action: { type: 'install-update' },
    });
    const downloading = buildTrayView(
      state({ update: { state: { phase: 'downloading', version: '1.2.0' } } }),
    ).menu;
    expect(labels(downloading).some((label) => /update|1\.2\.0/i.test(label))).toBe(false);
  });
});

describe('every tray label is bounded as a whole', () => {
  const LONG_HOME = `/home/${'a-very-long-user-name-'.repeat(8)}x/.config/Purge Watch`;
  const WIN_HOME = `C:\\Users\\${'Someone With A Long Name '.repeat(5).trim()}\\AppData\\Roaming\\Purge Watch`;
  const VERSION_64 = `1.0.0-${'b'.repeat(58)}`;
  const NAME_40 = `client-${'n'.repeat(33)}`;
  const SERVER = `Your account cannot be authenticated: ${'because '.repeat(30)}. (HTTP 401)`;

  /** Every label of the menu, its submenus' too. */
  const allLabels = (items: TrayMenuItem[]): string[] =>
    items.flatMap((item) =>
      item.type === 'separator'
        ? []
        : [item.label, ...(item.type === 'submenu' ? allLabels(item.submenu) : [])],
    );

  it('a "cannot save" line keeps its file name and error code, however long the home path', () => {
    const status = (home: string, sep: string) => ({
      pausedFor: [],
      storageProblem: `Could not save tracked purges to ${home}${sep}purges.json: EACCES. They are kept in memory and saving is retried.`,
      historyProblem: `The purge durations could not be saved to ${home}${sep}durations.json (ENOSPC).`,
      ledgerProblem: `This month's purge counts could not be saved to ${home}${sep}purge-ledger.json (EROFS).`,
      settingsProblem: `The settings could not be saved to ${home}${sep}settings.json (EPERM).`,
    });
    for (const [home, sep] of [
      [LONG_HOME, '/'],
      [WIN_HOME, '\\'],
    ] as const) {
      const notes = labels(buildTrayView(state({ status: status(home, sep) })).menu).slice(0, 4);
      for (const note of notes) expect(note.length, note).toBeLessThanOrEqual(MAX_NOTE);
      expect(notes[0]).toMatch(
        /^⚠ Could not save tracked purges to .+…[/\\]purges\.json: EACCES\.$/,
      );
      expect(notes[1]).toMatch(
        /^⚠ The purge durations could not be saved to .+…[/\\]durations\.json \(ENOSPC\)\.$/,
      );
      expect(notes[2]).toMatch(
        /^⚠ This month's purge counts could not be saved to .+…[/\\]purge-ledger\.json \(EROFS\)\.$/,
      );
      expect(notes[3]).toMatch(
        /^⚠ The settings could not be saved to .+…[/\\]settings\.json \(EPERM\)\.$/,
      );
      // As much of the path's start as fits.
      expect(
        notes[3]!.startsWith(`⚠ The settings could not be saved to ${home.slice(0, 20)}`),
      ).toBe(true);
    }
    // A short path: the whole problem, every sentence of it.
    const short = 'Could not save tracked purges to /tmp/p/purges.json: EACCES. Kept in memory.';
    const [note] = labels(
      buildTrayView(state({ status: { pausedFor: [], storageProblem: short } })).menu,
    );
    expect(note).toBe(`⚠ ${short}`);
  });

  it("durations the app could not read keep, in the menu, their file name and error code (the window's further sentence is left out)", () => {
    const history = new DurationHistory({
      clock: new VirtualClock(),
      file: {
        path: `${LONG_HOME}/durations.json`,
        read: () => {
          throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        },
        update: () => {
          throw new Error('not written here');
        },
      },
      rereadUnreadable: true,
    });
    const status = { pausedFor: [], historyProblem: history.problem, historyUnread: true as const };
    const [note] = labels(buildTrayView(state({ status })).menu);
    history.close();
    expect(note).toMatch(
      /^⚠ The purge durations could not be read from .+…\/durations\.json \(EACCES\)\.$/,
    );
  });

  it('"Purge Watch X is out: download it…" and "Restart to update to X" keep their words with the longest version', () => {
    const out = buildTrayView(
      state({
        update: {
          state: { phase: 'available', version: VERSION_64 },
          releasePage: 'https://github.com/o/r/releases',
        },
      }),
    ).menu;
    const [label] = labels(out);
    expect(label!.length).toBeLessThanOrEqual(MAX_NOTE);
    expect(label).toMatch(/^Purge Watch 1\.0\.0-b+… is out: download it…$/);
    const restart = labels(
      buildTrayView(
        state({
          update: { state: { phase: 'downloaded', version: `${VERSION_64}${'c'.repeat(80)}` } },
        }),
      ).menu,
    )[0];
    expect(restart!.length).toBeLessThanOrEqual(MAX_NOTE);
    expect(restart).toMatch(/^Restart to update to 1\.0\.0-b+c+…$/);
  });

  it('with the longest account names, URLs and server messages, no label is longer, and the fixed words stay', () => {
    const accounts: TrayState['accounts'] = {
      accounts: [NAME_40, `${NAME_40.slice(0, 39)}2`].map((name, i) => ({
        name,
        source: 'keychain',
        isDefault: i === 0,
      })),
      caseClashes: [[NAME_40, NAME_40.toUpperCase()]],
    };
    const url = `https://cdn.example.com/${'deep/'.repeat(30)}final-image.jpg`;
    const menu = buildTrayView(
      state({
        purges: [
          purge(1, 'pending', {
            account: NAME_40,
            url,
            lastError: { at: NOW, kind: 'transient', message: SERVER },
          }),
          purge(2, 'pending', { account: NAME_40, accountLookup: true }),
        ],
        accounts,
        status: {
          pausedFor: [],
          authProblems: [{ account: NAME_40, kind: 'auth', auth: 'key_refused', message: SERVER }],
          rateLimits: [{ account: `${NAME_40.slice(0, 39)}2`, until: NOW + 5 * MIN }],
          ignoredRateLimits: [{ account: NAME_40, message: 'X-RateLimit-Limit: -1' }],
        },
        clipboard: summarizeClipboard(`${url}\n`, () => false),
      }),
    ).menu;
    for (const label of allLabels(menu)) expect(label.length, label).toBeLessThanOrEqual(MAX_NOTE);
    const all = allLabels(menu);
    expect(all).toContainEqual(
      expect.stringMatching(/^⚠ client-n+…?: private key refused: Your account/),
    );
    expect(all).toContainEqual(
      expect.stringMatching(/^client-n+2: ImageKit rate limit, waiting 5m$/),
    );
    expect(all).toContainEqual(
      expect.stringMatching(/^⚠ client-n+…?: ImageKit's rate-limit headers ignored$/),
    );
    expect(all).toContainEqual(
      expect.stringMatching(/^⚠ Account names differ only in case: client/),
    );
    expect(all).toContainEqual(
      expect.stringMatching(/^⏸ client-n+…?: cdn\.example\.com\/.*….*final-image\.jpg · on hold$/),
    );
    expect(all).toContainEqual(
      expect.stringMatching(
        /^Purge URL from clipboard with client-n+…?: cdn\.example\.co.*….*image\.jpg$/,
      ),
    );
    // One account: the key refused, the server's words cut at their end.
    const one = buildTrayView(
      state({
        status: {
          pausedFor: [],
          authProblems: [
            { account: 'default', kind: 'auth', auth: 'key_refused', message: SERVER },
          ],
        },
      }),
    ).menu;
    const [refused] = labels(one);
    expect(refused!.length).toBeLessThanOrEqual(MAX_NOTE);
    expect(refused).toMatch(
      /^⚠ Private key refused: Your account cannot be authenticated: because .*…$/,
    );
  });

  it('a clipboard whose text is refused for a long reason: the item still starts with its words', () => {
    const item = trackClipboardItem({ ...EMPTY_CLIPBOARD, rejectedReason: SERVER });
    expect(item.type === 'normal' && item.label.length).toBeLessThanOrEqual(MAX_NOTE);
    expect(item.type === 'normal' && item.label).toMatch(
      /^Track request ID from clipboard — Your account/,
    );
  });
});
