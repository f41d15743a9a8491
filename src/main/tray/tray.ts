// The tray icon and its menu: renders `buildTrayView` through Electron and runs the actions
// the user picks. The menu is set again after every change (Linux's AppIndicator only shows
// a menu given anew) and refreshed before it opens where the platform says so (mouse-enter on
// macOS and Windows); on Linux, which reports nothing, a light poll keeps the clipboard item
// and ages current. Nothing is set when the view did not change. What only the system knows
// (launch at login) is asked before the menu opens (on Linux, every 30 s), never at each rebuild.
import type { MenuItemConstructorOptions, NativeImage } from 'electron';
import { clipboard, Menu, Tray } from 'electron';
import type { Clock, TimerHandle } from '../../core/clock';
import { APP_NAME } from '../desktop/app-identity';
import { trayReachesClipboard } from './clipboard-reach';
import { summarizeClipboard } from './clipboard-summary';
import { loadTrayIcon } from './tray-icons';
import type { TrayIconState, TrayState, TrayView } from './tray-menu';
import type { TrayAction, TrayMenuItem } from './tray-menu-items';
import { buildTrayView } from './tray-menu';

/** How often Linux re-reads the clipboard for the menu (it reports no menu opening). */
export const LINUX_REFRESH_MS = 2_000;
/**
 * How often Linux asks the system of launch at login (`beforeOpen`): a change made in the
 * desktop's startup settings shows in the menu this soon, without the window opening.
 */
export const LINUX_SYSTEM_ASK_MS = 30_000;

interface TrayControllerOptions {
  /** The app's state apart from the clipboard, the time and the platform. */
  state: () => Omit<TrayState, 'clipboard' | 'now' | 'platform'>;
  dispatch: (action: TrayAction) => void;
  /**
   * The menu may be about to open (mouse-enter, on macOS and Windows; every
   * LINUX_SYSTEM_ASK_MS on Linux, which reports nothing): ask the system what the user may have
   * changed in its settings, before the menu is built again.
   */
  beforeOpen?: () => void;
  /** A left click, where the platform reports one (Windows, some Linux trays). */
  onClick: () => void;
  iconDirectories: readonly string[];
  clock: Clock;
  platform?: NodeJS.Platform;
  /** Whether the tray can use the clipboard; by default as clipboard-reach.ts decides. */
  clipboardInReach?: boolean;
  /**
   * `problem` changed: the system would not make the icon or set its menu, or the desktop shows
   * no tray (setHostMissing), or shows one again. The app goes on without the tray (the window
   * and notifications do its work).
   */
  onProblem?: (problem: string | undefined) => void;
}

export class TrayController {
  private readonly tray: Tray | undefined;
  /** Why the tray cannot be used, once it is known. */
  private unavailable: string | undefined;
  /** Why the icon, though made, shows nowhere (tray-host.ts), while that is so. */
  private hostMissing: string | undefined;
  private readonly platform: NodeJS.Platform;
  private readonly clipboardInReach: boolean;
  private readonly icons = new Map<TrayIconState, NativeImage>();
  private shownIcon: TrayIconState = 'idle';
  private shownView = '';
  private lastView: TrayView | undefined;
  private refreshes = 0;
  private timer: TimerHandle | undefined;
  private destroyed = false;

  constructor(private readonly options: TrayControllerOptions) {
    this.platform = options.platform ?? process.platform;
    this.clipboardInReach = options.clipboardInReach ?? trayReachesClipboard(this.platform);
    let tray: Tray | undefined;
    try {
      tray = new Tray(this.icon('idle'));
      tray.setToolTip(APP_NAME);
    } catch (error) {
      tray?.destroy();
      tray = undefined;
      this.giveUp(error);
    }
    this.tray = tray;
    if (!tray) return;
    // On macOS a click opens the menu: the window is one item away ("Open Purge Watch…").
    if (this.platform !== 'darwin') tray.on('click', () => options.onClick());
    tray.on('mouse-enter', () => {
      options.beforeOpen?.();
      void this.refresh();
    });
    void this.refresh();
    if (this.platform === 'linux') this.pollForLinux();
  }

  /**
   * Why the app has no tray icon or menu the user can see (the system refused them, or the
   * desktop shows no tray: setHostMissing), or undefined while it has them.
   */
  get problem(): string | undefined {
    return this.unavailable ?? this.hostMissing;
  }

  /** The desktop shows no tray icon (why), or shows one again (undefined): see tray-host.ts. */
  setHostMissing(reason: string | undefined): void {
    const before = this.problem;
    this.hostMissing = reason === undefined ? undefined : noIconText(reason);
    if (this.problem !== before) this.options.onProblem?.(this.problem);
  }

