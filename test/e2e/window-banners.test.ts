// Every banner the window can show (src/renderer/banners.ts), each pushed to the built window as
// the main process pushes it (the accounts, the key, the tracker's status, in the core's own
// words), at the default size, at 380 px and at 200 % zoom, in light and dark: axe finds nothing
// serious; folded, each banner is one line whose action button is wholly painted and nothing is
// painted over anything; unfolded, every word of it is painted (a long file path wraps inside the
// window, not past its edge).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keychainErrorFrom } from '../../src/core/accounts/keychain';
import { ignoredRateLimitMessage } from '../../src/core/tracking/request-budget';
import type { AccountInfo } from '../../src/shared/account';
import type { AccountsState, KeyStatus, WindowStatus } from '../../src/shared/ipc';
import type { AppWindow } from './harness';
import {
  WINDOW_SIZES,
  openWindow,
  windowsPerTest,
  seriousAxeViolations,
  sharedBrowser,
  sidewaysOverflow,
  skipBrowserTests,
  takePicture,
} from './harness';
import { cutOff, paintedOverlaps, wordsBroken } from './painted-boxes';

const KEYCHAIN = 'the Secret Service keyring';
const account = (name: string, source: AccountInfo['source'] = 'keychain') => ({
  name,
  source,
  isDefault: false,
});
/** The longest name an account may have (MAX_ACCOUNT_NAME, 40), unbroken. */
const LONG_NAME = 'production-eu-west-images-and-thumbnails';
const ONE = [{ ...account('default'), isDefault: true }];
const SEVERAL = [
  { ...account('production'), isDefault: true },
  account(LONG_NAME),
  account('ci', 'environment'),
];
const refused = (name: string, auth?: 'key_missing') => ({
  account: name,
  kind: 'auth' as const,
  message: 'Your account cannot be authenticated.',
  ...(auth ? { auth } : {}),
});
const MINUTES = 60_000;
/** A profile path with no space to break at, longer than the window is wide at 380 px. */
const UNBROKEN_PATH =
  '/home/someone/.var/app/io.github.purge_watch.PurgeWatch/config/Purge-Watch-Production-Profile/durations.json';

interface BannerState {
  name: string;
  /** The banners' ids it shows, in order. */
  ids: string[];
  accounts?: AccountInfo[];
  key?: Partial<KeyStatus>;
  status: Omit<WindowStatus, 'pausedFor'> & Partial<Pick<WindowStatus, 'pausedFor'>>;
}

