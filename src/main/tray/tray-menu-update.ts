// The tray menu's update item: "Restart to update to X.Y.Z" once an update is downloaded (the
// only way one is installed), or, where this installation cannot update itself (a deb, an
// unsigned macOS build), where to download the new version. Nothing otherwise. Pure.
import { APP_NAME } from '../desktop/app-identity';
import type { TrayMenuItem } from './tray-menu-items';
import { actionItem } from './tray-menu-items';
import type { UpdateState } from '../update/update-policy';

/** What the tray needs to know of updates: the state, and the release page of the version. */
export interface UpdateView {
  state: UpdateState;
  /** Where a version is downloaded by hand (manual route); undefined when unknown. */
  releasePage?: string;
}

export function updateItems(update: UpdateView | undefined): TrayMenuItem[] {
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
  return [];
}
