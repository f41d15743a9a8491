// Who the app is to the operating system. electron-builder.yml's `appId` must equal APP_ID:
// on Windows the AppUserModelID is what notifications are attributed to, and a mismatch
// with the installed shortcut's ID makes Windows drop them silently.

/** The app's ID: Windows AppUserModelID, macOS bundle ID, electron-builder `appId`. */
export const APP_ID = 'io.purgewatch.app';

/** The product name users see (menus, notifications, tooltips). */
export const APP_NAME = 'Purge Watch';

/** `purgewatch://track/<id>` links hand request IDs to the app. */
export const LINK_SCHEME = 'purgewatch';

/** The window's UI is served from `app://purge-watch/`, never from disk paths or the network. */
export const UI_SCHEME = 'app';
export const UI_HOST = 'purge-watch';
const UI_ORIGIN = `${UI_SCHEME}://${UI_HOST}`;
export const UI_ENTRY_URL = `${UI_ORIGIN}/index.html`;
