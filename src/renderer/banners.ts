// Banners for states that need the user: no key or a refused one, a keychain that cannot be used,
// a store file that was corrupt and moved aside, a file that cannot be written (the purges, their
// durations, the month's purge counts, the settings), polling on hold.
// With several accounts, a key or rate-limit banner names its account ("staging: ImageKit
// refused the key"), and its action is that account's. `bannersFor` is pure (tested as data);
// `BannerArea` shows its answer.
import type { AccountInfo } from '../shared/account';
import type { KeyStatus, WindowStatus } from '../shared/ipc';
import type { AccountApiError, PauseReason, TrackerStatus } from '../shared/purge';
import { createIcon } from './icons';
import type { IconName } from './icons';
import { focusFallback } from './page-elements';

export type BannerAction = 'set-key' | 'open-settings' | 'resume-polling' | 'dismiss';
type BannerTone = 'error' | 'warning' | 'info';

interface Banner {
  /** Stable per kind of problem: a dismissed banner stays hidden while its text is unchanged. */
  id: string;
  tone: BannerTone;
  title: string;
  text: string;
  /** The account the action is for (a key to replace), when it names one. */
  action?: { kind: BannerAction; label: string; account?: string };
}

/** A wait in words, coarse enough that a banner changes once a minute, not every second. */
export function waitInWords(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  if (ms < 60_000) return 'in less than a minute';
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? 'in about an hour' : `in about ${hours} hours`;
}

/**
 * The banners for this state. `key` is the default account's key; `accounts` the accounts there
 * are: with more than one, key and rate-limit banners name theirs, one banner per account.
 */
export function bannersFor(
  status: WindowStatus,
  key: KeyStatus,
  now: number,
  accounts: readonly AccountInfo[] = [],
): Banner[] {
  const several = accounts.length > 1;
  const problems = status.authProblems ?? [];
  // With one account, its own problem reads as today; another account's (its key deleted, its
  // purges still held) is named.
  const named = several ? problems : problems.filter((p) => p.account !== key.account);
  return [
    ...keychainBanners(key),
    ...(several ? [] : keyBanners(problems, key)),
    ...named.map((problem) => accountKeyBanner(problem, accounts)),
    ...storeBanners(status),
    ...desktopBanners(status),
    ...rateBanners(status, now, several),
    ...ignoredRateBanners(status, several),
    ...pauseBanners(status),
  ];
}

function keychainBanners(key: KeyStatus): Banner[] {
  if (!key.problem) return [];
  return [
    {
      id: 'keychain',
      tone: 'error',
      title: 'The keychain cannot be used',
      // The core's words say what is wrong with the keychain; the button is the window's way on.
      text: key.problem,
      action: { kind: 'open-settings', label: 'Open settings' },
    },
  ];
}

/** The single account's key: none set, or refused. */
function keyBanners(problems: readonly AccountApiError[], key: KeyStatus): Banner[] {
  const problem = problems.find((p) => p.account === key.account);
  if (key.source === 'none' && !key.problem) {
    return [
      {
        id: 'no-key',
        tone: problem ? 'error' : 'warning',
        title: 'Add your private key to start checking',
        text: 'Find it in the ImageKit dashboard under Developer options.',
        action: { kind: 'set-key', label: 'Set key' },
      },
    ];
  }
  if (!problem || key.source === 'none') return [];
  return [
    {
      id: 'auth',
      tone: 'error',
      title: 'ImageKit refused the private key',
      text:
        key.source === 'environment'
          ? 'Checking is on hold. The key comes from the IMAGEKIT_PRIVATE_KEY environment variable: correct it there and restart Purge Watch.'
          : 'Checking is on hold until you replace it with the right private key.',
      ...(key.source === 'environment'
        ? {}
        : { action: { kind: 'set-key', label: 'Replace key' } }),
    },
  ];
}

