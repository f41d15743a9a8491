// What the tray shows for a given state: icon, tooltip, macOS title and the menu, as plain
// data (GitHub Desktop style). Pure and tested as data; tray.ts turns it into Electron calls
// and runs the actions.
import type { KeyStatus, Settings } from '../shared/ipc';
import type { PurgeRequest, TrackerStatus } from '../shared/purge';
import type { DurationSummary } from '../shared/duration-estimate';
import { estimatePurge } from '../shared/duration-estimate';
import { formatAge, formatDuration } from '../shared/format';
import { APP_NAME } from './app-identity';
import type { ClipboardSummary } from './clipboard-summary';
import { MAX_CLIPBOARD_PURGES } from './clipboard-summary';

export type TrayIconState = 'idle' | 'pending' | 'attention';

export type TrayAction =
  | { type: 'track-clipboard' }
  | { type: 'purge-clipboard' }
  | { type: 'copy-id'; requestId: string }
  | { type: 'open-url'; url: string }
  | { type: 'check-now'; requestId?: string }
  | { type: 'resume-purge'; requestId: string }
  | { type: 'remove'; requestId: string }
  | { type: 'pause-polling' }
  | { type: 'resume-polling' }
  | { type: 'set-notifications'; enabled: boolean }
  | { type: 'snooze' }
  | { type: 'unsnooze' }
  | { type: 'open-window'; requestId?: string }
  | { type: 'open-key-settings' }
  | { type: 'set-launch-at-login'; enabled: boolean }
  | { type: 'quit' };

export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'normal'; label: string; enabled: boolean; action?: TrayAction }
  | { type: 'checkbox'; label: string; enabled: boolean; checked: boolean; action: TrayAction }
  | { type: 'submenu'; label: string; enabled: boolean; submenu: TrayMenuItem[] };

export interface TrayState {
  /** Every tracked purge, newest first (as `Tracker.list()` returns them). */
  purges: readonly PurgeRequest[];
  status: TrackerStatus;
  settings: Settings;
  /** Where the key comes from; undefined until the keychain has answered. */
  keySource: KeyStatus['source'] | undefined;
  clipboard: ClipboardSummary;
  /** Set when the system cannot show notifications, with why. */
  notificationsUnavailable?: string;
  now: number;
  platform: NodeJS.Platform;
  /** How long this account's purges take (absent with too little history). */
  durations?: DurationSummary;
}

export interface TrayView {
  icon: TrayIconState;
  tooltip: string;
  /** Text beside the icon in the macOS menu bar: the pending count, or nothing. */
  title: string;
  menu: TrayMenuItem[];
}

const MINUTE = 60_000;

/**
 * The time labels are worded from: `now` rounded down to the minute, so every label (ages,
 * countdowns) changes at most once a minute and the menu is not set again in between (on
 * Linux an AppIndicator re-lays out the whole menu, collapsing an open submenu).
 */
export function labelTime(now: number): number {
  return Math.floor(now / MINUTE) * MINUTE;
}

/** A span in whole minutes, rounded down ("<1m", "12m", "1h 5m"). */
function minutesOf(ms: number): string {
  return ms < MINUTE ? '<1m' : formatDuration(Math.floor(ms / MINUTE) * MINUTE);
}

/** A countdown in whole minutes, rounded up ("1m" for 12 s, "1h" for 59 m 30 s). */
function minutesLeft(ms: number): string {
  return formatDuration(Math.max(1, Math.ceil(ms / MINUTE)) * MINUTE);
}

/** How many purges the menu lists; the window has the rest. */
export const RECENT_PURGES = 5;
/** Windows truncates tooltips at 127 characters. */
const MAX_TOOLTIP = 127;
const MAX_NOTE = 90;

const MARK: Record<PurgeRequest['state'], string> = {
  pending: '⏳',
  completed: '✓',
  'not-found': '⚠',
  'given-up': '⏸',
};

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
export function attentionReason(state: TrayState, pending: number): string | undefined {
  const { status } = state;
  if (status.authProblem) {
    return state.keySource === 'none' ? 'private key missing' : 'private key rejected';
  }
  if (state.keySource === 'none' && pending > 0) return 'private key missing';
  if (status.storageProblem) return 'cannot save the list';
  const notFound = state.purges.filter((p) => p.state === 'not-found').length;
  if (notFound > 0) return `${notFound} not found`;
  const givenUp = state.purges.filter((p) => p.state === 'given-up').length;
  if (givenUp > 0) return `${givenUp} given up`;
  return undefined;
}

