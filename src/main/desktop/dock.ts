// macOS: Purge Watch is a menu-bar app with no Dock icon (LSUIElement in the packaged
// Info.plist, so none flashes at launch or login); the icon shows while the window is open, so
// the window is in the Dock and Cmd+Tab. Electron ignores `dock.hide()` within a second of a
// previous dock call (electron.d.ts, "Known issue"), which would leave an icon without a window
// after a quick open and close: such a hide waits until a second has passed. Other platforms
// have no Dock: every call does nothing.
import { app } from 'electron';
import type { Clock, TimerHandle } from '../../core/clock';

/** How long after a dock call another hide() is safe (Electron's workaround: 1100 ms or more). */
export const DOCK_SETTLE_MS = 1_100;

export class DockIcon {
  private lastCall = -Infinity;
  private timer: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  show(): void {
    if (this.platform !== 'darwin') return;
    this.cancelHide();
    this.lastCall = this.clock.now();
    void app.dock?.show();
  }

  hide(): void {
    if (this.platform !== 'darwin') return;
    const wait = this.lastCall + DOCK_SETTLE_MS - this.clock.now();
    if (wait > 0) {
      this.timer ??= this.clock.setTimeout(() => {
        this.timer = undefined;
        this.hide();
      }, wait);
      return;
    }
    this.lastCall = this.clock.now();
    app.dock?.hide();
  }

  dispose(): void {
    this.cancelHide();
  }

  private cancelHide(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