/** One account's missing or refused key, named: only that account's purges are on hold. */
function accountKeyBanner(problem: AccountApiError, accounts: readonly AccountInfo[]): Banner {
  const { account } = problem;
  const source = accounts.find((info) => info.name === account)?.source;
  if (source === undefined) {
    return {
      id: `no-key:${account}`,
      tone: 'error',
      title: `${account}: no private key`,
      text: "Checking this account's purges is on hold until you add its key.",
      action: { kind: 'set-key', label: 'Add key', account },
    };
  }
  if (source === 'environment') {
    return {
      id: `auth:${account}`,
      tone: 'error',
      title: `${account}: ImageKit refused the key`,
      text: "Checking this account's purges is on hold. Its key comes from the IMAGEKIT_PRIVATE_KEY environment variable: correct it there and restart Purge Watch.",
    };
  }
  return {
    id: `auth:${account}`,
    tone: 'error',
    title: `${account}: ImageKit refused the key`,
    text: "Checking this account's purges is on hold until you replace its key.",
    action: { kind: 'set-key', label: 'Replace key', account },
  };
}

function storeBanners(status: WindowStatus): Banner[] {
  const banners: Banner[] = [];
  if (status.recoveredStore) {
    const { movedTo, reason, kept, foundLate } = status.recoveredStore;
    // Found after start (it could not be opened then), the purges tracked meanwhile are kept.
    const outcome = foundLate
      ? 'the purges tracked since Purge Watch started are kept in a new list'
      : 'Purge Watch started with an empty list';
    banners.push({
      id: 'recovered-store',
      tone: 'warning',
      title:
        kept === undefined
          ? 'The saved list of purges could not be read'
          : 'Some saved purges could not be read',
      text:
        kept === undefined
          ? `It was moved aside to ${movedTo} (${reason}), and ${outcome}.`
          : `They were set aside in ${movedTo} (${reason}).`,
      action: { kind: 'dismiss', label: 'Dismiss' },
    });
  }
  if (status.storageProblem) {
    banners.push({
      id: 'storage',
      tone: 'warning',
      title: 'Purges cannot be saved',
      text: `${status.storageProblem} Tracking goes on, but the list is lost when Purge Watch quits.`,
    });
  }
  if (status.historyProblem) {
    banners.push(
      status.historyUnread
        ? {
            id: 'history',
            tone: 'warning',
            title: 'Purge durations could not be read',
            text: `${status.historyProblem} Meanwhile, how long purges take is learned from the next ones.`,
          }
        : unsavedBanner('history', 'Purge durations', status.historyProblem, 'They are kept'),
    );
  }
  if (status.ledgerProblem) {
    banners.push(
      unsavedBanner('ledger', "This month's purge counts", status.ledgerProblem, 'They are kept'),
    );
  }
  if (status.settingsProblem) {
    banners.push(unsavedBanner('settings', 'Settings', status.settingsProblem, 'Changes apply'));
  }
  return banners;
}

/**
 * A file that cannot be saved now (its problem names it): what holds meanwhile, until quit, and
 * that saving is tried again (the banner goes once it works).
 */
function unsavedBanner(id: string, what: string, problem: string, meanwhile: string): Banner {
  return {
    id,
    tone: 'warning',
    title: `${what} cannot be saved`,
    text: `${problem} ${meanwhile} until Purge Watch quits, and saving is tried again.`,
  };
}

/** The system shows no notification, or no tray icon: the app is reached in fewer places. */
function desktopBanners(status: WindowStatus): Banner[] {
  const banners: Banner[] = [];
  if (status.notificationsUnavailable) {
    banners.push({
      id: 'notifications',
      tone: 'warning',
      title: 'Notifications cannot be shown',
      text: `${status.notificationsUnavailable} Purges are still checked: this list and the tray say when each completes.`,
    });
  }
  if (status.trayUnavailable) {
    banners.push({
      id: 'tray',
      tone: 'warning',
      title: 'No tray icon',
      text: `${status.trayUnavailable} Purges are still checked and notified: launch Purge Watch again to open this window.`,
    });
  }
  return banners;
}

