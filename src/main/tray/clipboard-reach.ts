// Whether the tray can use the clipboard. In a Wayland session (XWayland included) a program
// reads the clipboard, and writes it, only while one of its windows has the keyboard focus: the
// compositor offers the clipboard to the focused client alone. A tray menu is no window, so
// from the tray Electron reads a stale clipboard and its writes are dropped. There the tray
// sends the user to the window instead (its paste box, a row's Copy button), where both work.
// Pure.

/** False in a Linux Wayland session: the tray then neither reads nor writes the clipboard. */
export function trayReachesClipboard(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (platform !== 'linux') return true;
  return env.XDG_SESSION_TYPE !== 'wayland' && !env.WAYLAND_DISPLAY;
}
