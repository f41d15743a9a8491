// The tray menu as data: what an item can ask for (`TrayAction`), the items, and their
// constructors. tray.ts turns items into Electron menu items and runs the actions.

export type TrayAction =
  | { type: 'track-clipboard' }
  | { type: 'open-paste-box' }
  /** Without `account`: with the default account. */
  | { type: 'purge-clipboard'; account?: string }
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
  /** Install the downloaded update and restart (app-update.ts). */
  | { type: 'install-update' }
  | { type: 'open-log-folder' }
  | { type: 'quit' };

export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'normal'; label: string; enabled: boolean; action?: TrayAction }
  | { type: 'checkbox'; label: string; enabled: boolean; checked: boolean; action: TrayAction }
  | { type: 'submenu'; label: string; enabled: boolean; submenu: TrayMenuItem[] };

export const SEPARATOR: TrayMenuItem = { type: 'separator' };

/** An item that does `action` when chosen. */
export function actionItem(label: string, action: TrayAction, enabled = true): TrayMenuItem {
  return { type: 'normal', label, enabled, action };
}

/** A line that only says something (disabled, no action). */
export function noteItem(label: string): TrayMenuItem {
  return { type: 'normal', label, enabled: false };
}

/** A checkbox that, when chosen, does `action` (the opposite of `checked`). */
export function checkboxItem(label: string, checked: boolean, action: TrayAction): TrayMenuItem {
  return { type: 'checkbox', label, enabled: true, checked, action };
}