/** Each account a 429 holds, while it does; with several, named: the others' checks go on. */
function rateBanners(status: TrackerStatus, now: number, several: boolean): Banner[] {
  return (status.rateLimits ?? [])
    .filter(({ until }) => until > now)
    .map(({ account, until }) => ({
      id: several ? `rate-limit:${account}` : 'rate-limit',
      tone: 'info',
      title: `${several ? `${account}: ` : ''}ImageKit's rate limit was reached`,
      text: `Checks${several ? " of this account's purges" : ''} resume ${waitInWords(until - now)}.`,
    }));
}

/**
 * Each account whose answers advertise an implausible rate limit (too low or too high): checks go
 * on at their own pace, so it only informs; the core's words say what was ignored.
 */
function ignoredRateBanners(status: TrackerStatus, several: boolean): Banner[] {
  return (status.ignoredRateLimits ?? []).map(({ account, message }) => ({
    id: several ? `ignored-rate-limit:${account}` : 'ignored-rate-limit',
    tone: 'warning',
    title: `${several ? `${account}: ` : ''}ImageKit's rate-limit headers were ignored`,
    text: message,
    action: { kind: 'dismiss', label: 'Dismiss' },
  }));
}

/** What a pause that holds every check says, the user's own first. */
const PAUSE_BANNERS: ReadonlyArray<readonly [PauseReason, Banner]> = [
  [
    'user',
    {
      id: 'paused',
      tone: 'info',
      title: 'Checking is paused',
      text: 'No purge is checked until you resume.',
      action: { kind: 'resume-polling', label: 'Resume checking' },
    },
  ],
  [
    'offline',
    {
      id: 'offline',
      tone: 'info',
      title: 'Offline',
      text: 'Checks resume when the network is back.',
    },
  ],
];

function pauseBanners(status: TrackerStatus): Banner[] {
  const shown = PAUSE_BANNERS.find(([reason]) => status.pausedFor.includes(reason));
  return shown ? [shown[1]] : [];
}

const TONE_ICON: Record<BannerTone, IconName> = { error: 'alert', warning: 'alert', info: 'info' };

/**
 * Shows banners, one line each (the list keeps the window's height): the title, the start of
 * the text, the action. The line is a button that unfolds the whole text; screen readers hear
 * it all. Re-renders only the banners whose words change, so screen readers hear each once and
 * keyboard focus stays where it is; from a banner that goes (dismissed, or its problem over) focus
 * moves to the next banner, else to the list, never back to the page's start.
 */
export class BannerArea {
  private shown = '';
  private readonly dismissed = new Map<string, string>();
  /** The banners unfolded, by id (kept across re-renders). */
  private readonly unfolded = new Set<string>();
  /** Each banner shown, by id: what it says and its element. */
  private elements = new Map<string, { said: string; element: HTMLElement }>();

  constructor(
    private readonly root: HTMLElement,
    private readonly onAction: (action: BannerAction, account?: string) => void,
  ) {
    root.addEventListener('click', (event) => {
      const line = (event.target as Element).closest<HTMLButtonElement>('button.banner-body');
      if (line) {
        this.unfold(line);
        return;
      }
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
      if (!button) return;
      const action = button.dataset.action as BannerAction;
      if (action === 'dismiss') {
        const banner = button.closest<HTMLElement>('.banner');
        if (banner) this.dismiss(banner);
        return;
      }
      this.onAction(action, button.dataset.account);
    });
  }

