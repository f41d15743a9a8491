// When the app says the desktop shows no tray icon (src/main/tray/tray-host.ts): the verdict
// from the bus's answer and the session, and how often it looks, in virtual time.
import { describe, expect, it } from 'vitest';
import type { BusAnswer } from '../../src/main/tray/tray-host';
import {
  LOGIN_GRACE_MS,
  missingTrayHost,
  RECHECK_MS,
  TrayHostWatch,
} from '../../src/main/tray/tray-host';
import { VirtualClock } from '../support/virtual-clock';

describe('no tray host: the verdict', () => {
  const gnomeX11 = { XDG_CURRENT_DESKTOP: 'GNOME', XDG_SESSION_TYPE: 'x11' };
  it('stock GNOME (no watcher) shows no icon, and the message names the extension', () => {
    expect(missingTrayHost('unowned', gnomeX11)).toMatch(/GNOME .*AppIndicator/);
    expect(missingTrayHost('unowned', { XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' })).toMatch(/GNOME/);
  });
  it('any Wayland session without a watcher shows none (no X11 tray to fall back on)', () => {
    expect(
      missingTrayHost('unowned', { XDG_CURRENT_DESKTOP: 'sway', WAYLAND_DISPLAY: 'wayland-1' }),
    ).toBe('this desktop runs no StatusNotifier tray host');
  });
  it('an X11 desktop other than GNOME may show Electron’s X11 tray icon: nothing is said', () => {
    expect(
      missingTrayHost('unowned', { XDG_CURRENT_DESKTOP: 'XFCE', XDG_SESSION_TYPE: 'x11' }),
    ).toBeUndefined();
  });
  it('a watcher, or a bus that could not be asked: nothing is said', () => {
    expect(missingTrayHost('owned', gnomeX11)).toBeUndefined();
    expect(missingTrayHost('unknown', gnomeX11)).toBeUndefined();
  });
});

describe('no tray host: when the app looks', () => {
  function watch(firstAfterMs: number, answers: BusAnswer[]) {
    const clock = new VirtualClock();
    const told: (string | undefined)[] = [];
    let asked = 0;
    const hostWatch = new TrayHostWatch({
      clock,
      firstAfterMs,
      env: { XDG_CURRENT_DESKTOP: 'GNOME' },
      ask: async () => answers[Math.min(asked++, answers.length - 1)]!,
      onChange: (missing) => told.push(missing),
    });
    return { clock, told, asked: () => asked, hostWatch };
  }

  it('a login launch looks only once the panel has had time to start', async () => {
    const { clock, told, asked } = watch(LOGIN_GRACE_MS, ['unowned']);
    await clock.advance(LOGIN_GRACE_MS - 1);
    expect(asked()).toBe(0);
    await clock.advance(1);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/AppIndicator/);
  });

  it('looks again every minute while none is found, and clears the warning once one appears', async () => {
    const { clock, told, asked } = watch(0, ['unowned', 'unowned', 'owned']);
    await clock.advance(0);
    expect(told).toHaveLength(1);
    await clock.advance(RECHECK_MS);
    expect(asked()).toBe(2);
    expect(told).toHaveLength(1); // still missing: not told again
    await clock.advance(RECHECK_MS);
    expect(told).toEqual([told[0], undefined]);
    await clock.advance(RECHECK_MS * 10);
    expect(asked()).toBe(3); // a host found: no more questions
  });

  it('a host at the first look: nothing is said, and nothing more is asked', async () => {
    const { clock, told, asked } = watch(0, ['owned']);
    await clock.advance(RECHECK_MS * 5);
    expect(told).toEqual([]);
    expect(asked()).toBe(1);
  });

  it('stopped at quit: no question after', async () => {
    const { clock, asked, hostWatch } = watch(LOGIN_GRACE_MS, ['unowned']);
    hostWatch.stop();
    await clock.advance(LOGIN_GRACE_MS * 2);
    expect(asked()).toBe(0);
  });
});
