// Electron 45's user agent on each platform (Chrome's, with Electron's own token): the window
// words and shows some things per platform by it (src/renderer/keyboard.ts: isLinux, isMac).

/** Platforms the app runs on, as Node's process.platform names them. */
export const PLATFORMS = ['linux', 'darwin', 'win32'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const ELECTRON_USER_AGENTS: Record<Platform, string> = {
  linux:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) purge-watch/0 Chrome/140.0.0.0 Electron/45.5.0 Safari/537.36',
  darwin:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) purge-watch/0 Chrome/140.0.0.0 Electron/45.5.0 Safari/537.36',
  win32:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) purge-watch/0 Chrome/140.0.0.0 Electron/45.5.0 Safari/537.36',
};