  show(banners: readonly Banner[]): void {
    const visible = banners.filter((b) => this.dismissed.get(b.id) !== b.text);
    const signature = JSON.stringify(visible);
    if (signature === this.shown) return;
    this.shown = signature;
    const focus = this.focusWithin();
    const shown = visible.map((banner) => {
      const said = JSON.stringify(banner);
      const kept = this.elements.get(banner.id);
      return [
        banner.id,
        { said, element: kept?.said === said ? kept.element : this.render(banner) },
      ] as const;
    });
    this.elements = new Map(shown);
    const wanted = shown.map(([, { element }]) => element);
    // Only what changed leaves the page: a focused banner that stays keeps its focus.
    for (const child of [...this.root.children]) {
      if (!wanted.includes(child as HTMLElement)) child.remove();
    }
    wanted.forEach((element, i) => {
      const there = this.root.children[i] ?? null;
      if (there !== element) this.root.insertBefore(element, there);
    });
    if (focus && !this.root.contains(document.activeElement)) this.refocus(focus);
  }

  private dismiss(banner: HTMLElement): void {
    const id = banner.dataset.id ?? '';
    this.dismissed.set(id, banner.dataset.text ?? '');
    this.elements.delete(id);
    const focus = this.focusWithin();
    banner.remove();
    if (focus) this.refocus(focus);
  }

  /** Where in the banners keyboard focus is: which banner, its action or its line. */
  private focusWithin(): { id: string; index: number; action: boolean } | undefined {
    const active = document.activeElement;
    const banner = active?.closest<HTMLElement>('.banner');
    if (!active || !banner || !this.root.contains(banner)) return undefined;
    return {
      id: banner.dataset.id ?? '',
      index: [...this.root.children].indexOf(banner),
      action: active.matches('[data-action]'),
    };
  }

  /** Focus back on the banner it was on, re-rendered; else on the one now in its place. */
  private refocus({ id, index, action }: { id: string; index: number; action: boolean }): void {
    const same = this.elements.get(id)?.element;
    const target =
      (action ? same?.querySelector<HTMLElement>('[data-action]') : undefined) ??
      same?.querySelector<HTMLElement>('.banner-body') ??
      this.root.children[
        Math.min(index, this.root.children.length - 1)
      ]?.querySelector<HTMLElement>('.banner-body');
    if (target) target.focus();
    else focusFallback();
  }

  private render(banner: Banner): HTMLElement {
    const box = document.createElement('div');
    box.className = `banner banner-${banner.tone}`;
    box.dataset.id = banner.id;
    box.dataset.text = banner.text;
    box.setAttribute('role', banner.tone === 'info' ? 'status' : 'alert');
    const icon = createIcon(TONE_ICON[banner.tone]);
    icon.classList.add('banner-icon');
    const body = document.createElement('button');
    body.type = 'button';
    body.className = 'banner-body';
    const open = this.unfolded.has(banner.id);
    body.setAttribute('aria-expanded', String(open));
    box.classList.toggle('unfolded', open);
    body.title = `${banner.title}: ${banner.text}`;
    const title = document.createElement('strong');
    title.className = 'banner-title';
    title.textContent = banner.title;
    const text = document.createElement('span');
    text.className = 'banner-text';
    text.textContent = banner.text;
    body.append(title, ' ', text);
    box.append(icon, body);
    if (banner.action) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = banner.action.kind === 'dismiss' ? 'button button-quiet' : 'button';
      button.dataset.action = banner.action.kind;
      if (banner.action.account !== undefined) button.dataset.account = banner.action.account;
      button.textContent = banner.action.label;
      box.append(button);
    }
    return box;
  }

  /** Shows a banner's whole text, or folds it back to one line. */
  private unfold(line: HTMLButtonElement): void {
    const banner = line.closest<HTMLElement>('.banner');
    const id = banner?.dataset.id;
    if (!banner || id === undefined) return;
    const open = !this.unfolded.has(id);
    if (open) this.unfolded.add(id);
    else this.unfolded.delete(id);
    line.setAttribute('aria-expanded', String(open));
    banner.classList.toggle('unfolded', open);
  }
}