const STATES: BannerState[] = [
  { name: 'no key', ids: ['no-key'], accounts: [], key: { source: 'none' }, status: {} },
  { name: 'the key refused', ids: ['auth'], status: { authProblems: [refused('default')] } },
  {
    name: 'the key from the environment refused',
    ids: ['auth'],
    accounts: [{ ...account('default', 'environment'), isDefault: true }],
    key: { source: 'environment' },
    status: { authProblems: [refused('default')] },
  },
  {
    name: 'the keychain cannot be used',
    ids: ['keychain'],
    accounts: [],
    key: {
      source: 'none',
      problem: keychainErrorFrom(
        new Error('The name org.freedesktop.secrets was not provided by any .service files'),
        'read',
        'linux',
      ).message,
    },
    status: {},
  },
  {
    name: 'several accounts: one has no key, one refused, one from the environment refused',
    ids: [`no-key:gone`, `auth:${LONG_NAME}`, 'auth:ci'],
    accounts: SEVERAL,
    status: {
      authProblems: [refused('gone', 'key_missing'), refused(LONG_NAME), refused('ci')],
    },
  },
  {
    name: 'the rate limit reached',
    ids: ['rate-limit'],
    status: { rateLimits: [{ account: 'default', until: Date.now() + 90 * MINUTES }] },
  },
  {
    name: "several accounts: one's rate limit reached",
    ids: [`rate-limit:${LONG_NAME}`],
    accounts: SEVERAL,
    status: { rateLimits: [{ account: LONG_NAME, until: Date.now() + 90 * MINUTES }] },
  },
  {
    name: 'an advertised rate limit too low',
    ids: ['ignored-rate-limit'],
    status: {
      ignoredRateLimits: [
        { account: 'default', message: ignoredRateLimitMessage({ limit: 1, intervalMs: 600_000 }) },
      ],
    },
  },
  {
    name: 'an advertised rate limit too high',
    ids: ['ignored-rate-limit'],
    status: {
      ignoredRateLimits: [
        { account: 'default', message: ignoredRateLimitMessage({ limit: 1e308, intervalMs: 1 }) },
      ],
    },
  },
  {
    name: 'several accounts: advertised rate limits too high and too low',
    ids: [`ignored-rate-limit:${LONG_NAME}`, 'ignored-rate-limit:ci'],
    accounts: SEVERAL,
    status: {
      ignoredRateLimits: [
        {
          account: LONG_NAME,
          message: ignoredRateLimitMessage({ limit: 12_345, intervalMs: 1_000 }),
        },
        { account: 'ci', message: ignoredRateLimitMessage({ limit: 1, intervalMs: 1e300 }) },
      ],
    },
  },
  {
    name: 'the store file moved aside',
    ids: ['recovered-store'],
    status: {
      recoveredStore: {
        movedTo: '/home/someone/.config/Purge Watch/purges.json.corrupt-2026-12-07T17-56-05-123Z',
        reason: 'Unexpected token } in JSON at position 4096',
      },
    },
  },
  {
    name: 'the store file found not JSON after start (it could not be opened then)',
    ids: ['recovered-store'],
    status: {
      recoveredStore: {
        movedTo: `${UNBROKEN_PATH.replace('durations', 'purges')}.corrupt-2026-12-07T17-56-05-123Z`,
        reason: 'Unexpected end of JSON input',
        foundLate: true,
      },
    },
  },
  {
    name: "some of the store's purges set aside",
    ids: ['recovered-store'],
    status: {
      recoveredStore: {
        movedTo: `${UNBROKEN_PATH}.set-aside-1`,
        reason: '3 purges did not hold together',
        kept: 120,
      },
    },
  },
  {
    name: 'the store not writable',
    ids: ['storage'],
    status: {
      storageProblem: `Could not save tracked purges to ${UNBROKEN_PATH.replace('durations', 'purges')}: EACCES: permission denied. They are kept in memory and saving is retried.`,
    },
  },
  {
    name: 'the store file cannot be read',
    ids: ['storage'],
    status: {
      storageProblem: `Could not save tracked purges to ${UNBROKEN_PATH.replace('durations', 'purges')}: it could not be read (EACCES) and is left as it is until it can be read. They are kept in memory and saving is retried.`,
    },
  },
  {
    name: 'the purge durations cannot be saved',
    ids: ['history'],
    status: {
      historyProblem:
        'The purge durations could not be saved to /home/someone/.config/Purge Watch/durations.json (ENOTDIR).',
    },
  },
  {
    name: 'the purge durations cannot be saved to a long unbroken path',
    ids: ['history'],
    status: {
      historyProblem: `The purge durations could not be saved to ${UNBROKEN_PATH} (ENOTDIR).`,
    },
  },
  {
    name: 'the purge durations cannot be read',
    ids: ['history'],
    status: {
      historyProblem: `The purge durations could not be read from ${UNBROKEN_PATH} (EACCES). They are read again once they can be.`,
      historyUnread: true,
    },
  },
  {
    name: "this month's purge counts cannot be saved",
    ids: ['ledger'],
    status: {
      ledgerProblem: `This month's purge counts could not be saved to ${UNBROKEN_PATH.replace('durations', 'purge-ledger')} (ENOSPC).`,
    },
  },
  {
    name: 'the settings cannot be saved',
    ids: ['settings'],
    status: {
      settingsProblem:
        'The settings could not be saved to /home/someone/.config/Purge Watch/settings.json (EACCES).',
    },
  },
  {
    name: 'notifications cannot be shown',
    ids: ['notifications'],
    status: {
      notificationsUnavailable:
        'The system refused to show notifications (DBus.Error.ServiceUnknown: The name org.freedesktop.Notifications was not provided by any .service files).',
    },
  },
  {
    name: 'no tray icon',
    ids: ['tray'],
    status: {
      trayUnavailable:
        'The system shows no Purge Watch icon in its tray (Error: Failed to create tray: no StatusNotifierWatcher).',
    },
  },
  { name: 'checking paused', ids: ['paused'], status: { pausedFor: ['user', 'offline'] } },
  { name: 'offline', ids: ['offline'], status: { pausedFor: ['offline'] } },
];

