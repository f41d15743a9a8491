// What the tray shows for a given state: icon, tooltip, macOS title and the menu, as plain
// data (GitHub Desktop style). Pure and tested as data; tray.ts turns it into Electron calls
// and runs the actions. One purge's item: tray-menu-purge.ts; the clipboard's items:
// tray-menu-clipboard.ts; the lines of several accounts: tray-menu-accounts.ts; the update
// item: tray-menu-update.ts; the items themselves: tray-menu-items.ts.
import type { AccountsState, KeyStatus, LoginItemHold, WindowStatus } from '../../shared/ipc';
import type { Settings } from '../../shared/settings';
import type { PurgeRequest } from '../../shared/purge';
import type { DurationSummary } from '../../shared/duration-estimate';
import { capitalized, STATE_WORDS } from '../../shared/state-words';
import { VERSION } from '../../shared/version';
import { APP_NAME } from '../desktop/app-identity';
import { namesAccounts, ownerOf } from '../account-naming';
import type { ClipboardSummary } from './clipboard-summary';
import { accountNotes, authProblemsOf, heldAccounts, keyProblemWords } from './tray-menu-accounts';
import { PASTE_IN_WINDOW, purgeClipboardItems, trackClipboardItem } from './tray-menu-clipboard';
import type { TrayMenuItem } from './tray-menu-items';
import { actionItem, checkboxItem, noteItem, SEPARATOR } from './tray-menu-items';
import { purgeItem } from './tray-menu-purge';
import type { UpdateView } from './tray-menu-update';
import { updateItems } from './tray-menu-update';
import { clip, fitLabel, labelTime, MAX_NOTE, minutesLeft, plural } from './tray-menu-text';
import { TRAY_LOGIN_ITEM_WORDS, TRAY_WORDS } from './tray-words';

export type TrayIconState = 'idle' | 'pending' | 'attention';

export interface TrayState {
  /** Every tracked purge, newest first (as `Tracker.list()` returns them). */
  purges: readonly PurgeRequest[];
  /** The status the window is given: the tracker's, and the files that cannot be saved now. */
  status: WindowStatus;
  settings: Settings;
  /** Where the default account's key comes from; undefined until the keychain has answered. */
  keySource: KeyStatus['source'] | undefined;
  /**
   * The accounts, in lookup order (the default first). With more than one, the menu names each
   * purge's account and each account's problem, and offers purging with another account.
   */
  accounts?: AccountsState;
  clipboard: ClipboardSummary;
  /** Set when the system cannot show notifications, with why. */
  notificationsUnavailable?: string;
  now: number;
  platform: NodeJS.Platform;
  /** How long this account's purges take (absent with too little history). */
  durations?: DurationSummary;
  /** Auto-update's state (absent where this installation never updates). */
  update?: UpdateView;
  /** The tray cannot use the clipboard (Wayland: clipboard-reach.ts); the window can. */
  clipboardOutOfReach?: boolean;
  /** Why the login item, though set, will not start the app (what the system says). */
  loginItemHeld?: LoginItemHold;
}

export interface TrayView {
  icon: TrayIconState;
  tooltip: string;
  /** Text beside the icon in the macOS menu bar: the pending count, or nothing. */
  title: string;
  menu: TrayMenuItem[];
}

/** How many purges the menu lists; the window has the rest. */
export const RECENT_PURGES = 5;
/** Windows truncates tooltips at 127 characters. */
const MAX_TOOLTIP = 127;

export function buildTrayView(state: TrayState): TrayView {
  const pending = state.purges.filter((p) => p.state === 'pending').length;
  const attention = attentionReason(state, pending);
  const icon: TrayIconState = attention ? 'attention' : pending > 0 ? 'pending' : 'idle';
  const counted =
    pending === 0 ? 'no purges pending' : `${pending} ${plural(pending, 'purge')} pending`;
  const tooltip = clip(
    `${APP_NAME} — ${counted}${attention ? ` · ${attention}` : ''}`,
    MAX_TOOLTIP,
  );
  return {
    icon,
    tooltip,
    title: state.platform === 'darwin' && pending > 0 ? String(pending) : '',
    menu: buildMenu(state, pending),
  };
}

