// The tray menu's update item (bounded as a whole, the version cut at its end): "Restart to update to X.Y.Z" once an update is downloaded (the
// only way one is installed), or, where this installation cannot update itself (a deb, an
// unsigned macOS build), where to download the new version; once every look has failed for a
// day, that it has, opening the log that says why. Nothing otherwise. Pure.
import type { TrayMenuItem } from './tray-menu-items';
import { actionItem } from './tray-menu-items';
import { fitLabel } from './tray-menu-text';
import type { UpdateState } from '../update/update-policy';
import {
  failingDays,
  restartToUpdateTo,
  updatesFailedFor,
  versionIsOut,
} from '../../shared/update';

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
    const label = fitLabel(restartToUpdateTo, [[state.version, 'end']]);
    return [actionItem(label, { type: 'install-update' })];
  }
  if (state?.phase === 'available' && update?.releasePage) {
    return [
      actionItem(
        fitLabel((version) => `${versionIsOut(version)}: download it…`, [[state.version, 'end']]),
        {
          type: 'open-url',
          url: update.releasePage,
        },
      ),
    ];
  }
  const days = failingDays(update?.failingSince, now);
  if (state?.phase === 'failed' && days !== undefined) {
    return [actionItem(`${updatesFailedFor(days)}: open the log…`, { type: 'open-log-folder' })];
  }
  return [];
}