/** Where users are; `oneLine`: a folded banner is one line there (its action beside it). */
const SIZES = {
  'the default size': { ...WINDOW_SIZES.default, oneLine: true },
  '380 px': { ...WINDOW_SIZES.minimum, oneLine: true },
  '200 % zoom': { ...WINDOW_SIZES.zoom200, oneLine: false },
};

/** Pushes `state` to the window as the main process would, and waits for its banners. */
async function show(page: Page, state: BannerState): Promise<void> {
  const accounts: AccountsState = { accounts: state.accounts ?? ONE };
  const key: KeyStatus = {
    account: 'default',
    source: 'keychain',
    keychain: KEYCHAIN,
    ...state.key,
  };
  const status: WindowStatus = { pausedFor: [], ...state.status };
  for (const [channel, payload] of [
    ['accounts', accounts],
    ['key', key],
    ['status', status],
  ] as const) {
    await page.evaluate(
      ([name, value]) =>
        (window as unknown as { __purgeWatchPush(c: string, p: unknown): void }).__purgeWatchPush(
          name,
          value,
        ),
      [channel, payload] as const,
    );
  }
  await page.waitForFunction(
    (ids) =>
      JSON.stringify(
        [...document.querySelectorAll<HTMLElement>('.banner')].map((b) => b.dataset.id),
      ) === JSON.stringify(ids),
    state.ids,
  );
}

/**
 * What is wrong with how the banners are painted now: something painted over another, a sideways
 * scroll, and what is cut off inside the elements `whole` finds.
 */
async function misfits(page: Page, whole: string): Promise<string[]> {
  const overlaps = (await paintedOverlaps(page, '.banner')).map(
    ({ row, a, b }) => `${row}: ${a} painted over ${b}`,
  );
  const sideways = await sidewaysOverflow(page);
  return [
    ...overlaps,
    ...(await cutOff(page, whole)).map((what) => `cut off: ${what}`),
    ...(sideways > 0 ? [`the page scrolls ${sideways} px sideways`] : []),
  ];
}

/**
 * The folded banners whose line cannot show the first word of their title whole ("Che…") though
 * the banner has room for it: each as its id.
 */
function titlesCutShort(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.banner')].flatMap((banner) => {
      const title = banner.querySelector('.banner-title')!.firstChild!;
      const word = /[^\s-]+-?/.exec(title.textContent ?? '')!;
      const range = document.createRange();
      range.setStart(title, word.index);
      range.setEnd(title, word.index + word[0].length);
      const wordWidth = range.getBoundingClientRect().width;
      const line = banner.querySelector('.banner-body')!.getBoundingClientRect();
      const icon = banner.querySelector('.banner-icon')!.getBoundingClientRect();
      const style = getComputedStyle(banner);
      // What the banner has beside its icon, were the action on a line of its own.
      const room =
        banner.getBoundingClientRect().right -
        parseFloat(style.borderRightWidth) -
        parseFloat(style.paddingRight) -
        icon.right -
        parseFloat(style.columnGap);
      return line.width + 0.5 < Math.min(wordWidth, room) ? [banner.dataset.id ?? ''] : [];
    }),
  );
}

