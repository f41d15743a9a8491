// The keyboard shortcut that opens the window from any app (Electron's globalShortcut, after
// `ready`). The system may refuse one another app holds: `register` then answers false, and the
// status says "refused". On Linux under Wayland, Electron hands it to the desktop's
// GlobalShortcuts portal, which may ask the user, or ignore it, and the app cannot tell: the
// status says "unconfirmed". A change the system refuses throws, and the shortcut set before
// stays. Unregistered when the app quits. The window reads the status with the settings.
import { globalShortcut } from 'electron';
import { describeAccelerator } from '../../shared/accelerator';
import type { ShortcutStatus } from '../../shared/ipc';

/** The part of Electron's globalShortcut this uses. */
export interface GlobalShortcuts {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

interface OpenShortcutOptions {
  /** The shortcut was pressed: show the window. */
  onPress: () => void;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  shortcuts?: GlobalShortcuts;
}

/** Linux under Wayland, where the desktop's portal decides about global shortcuts. */
function isWayland(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  return platform === 'linux' && env.XDG_SESSION_TYPE === 'wayland';
}

export class OpenShortcut {
  private readonly shortcuts: GlobalShortcuts;
  private readonly platform: NodeJS.Platform;
  private readonly wayland: boolean;
  /** The accelerator registered now, if any. */
  private registered: string | undefined;
  private current: ShortcutStatus = { state: 'off', accelerator: '' };

  constructor(private readonly options: OpenShortcutOptions) {
    this.shortcuts = options.shortcuts ?? globalShortcut;
    this.platform = options.platform ?? process.platform;
    this.wayland = isWayland(this.platform, options.env ?? process.env);
  }

  status(): ShortcutStatus {
    return { ...this.current };
  }

  /** At start: registers the stored shortcut (undefined: off); a refusal is only reported. */
  start(accelerator: string | undefined): void {
    this.show(accelerator === undefined ? this.off() : this.take(accelerator));
  }

  /**
   * Sets another shortcut (undefined: off). Throws when the system refuses it, with the one set
   * before registered again.
   */
  change(accelerator: string | undefined): void {
    const before = this.registered;
    const beforeStatus = this.current;
    this.release();
    if (accelerator === undefined) {
      this.show(this.off());
      return;
    }
    const status = this.take(accelerator);
    if (status.state !== 'refused') {
      this.show(status);
      return;
    }
    if (before !== undefined) this.take(before);
    this.show(beforeStatus);
    const keys = describeAccelerator(accelerator, this.platform === 'darwin');
    throw new Error(
      `The system refused ${keys}: another app may be using it. Choose another shortcut.`,
    );
  }

  /** Lets the shortcut go (the app quits). */
  dispose(): void {
    this.release();
  }

  private take(accelerator: string): ShortcutStatus {
    if (!this.shortcuts.register(accelerator, () => this.options.onPress())) {
      return { state: 'refused', accelerator };
    }
    this.registered = accelerator;
    return { state: this.wayland ? 'unconfirmed' : 'on', accelerator };
  }

  private off(): ShortcutStatus {
    return { state: 'off', accelerator: '' };
  }

  private release(): void {
    if (this.registered !== undefined) this.shortcuts.unregister(this.registered);
    this.registered = undefined;
  }

  private show(status: ShortcutStatus): void {
    this.current = status;
  }
}