/** What needs the user, in a few words (tooltip), or undefined when nothing does. */
function attentionReason(state: TrayState, pending: number): string | undefined {
  const { status } = state;
  const problems = authProblemsOf(status);
  const [first] = problems;
  if (first && namesAccounts(state.accounts, status)) {
    return problems.length === 1
      ? `${first.account}: ${keyProblemWords(first)}`
      : `${problems.length} accounts: private key problems`;
  }
  if (first) return state.keySource === 'none' ? TRAY_WORDS.keyMissing : TRAY_WORDS.keyRefused;
  if (state.keySource === 'none' && pending > 0) return TRAY_WORDS.keyMissing;
  const unsaved = unsavedFile(status);
  if (unsaved) return `cannot save ${unsaved}`;
  for (const ended of ['not_found', 'given_up'] as const) {
    const count = state.purges.filter((p) => p.state === ended).length;
    if (count > 0) return `${count} ${STATE_WORDS[ended]}`;
  }
  return undefined;
}

/**
 * The first of the profile's files that cannot be saved now, in the tooltip's words (the list
 * first: it is lost at quit), or undefined when each is saved. Durations that could not be read
 * at start are not an unsaved file: the menu notes them.
 */
function unsavedFile(status: WindowStatus): string | undefined {
  if (status.storageProblem) return 'the list';
  if (status.settingsProblem) return 'settings';
  if (status.ledgerProblem) return 'purge counts';
  if (status.historyProblem && !status.historyUnread) return 'purge durations';
  return undefined;
}

function buildMenu(state: TrayState, pending: number): TrayMenuItem[] {
  const { settings } = state;
  const several = namesAccounts(state.accounts, state.status);
  const notes = statusNotes(state, pending, several).map(noteItem);
  const polling = pollingBlocked(state, several);
  const accounts = several ? (state.accounts?.accounts ?? []).map((a) => a.name) : [];
  const update = updateItems(state.update, state.now);
  return [
    ...notes,
    ...(notes.length > 0 ? [SEPARATOR] : []),
    ...update,
    ...(update.length > 0 ? [SEPARATOR] : []),
    ...(state.clipboardOutOfReach
      ? [actionItem(PASTE_IN_WINDOW, { type: 'open-paste-box' })]
      : [trackClipboardItem(state.clipboard), ...purgeClipboardItems(state.clipboard, accounts)]),
    SEPARATOR,
    ...recentPurges(state, polling === undefined, several),
    SEPARATOR,
    actionItem(TRAY_WORDS.checkAll, { type: 'check-now' }, pending > 0 && polling === undefined),
    state.status.pausedFor.includes('user')
      ? actionItem(TRAY_WORDS.resume, { type: 'resume-polling' })
      : actionItem(TRAY_WORDS.pause, { type: 'pause-polling' }),
    SEPARATOR,
    checkboxItem('Notifications', settings.notifications, {
      type: 'set-notifications',
      enabled: !settings.notifications,
    }),
    settings.snoozedUntil > state.now
      ? actionItem(
          `Snoozed for ${minutesLeft(settings.snoozedUntil - labelTime(state.now))} — end snooze`,
          { type: 'unsnooze' },
          settings.notifications,
        )
      : actionItem('Snooze notifications for 1 hour', { type: 'snooze' }, settings.notifications),
    SEPARATOR,
    actionItem(`Open ${APP_NAME}…`, { type: 'open-window' }),
    actionItem(keyLabel(state.keySource), { type: 'open-key-settings' }),
    checkboxItem('Launch at login', settings.launchAtLogin, {
      type: 'set-launch-at-login',
      enabled: !settings.launchAtLogin,
    }),
    ...(settings.launchAtLogin && state.loginItemHeld
      ? [noteItem(clip(TRAY_LOGIN_ITEM_WORDS[state.loginItemHeld], MAX_NOTE))]
      : []),
    helpMenu(),
    SEPARATOR,
    actionItem(`Quit ${APP_NAME}`, { type: 'quit' }),
  ];
}

/** What to send with a problem report: the version, and the log folder. */
function helpMenu(): TrayMenuItem {
  return {
    type: 'submenu',
    label: 'Help',
    enabled: true,
    submenu: [
      noteItem(`${APP_NAME} ${VERSION}`),
      actionItem('Open log folder', { type: 'open-log-folder' }),
    ],
  };
}

/**
 * The most recent purges, and a way to the window for the others. With several accounts each
 * names its account, and one whose account holds (key, rate limit) cannot be checked now.
 */
