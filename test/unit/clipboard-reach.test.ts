// Where the tray can use the clipboard: not in a Linux Wayland session, where an app without a
// focused window reads a stale clipboard and its writes are dropped.
import { describe, expect, it } from 'vitest';
import { trayReachesClipboard } from '../../src/main/tray/clipboard-reach';

describe('trayReachesClipboard', () => {
  it('is false in a Wayland session (by its session type or its display), true elsewhere', () => {
    expect(trayReachesClipboard('linux', { XDG_SESSION_TYPE: 'wayland' })).toBe(false);
    expect(trayReachesClipboard('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(false);
    expect(trayReachesClipboard('linux', { XDG_SESSION_TYPE: 'x11', DISPLAY: ':0' })).toBe(true);
    expect(trayReachesClipboard('linux', { XDG_SESSION_TYPE: 'x11', WAYLAND_DISPLAY: '' })).toBe(
      true,
    );
    for (const platform of ['darwin', 'win32'] as const) {
      expect(trayReachesClipboard(platform, { WAYLAND_DISPLAY: 'wayland-0' })).toBe(true);
    }
  });
});