function buildMenu(state: TrayState, pending: number): TrayMenuItem[] {
  const items: TrayMenuItem[] = [];
  const notes = statusNotes(state, pending);
  for (const note of notes) items.push({ type: 'normal', label: note, enabled: false });
  if (notes.length > 0) items.push({ type: 'separator' });

  items.push(trackClipboardItem(state.clipboard));
  const purge = purgeClipboardItem(state.clipboard);
  if (purge) items.push(purge);
  items.push({ type: 'separator' });

  if (state.purges.length === 0) {
    items.push({ type: 'normal', label: 'No purges tracked yet', enabled: false });
  } else {
    for (const purgeRequest of state.purges.slice(0, RECENT_PURGES)) {
      items.push(purgeItem(purgeRequest, state));
    }
    const more = state.purges.length - RECENT_PURGES;
    if (more > 0) {
      items.push({
        type: 'normal',
        label: `${more} more in ${APP_NAME}…`,
        enabled: true,
        action: { type: 'open-window' },
      });
    }
  }
  items.push({ type: 'separator' });

  const polling = pollingBlocked(state);
  items.push({
    type: 'normal',
    label: 'Check all now',
    enabled: pending > 0 && polling === undefined,
    action: { type: 'check-now' },
  });
  const userPaused = state.status.pausedFor.includes('user');
  items.push(
    userPaused
      ? {
          type: 'normal',
          label: 'Resume polling',
          enabled: true,
          action: { type: 'resume-polling' },
        }
      : {
          type: 'normal',
          label: 'Pause polling',
          enabled: true,
          action: { type: 'pause-polling' },
        },
  );
  items.push({ type: 'separator' });

  const { settings } = state;
  items.push({
    type: 'checkbox',
    label: 'Notifications',
    enabled: true,
    checked: settings.notifications,
    action: { type: 'set-notifications', enabled: !settings.notifications },
  });
  const snoozeLeft = settings.snoozedUntil - state.now;
  items.push(
    snoozeLeft > 0
      ? {
          type: 'normal',
          label: `Snoozed for ${minutesLeft(settings.snoozedUntil - labelTime(state.now))} — end snooze`,
          enabled: settings.notifications,
          action: { type: 'unsnooze' },
        }
      : {
          type: 'normal',
          label: 'Snooze notifications for 1 hour',
          enabled: settings.notifications,
          action: { type: 'snooze' },
        },
  );
  items.push({ type: 'separator' });

  items.push({
    type: 'normal',
    label: `Open ${APP_NAME}…`,
    enabled: true,
    action: { type: 'open-window' },
  });
  items.push({
    type: 'normal',
    label: keyLabel(state.keySource),
    enabled: true,
    action: { type: 'open-key-settings' },
  });
  items.push({
    type: 'checkbox',
    label: 'Launch at login',
    enabled: true,
    checked: settings.launchAtLogin,
    action: { type: 'set-launch-at-login', enabled: !settings.launchAtLogin },
  });
  items.push({ type: 'separator' });
  items.push({
    type: 'normal',
    label: `Quit ${APP_NAME}`,
    enabled: true,
    action: { type: 'quit' },
  });
  return items;
}

/** Lines at the top of the menu saying what holds polling back or needs the user. */
function statusNotes(state: TrayState, pending: number): string[] {
  const notes: string[] = [];
  const { status } = state;
  if (status.authProblem) {
    notes.push(
      state.keySource === 'none'
        ? '⚠ No private key: choose "Private key…"'
        : `⚠ Private key refused: ${clip(status.authProblem.message, MAX_NOTE)}`,
    );
  } else if (state.keySource === 'none' && pending > 0) {
    notes.push('⚠ No private key: choose "Private key…"');
  }
  const blocked = pollingBlocked(state);
  if (blocked && !status.authProblem) notes.push(blocked);
  if (status.storageProblem) notes.push(`⚠ ${clip(status.storageProblem, MAX_NOTE)}`);
  if (state.notificationsUnavailable) {
    notes.push('Notifications cannot be shown here: this menu stays up to date');
  }
  return notes;
}

/** Why polling is not running now, or undefined when it is. */
function pollingBlocked(state: TrayState): string | undefined {
  const { status } = state;
  if (status.authProblem) return 'Polling waits for a private key';
  const paused = status.pausedFor;
  if (paused.includes('user')) return 'Polling paused';
  if (paused.includes('offline')) return 'Polling paused: offline';
  if (paused.includes('sleep')) return 'Polling paused: the computer is asleep';
  if (status.rateLimitedUntil !== undefined && status.rateLimitedUntil > state.now) {
    const wait = status.rateLimitedUntil - labelTime(state.now);
    return `ImageKit rate limit: waiting ${minutesLeft(wait)}`;
  }
  return undefined;
}

function trackClipboardItem(clipboard: ClipboardSummary): TrayMenuItem {
  const count = clipboard.newIds.length;
  if (count > 0) {
    const label =
      count === 1 ? 'Track request ID from clipboard' : `Track ${count} request IDs from clipboard`;
    return { type: 'normal', label, enabled: true, action: { type: 'track-clipboard' } };
  }
  let reason = 'no request ID in the clipboard';
  if (clipboard.trackedIds > 0) {
    reason =
      clipboard.trackedIds === 1
        ? 'its request ID is tracked already'
        : `its ${clipboard.trackedIds} request IDs are tracked already`;
  } else if (clipboard.rejectedReason) {
    reason = clip(clipboard.rejectedReason, MAX_NOTE);
  }
  return { type: 'normal', label: `Track request ID from clipboard — ${reason}`, enabled: false };
}