  /**
   * Re-render from the current state; cheap when nothing changed. `force` sets the menu even
   * then (Electron flips a checkbox on click, before the app has decided). Resolves once rendered.
   */
  async refresh(force = false): Promise<void> {
    if (this.destroyed || !this.tray) return;
    const serial = ++this.refreshes;
    const text = await this.readClipboard();
    // A later refresh started meanwhile: it renders fresher state.
    if (this.destroyed || serial !== this.refreshes) return;
    const base = this.options.state();
    const tracked = new Set(base.purges.map((p) => p.requestId));
    const view = buildTrayView({
      ...base,
      clipboard: summarizeClipboard(text, (id) => tracked.has(id)),
      now: this.options.clock.now(),
      platform: this.platform,
      ...(this.clipboardInReach ? {} : { clipboardOutOfReach: true }),
    });
    if (force) this.shownView = '';
    try {
      this.render(this.tray, view);
    } catch (error) {
      this.destroy();
      this.giveUp(error);
    }
  }

  /** What the tray shows now (undefined before the first render, or once destroyed). */
  get view(): TrayView | undefined {
    return this.destroyed ? undefined : this.lastView;
  }

  destroy(): void {
    this.destroyed = true;
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.tray?.destroy();
  }

  private giveUp(error: unknown): void {
    if (this.unavailable !== undefined) return;
    this.unavailable = noIconText(error instanceof Error ? error.message : String(error));
    this.options.onProblem?.(this.unavailable);
  }

  private render(tray: Tray, view: TrayView): void {
    this.lastView = view;
    const serialized = JSON.stringify(view);
    if (serialized === this.shownView) return;
    this.shownView = serialized;
    const image = this.icon(view.icon);
    if (view.icon !== this.shownIcon) {
      tray.setImage(image);
      this.shownIcon = view.icon;
    }
    tray.setToolTip(view.tooltip);
    if (this.platform === 'darwin') {
      // Without an icon file the title is all that shows in the menu bar: never leave it empty.
      tray.setTitle(view.title || (image.isEmpty() ? 'PW' : ''));
    }
    tray.setContextMenu(Menu.buildFromTemplate(toMenuTemplate(view.menu, this.options.dispatch)));
  }

  private async readClipboard(): Promise<string> {
    // Out of reach, what Electron reads is stale: nothing is read.
    if (!this.clipboardInReach) return '';
    try {
      return await clipboard.readText();
    } catch {
      return ''; // An unreadable clipboard is an empty one.
    }
  }

  private icon(state: TrayIconState): NativeImage {
    let image = this.icons.get(state);
    if (!image) {
      image = loadTrayIcon(state, this.platform, this.options.iconDirectories);
      this.icons.set(state, image);
    }
    return image;
  }

  private pollForLinux(polls = 1): void {
    this.timer = this.options.clock.setTimeout(() => {
      if (polls % Math.round(LINUX_SYSTEM_ASK_MS / LINUX_REFRESH_MS) === 0)
        this.options.beforeOpen?.();
      void this.refresh().finally(() => {
        if (!this.destroyed) this.pollForLinux(polls + 1);
      });
    }, LINUX_REFRESH_MS);
  }
}

function noIconText(reason: string): string {
  return `The system shows no ${APP_NAME} icon in its tray (${reason}).`;
}

/**
 * A label as Electron shows it literally: menus read `&` as a mnemonic marker (Windows and
 * Linux underline the next letter; macOS drops it: FixUpWindowsStyleLabel), `&&` as one `&`.
 */
function literalLabel(label: string): string {
  return label.replace(/&/g, '&&');
}

/** The menu data as Electron's template, each action bound to `dispatch`. */
function toMenuTemplate(
  items: readonly TrayMenuItem[],
  dispatch: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' };
      case 'submenu':
        return {
          type: 'submenu',
          label: literalLabel(item.label),
          enabled: item.enabled,
          submenu: toMenuTemplate(item.submenu, dispatch),
        };
      case 'checkbox':
        return {
          type: 'checkbox',
          label: literalLabel(item.label),
          enabled: item.enabled,
          checked: item.checked,
          click: () => dispatch(item.action),
        };
      case 'normal': {
        const { action } = item;
        return {
          type: 'normal',
          label: literalLabel(item.label),
          enabled: item.enabled,
          ...(action ? { click: () => dispatch(action) } : {}),
        };
      }
    }
  });
}
