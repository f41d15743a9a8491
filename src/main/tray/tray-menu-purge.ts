// One tracked purge in the tray menu: its line (mark, name, state in a few words) and its
// submenu (details, then what can be done with it). Pure; worded to the minute.
import type { DurationSummary } from '../../shared/duration-estimate';
import { estimatePurge } from '../../shared/duration-estimate';
import type { PurgeRequest } from '../../shared/purge';
import { formatAge, formatDuration } from '../../shared/format';
import { capitalized, STATE_WORDS } from '../../shared/state-words';
import { ownerOf } from '../account-naming';
import { isWildcard } from '../../core/freshness/freshness-check';
import { APP_NAME } from '../desktop/app-identity';
import type { TrayMenuItem } from './tray-menu-items';
import { actionItem, noteItem, SEPARATOR } from './tray-menu-items';
import { clip, fitLabel, labelTime, MAX_NOTE, minutesOf, shortUrl } from './tray-menu-text';
import { TRAY_KIND_WORDS, TRAY_MARKS, TRAY_WORDS } from './tray-words';

/**
 * `canCheck`: checking runs now, so "Check now" can do something. `durations`: how long this
 * account's purges take, for a pending purge's estimate (absent with too little history).
 * `namesAccount`: the user has several accounts, so the line and details name the purge's.
 * `onHold`: a pending purge waiting for its account's private key (no estimate, no check).
 */
export function purgeItem(
  purge: PurgeRequest,
  now: number,
  canCheck: boolean,
  durations?: DurationSummary,
  namesAccount = false,
  onHold = false,
  /** The tray can write the clipboard; else the copy is done in the window (Wayland). */
  copyHere = true,
): TrayMenuItem {
  const owner = ownerOf(purge);
  const shown = purge.url ? shortUrl(purge.url) : purge.requestId;
  const named = namesAccount && owner !== undefined;
  const labelNow = labelTime(now);
  const { requestId } = purge;
  const estimate =
    purge.state === 'pending' && !onHold
      ? estimatePurge(purge.submittedAt, labelNow, durations, 'minute')
      : undefined;
  const lines = detailLines(purge, labelNow);
  if (onHold) lines.splice(1, 0, TRAY_WORDS.heldDetail);
  // "Usually done in 1–3 min" (whole minutes: the menu changes at most once a minute).
  if (estimate) lines.splice(1, 0, capitalized(estimate.text));
  if (namesAccount) {
    lines.unshift(
      owner === undefined
        ? fitLabel(
            (name) => `Account: looking it up (asking ${name})`,
            [[purge.account ?? '', 'end']],
          )
        : fitLabel((name) => `Account ${name}`, [[owner, 'end']]),
    );
  }
  const submenu: TrayMenuItem[] = lines.map(noteItem);
  submenu.push(
    SEPARATOR,
    copyHere
      ? actionItem('Copy request ID', { type: 'copy-id', requestId })
      : actionItem('Copy request ID in the window…', { type: 'open-window', requestId }),
  );
  if (purge.url) {
    // A wildcard purge ("…/images/*") names no page to open.
    submenu.push(
      actionItem('Open URL', { type: 'open-url', url: purge.url }, !isWildcard(purge.url)),
    );
  }
  if (purge.state === 'pending') {
    submenu.push(actionItem('Check now', { type: 'check-now', requestId }, canCheck && !onHold));
  }
  if (purge.state === 'given_up') {
    submenu.push(actionItem(TRAY_WORDS.resumePurge, { type: 'resume-purge', requestId }));
  }
  submenu.push(
    actionItem(`Show in ${APP_NAME}…`, { type: 'open-window', requestId }),
    SEPARATOR,
    actionItem('Remove', { type: 'remove', requestId }),
  );
  const slow = estimate?.slow ? ', longer than usual' : '';
  const kind = onHold ? 'held' : purge.state;
  const state = onHold ? TRAY_KIND_WORDS.held : stateText(purge, labelNow);
  // The mark and the state always show; the account and the URL are cut to fit.
  const line = `${state}${slow}`;
  const label = named
    ? fitLabel(
        (account, what) => `${TRAY_MARKS[kind]} ${account}: ${what} · ${line}`,
        [
          [owner, 'end'],
          [shown, 'middle'],
        ],
      )
    : fitLabel((what) => `${TRAY_MARKS[kind]} ${what} · ${line}`, [[shown, 'middle']]);
  return { type: 'submenu', label, enabled: true, submenu };
}

/** The purge's state in a few words: "pending 2m", "completed in 1m 12s", "not found". */
export function stateText(purge: PurgeRequest, now: number): string {
  switch (purge.state) {
    case 'pending':
      return `${STATE_WORDS.pending} ${minutesOf(now - purge.submittedAt)}`;
    case 'completed':
      return purge.completedAt === undefined
        ? STATE_WORDS.completed
        : `${STATE_WORDS.completed} in ${formatDuration(purge.completedAt - purge.submittedAt)}`;
    case 'not_found':
    case 'given_up':
      return STATE_WORDS[purge.state];
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
  if (purge.state === 'given_up') lines.push(TRAY_WORDS.givenUpDetail);
  if (purge.lastError) lines.push(clip(purge.lastError.message, MAX_NOTE));
  return lines;
}