function purgeClipboardItem(clipboard: ClipboardSummary): TrayMenuItem | undefined {
  const count = clipboard.urls.length;
  if (count === 0) return undefined;
  if (count > MAX_CLIPBOARD_PURGES) {
    return {
      type: 'normal',
      label: `Purge URLs from clipboard — ${count} URLs: purge them from the window`,
      enabled: false,
    };
  }
  const label =
    count === 1
      ? `Purge URL from clipboard: ${shortUrl(clipboard.urls[0] ?? '')}`
      : `Purge ${count} URLs from clipboard`;
  return { type: 'normal', label, enabled: true, action: { type: 'purge-clipboard' } };
}

function purgeItem(purge: PurgeRequest, state: TrayState): TrayMenuItem {
  const name = purge.url ? shortUrl(purge.url) : purge.requestId;
  const now = labelTime(state.now);
  const estimate =
    purge.state === 'pending'
      ? estimatePurge(purge.submittedAt, now, state.durations, 'minute')
      : undefined;
  const slow = estimate?.slow ? ', longer than usual' : '';
  const label = `${MARK[purge.state]} ${name} · ${stateText(purge, now)}${slow}`;
  const submenu: TrayMenuItem[] = [];
  const lines = detailLines(purge, now);
  // "Usually done in 1–3 min" (whole minutes: the menu changes at most once a minute).
  if (estimate) lines.splice(1, 0, capitalized(estimate.text));
  for (const line of lines) {
    submenu.push({ type: 'normal', label: line, enabled: false });
  }
  submenu.push({ type: 'separator' });
  submenu.push({
    type: 'normal',
    label: 'Copy request ID',
    enabled: true,
    action: { type: 'copy-id', requestId: purge.requestId },
  });
  if (purge.url) {
    submenu.push({
      type: 'normal',
      label: 'Open URL',
      // A wildcard purge ("…/images/*") names no page to open.
      enabled: !purge.url.endsWith('*'),
      action: { type: 'open-url', url: purge.url },
    });
  }
  if (purge.state === 'pending') {
    submenu.push({
      type: 'normal',
      label: 'Check now',
      enabled: pollingBlocked(state) === undefined,
      action: { type: 'check-now', requestId: purge.requestId },
    });
  }
  if (purge.state === 'given-up') {
    submenu.push({
      type: 'normal',
      label: 'Resume watching',
      enabled: true,
      action: { type: 'resume-purge', requestId: purge.requestId },
    });
  }
  submenu.push({
    type: 'normal',
    label: `Show in ${APP_NAME}…`,
    enabled: true,
    action: { type: 'open-window', requestId: purge.requestId },
  });
  submenu.push({ type: 'separator' });
  submenu.push({
    type: 'normal',
    label: 'Remove',
    enabled: true,
    action: { type: 'remove', requestId: purge.requestId },
  });
  return { type: 'submenu', label, enabled: true, submenu };
}

/** The purge's state in a few words: "pending 2m", "completed in 1m 12s", "not found". */
export function stateText(purge: PurgeRequest, now: number): string {
  switch (purge.state) {
    case 'pending':
      return `pending ${minutesOf(now - purge.submittedAt)}`;
    case 'completed':
      return purge.completedAt === undefined
        ? 'completed'
        : `completed in ${formatDuration(purge.completedAt - purge.submittedAt)}`;
    case 'not-found':
      return 'not found';
    case 'given-up':
      return 'given up';
  }
}

function detailLines(purge: PurgeRequest, now: number): string[] {
  const lines: string[] = [];
  if (purge.url) lines.push(`Request ID ${purge.requestId}`);
  lines.push(`Submitted ${formatAge(purge.submittedAt, now)}`);
  if (purge.state === 'completed' && purge.completedAt !== undefined) {
    lines.push(`Completed ${formatAge(purge.completedAt, now)}`);
  }
  if (purge.state === 'pending') {
    lines.push(
      purge.lastCheckedAt === undefined
        ? 'Not checked yet'
        : // No check count: it would change the menu at every check.
          `Checked ${formatAge(purge.lastCheckedAt, now)}`,
    );
  }
  if (purge.state === 'given-up') lines.push('Still pending when Purge Watch stopped checking');
  if (purge.lastError) lines.push(clip(purge.lastError.message, MAX_NOTE));
  return lines;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function keyLabel(source: KeyStatus['source'] | undefined): string {
  if (source === 'none') return 'Private key… (not set)';
  if (source === 'environment') return 'Private key… (from IMAGEKIT_PRIVATE_KEY)';
  return 'Private key…';
}

/** A URL as a menu shows it: no scheme, the middle elided past 48 characters. */
export function shortUrl(url: string): string {
  const bare = url.replace(/^https?:\/\//i, '');
  if (bare.length <= 48) return bare;
  return `${bare.slice(0, 22)}…${bare.slice(-25)}`;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

function clip(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
