// The window may not go anywhere: every navigation, redirect, new window, <webview> and
// permission request is refused. Only http(s) links leave the app, to the user's browser.
import type { Session, WebContents } from 'electron';
import { shell } from 'electron';

/** Whether `url` may be handed to the user's browser: absolute http(s), nothing else. */
export function isExternalLink(url: string): boolean {
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return false;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}

/** Opens an http(s) link in the user's browser; anything else is refused (false). */
export async function openExternalLink(url: string): Promise<boolean> {
  if (!isExternalLink(url)) return false;
  await shell.openExternal(url);
  return true;
}

/** A link the user clicked in the window: to the browser; one no app can open is dropped. */
function followLink(url: string): void {
  openExternalLink(url).catch(() => undefined);
}

const secured = new WeakSet<WebContents>();

/**
 * Locks a web contents down (once; later calls for the same contents do nothing). A link the user clicks in the UI (a navigation or a new window
 * to an http(s) URL) opens in the browser instead; every other destination is dropped.
 */
export function secureWebContents(contents: WebContents): void {
  if (secured.has(contents)) return;
  secured.add(contents);
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    if (event.isMainFrame) followLink(event.url);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    followLink(url);
    return { action: 'deny' };
  });
}

/** Every permission (camera, notifications, clipboard, geolocation…) is denied to web content. */
export function secureSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
