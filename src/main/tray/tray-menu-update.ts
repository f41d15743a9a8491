// The tray menu's update item: "Restart to update to X.Y.Z" once an update is downloaded (the
// only way one is installed), or, where this installation cannot update itself (a deb, an
// unsigned macOS build), where to download the new version; once every look has failed for a
// day, that it has, opening the log that says why. Nothing otherwise. Pure.
import { APP_NAME } from '../desktop/app-identity';
import type { TrayMenuItem } from './tray-menu-items';
import { actionItem } from './tray-menu-items';
import type { UpdateState } from '../update/update-policy';
import { FAILING_NOTICE_MS } from '../update/update-policy';
import { plural } from './tray-menu-text';

const DAY = 24 * 60 * 60_000;

/** What the tray needs to know of updates: the state, and the release page of the version. */
export interface UpdateView {
  state: UpdateState;
  /** Where a version is downloaded by hand (manual route); undefined when unknown. */
  releasePage?: string;
  /**
   * When the first of the looks that have failed since the last one that worked began; absent
   * when the last look worked, or while "Look for new versions" is off.
   */
  failingSince?: number;
}

export function updateItems(update: UpdateView | undefined, now: number): TrayMenuItem[] {
  const state = update?.state;
  if (state?.phase === 'downloaded') {
    return [actionItem(`Restart to update to ${state.version}`, { type: 'install-update' })];
  }
  if (state?.phase === 'available' && update?.releasePage) {
    return [
      actionItem(`${APP_NAME} ${state.version} is out: download it…`, {
        type: 'open-url',
        url: update.releasePage,
      }),
    ];
  }
  const failing = update?.failingSince === undefined ? 0 : now - update.failingSince;
  if (state?.phase === 'failed' && failing >= FAILING_NOTICE_MS) {
    const days = Math.floor(failing / DAY);
    return [
      actionItem(`Updates have failed for ${days} ${plural(days, 'day')}: open the log…`, {
        type: 'open-log-folder',
      }),
    ];
  }
  return [];
}