describe.skipIf(skipBrowserTests())('every banner, where users see it', () => {
  const browser = sharedBrowser();

  for (const [sizeName, size] of Object.entries(SIZES)) {
    describe(`at ${sizeName}`, () => {
      let win: AppWindow | undefined;
      beforeAll(async () => {
        const { viewport, deviceScaleFactor } = size;
        win = await openWindow(browser(), { viewport, deviceScaleFactor });
        await win.page.locator('#empty-state').waitFor();
      }, 60_000);
      afterAll(async () => {
        await win?.close();
      });

      it.each(STATES)('$name: axe finds nothing, and every word can be read', async (state) => {
        const { page } = win!;
        await show(page, state);
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          const where = `${state.name}, at ${sizeName}, ${scheme}`;
          expect(await seriousAxeViolations(page), where).toEqual([]);
          // Folded: the first word of the title and the whole action button painted.
          await takePicture(
            page,
            `banners-${state.name}-${sizeName}-${scheme}-folded`.replace(/\W+/g, '-'),
          );
          expect(await titlesCutShort(page), `${where}, folded`).toEqual([]);
          if (size.oneLine) {
            for (const box of await page.locator('.banner').all()) {
              expect((await box.boundingBox())!.height, `${where}, folded`).toBeLessThan(48);
            }
          }
          expect(await misfits(page, '.banner [data-action]'), `${where}, folded`).toEqual([]);
          // Unfolded: every word.
          for (const line of await page.locator('.banner-body').all()) await line.click();
          await takePicture(
            page,
            `banners-${state.name}-${sizeName}-${scheme}`.replace(/\W+/g, '-'),
          );
          expect(await misfits(page, '.banner'), `${where}, unfolded`).toEqual([]);
          expect(await wordsBroken(page, '.banner'), `${where}, unfolded`).toEqual([]);
          for (const line of await page.locator('.banner-body').all()) await line.click();
        }
        await page.emulateMedia({ colorScheme: 'light' });
        expect(win!.pageErrors).toEqual([]);
      });
    });
  }
});

/** Where keyboard focus is, in words: a banner's control ("auth: Replace key"), else an id. */
function focusedControl(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    const banner = element?.closest<HTMLElement>('.banner');
    if (banner && element) {
      const what = element.classList.contains('banner-body') ? 'line' : element.textContent;
      return `${banner.dataset.id}: ${what}`;
    }
    return element?.id || (element?.tagName.toLowerCase() ?? '');
  });
}

describe.skipIf(skipBrowserTests())('keyboard focus on a banner', () => {
  const windows = windowsPerTest();
  const refusedAndHeld = (minutes: number): BannerState => ({
    name: 'the key refused, the rate limit reached',
    ids: ['auth', 'rate-limit'],
    status: {
      authProblems: [refused('default')],
      rateLimits: [{ account: 'default', until: Date.now() + minutes * MINUTES }],
    },
  });

  it("stays on a banner's button while another banner's words change (a wait counting down)", async () => {
    const { page } = await windows.open(WINDOW_SIZES.default);
    await show(page, refusedAndHeld(10));
    await page.getByRole('button', { name: 'Replace key' }).focus();
    await show(page, refusedAndHeld(5));
    await page.locator('.banner', { hasText: 'resume in 5 min' }).waitFor();
    expect(await focusedControl(page)).toBe('auth: Replace key');
  });

  it('moves from a dismissed banner to the next one, then to the list', async () => {
    const { page } = await windows.open(WINDOW_SIZES.default);
    await show(page, {
      name: 'two banners to dismiss',
      ids: ['recovered-store', 'ignored-rate-limit'],
      status: {
        recoveredStore: { movedTo: '/tmp/purges.json.corrupt-1', reason: 'invalid JSON' },
        ignoredRateLimits: [
          { account: 'default', message: ignoredRateLimitMessage({ limit: 1, intervalMs: 1e6 }) },
        ],
      },
    });
    await page.getByRole('button', { name: 'Dismiss' }).first().focus();
    await page.keyboard.press('Enter');
    expect(await focusedControl(page)).toBe('ignored-rate-limit: line');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.locator('.banner').count()).toBe(0);
    expect(await focusedControl(page)).toBe('purge-list-section');
  });

  it('moves from a banner that went away (the pause ended) to the list, not to the page', async () => {
    const { page } = await windows.open(WINDOW_SIZES.default);
    await show(
      page,
      STATES.find((state) => state.name === 'checking paused')!,
    );
    await page.getByRole('button', { name: 'Resume checking' }).focus();
    await page.keyboard.press('Enter');
    await show(page, { name: 'checking', ids: [], status: {} });
    expect(await focusedControl(page)).toBe('purge-list-section');
  });

  it('returns from settings opened by "Replace key" to the list when the banner went away meanwhile', async () => {
    const { page } = await windows.open(WINDOW_SIZES.default);
    await show(
      page,
      STATES.find((state) => state.name === 'the key refused')!,
    );
    await page.getByRole('button', { name: 'Replace key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.waitFor();
    await show(page, { name: 'the key replaced', ids: [], status: {} });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => focusedControl(page)).toBe('purge-list-section');
  });
});