function recentPurges(state: TrayState, polling: boolean, several: boolean): TrayMenuItem[] {
  if (state.purges.length === 0) return [noteItem('No purges tracked yet')];
  const held = several ? heldAccounts(state.status, state.now) : new Set<string>();
  // Waiting for a key: every pending purge with one account and no key, else its account's.
  const keyless = new Set(authProblemsOf(state.status).map((problem) => problem.account));
  const waitsForKey = (owner: string | undefined): boolean =>
    (!several && (state.keySource === 'none' || keyless.size > 0)) ||
    (owner !== undefined && keyless.has(owner));
  const items = state.purges.slice(0, RECENT_PURGES).map((purge) => {
    const owner = ownerOf(purge);
    const canCheck = polling && (owner === undefined || !held.has(owner));
    const onHold = purge.state === 'pending' && waitsForKey(owner);
    const copyHere = !state.clipboardOutOfReach;
    return purgeItem(purge, state.now, canCheck, state.durations, several, onHold, copyHere);
  });
  const more = state.purges.length - RECENT_PURGES;
  if (more > 0) items.push(actionItem(`${more} more in ${APP_NAME}…`, { type: 'open-window' }));
  return items;
}

/** Lines at the top of the menu saying what holds polling back or needs the user. */
function statusNotes(state: TrayState, pending: number, several: boolean): string[] {
  const notes: string[] = [];
  const { status } = state;
  const [problem] = authProblemsOf(status);
  if (several) {
    notes.push(...accountNotes(status, state.now));
  } else if (problem) {
    notes.push(
      state.keySource === 'none'
        ? TRAY_WORDS.noKeyNote
        : fitLabel(
            (message) => `⚠ ${capitalized(TRAY_WORDS.keyRefused)}: ${message}`,
            [[problem.message, 'end']],
          ),
    );
  } else if (state.keySource === 'none' && pending > 0) {
    notes.push(TRAY_WORDS.noKeyNote);
  }
  const blocked = pollingBlocked(state, several);
  if (blocked && (several || !problem)) notes.push(blocked);
  for (const problem of [
    status.storageProblem,
    status.historyProblem,
    status.ledgerProblem,
    status.settingsProblem,
  ]) {
    // Its path cut in the middle: the file name and the error code show.
    if (problem) notes.push(fitLabel((text) => `⚠ ${text}`, [[problem, 'path']]));
  }
  const clashes = state.accounts?.caseClashes ?? [];
  if (clashes.length > 0) {
    const named = clashes.map((group) => group.join(' and ')).join(', ');
    notes.push(
      fitLabel((names) => `⚠ Account names differ only in case: ${names}`, [[named, 'end']]),
    );
  }
  for (const { account } of status.ignoredRateLimits ?? []) {
    notes.push(
      several
        ? fitLabel((name) => `⚠ ${name}: ImageKit's rate-limit headers ignored`, [[account, 'end']])
        : "⚠ ImageKit's rate-limit headers ignored",
    );
  }
  if (state.notificationsUnavailable) {
    notes.push('Notifications cannot be shown here: this menu stays up to date');
  }
  return notes;
}

/**
 * Why polling is not running now, or undefined when it is. With several accounts, only what
 * holds every account (a key problem or a rate limit holds its own account: accountNotes).
 */
function pollingBlocked(state: TrayState, several: boolean): string | undefined {
  const { status } = state;
  if (!several && authProblemsOf(status).length > 0) return TRAY_WORDS.waitsForKey;
  const paused = status.pausedFor;
  if (paused.includes('user')) return TRAY_WORDS.paused;
  if (paused.includes('offline')) return TRAY_WORDS.pausedOffline;
  if (paused.includes('sleep')) return TRAY_WORDS.pausedAsleep;
  if (several) return undefined;
  // The one account's 429 hold.
  const hold = status.rateLimits?.find(({ until }) => until > state.now);
  return hold && `ImageKit rate limit: waiting ${minutesLeft(hold.until - labelTime(state.now))}`;
}

/** Where the default account's key comes from, as the accounts were last read. */
export function defaultKeySource(accounts: AccountsState): KeyStatus['source'] {
  return accounts.accounts[0]?.source ?? 'none';
}

function keyLabel(source: KeyStatus['source'] | undefined): string {
  if (source === 'none') return TRAY_WORDS.keyItemNotSet;
  if (source === 'environment') return TRAY_WORDS.keyItemFromEnvironment;
  return TRAY_WORDS.keyItem;
}
