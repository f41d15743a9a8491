// Whether a Linux desktop shows the tray icon at all. Electron's icon there is a
// StatusNotifierItem, which a panel shows only while it runs a StatusNotifierWatcher on the
// session bus (KDE, Xfce, Cinnamon, waybar, GNOME with the AppIndicator extension); without one
// Electron falls back to an X11 tray icon (XEmbed), which GNOME Shell and every Wayland panel
// lack. Either way Electron reports nothing: the icon is made, its menu set, and nothing shows.
// So the bus is asked, with the desktop's own tools (dbus-send, else gdbus), bounded in time and
// output; where it cannot be asked, the icon is taken to show, as before.
import { execFile } from 'node:child_process';
import type { Clock, TimerHandle } from '../../core/clock';

/** The name a tray host owns on the session bus while it shows StatusNotifierItems. */
export const WATCHER_NAME = 'org.kde.StatusNotifierWatcher';

/** A login launch looks once the panel has had time to start (KDE starts it beside autostart). */
export const LOGIN_GRACE_MS = 15_000;
/** While no host is found, how often to look again (the user may install or enable one). */
export const RECHECK_MS = 60_000;
/** How long one question to the bus may take before it counts as unanswered. */
const ASK_TIMEOUT_MS = 3_000;

/** What the session bus said of a name: owned, not owned, or nothing usable. */
export type BusAnswer = 'owned' | 'unowned' | 'unknown';

type Run = (command: string, args: string[], env: NodeJS.ProcessEnv) => Promise<string>;

const runBounded: Run = (command, args, env) =>
  new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { env, timeout: ASK_TIMEOUT_MS + 1_000, maxBuffer: 4_096, windowsHide: true },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });

/** Asks the session bus whether `name` has an owner: dbus-send, else gdbus, else unknown. */
export async function busNameOwned(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  run: Run = runBounded,
): Promise<BusAnswer> {
  const questions: { command: string; args: string[]; answer: RegExp }[] = [
    {
      command: 'dbus-send',
      args: [
        '--session',
        '--print-reply',
        `--reply-timeout=${ASK_TIMEOUT_MS}`,
        '--dest=org.freedesktop.DBus',
        '/org/freedesktop/DBus',
        'org.freedesktop.DBus.NameHasOwner',
        `string:${name}`,
      ],
      answer: /^\s*boolean (true|false)\s*$/m,
    },
    {
      command: 'gdbus',
      args: [
        'call',
        '--session',
        '--timeout',
        String(ASK_TIMEOUT_MS / 1_000),
        '--dest',
        'org.freedesktop.DBus',
        '--object-path',
        '/org/freedesktop/DBus',
        '--method',
        'org.freedesktop.DBus.NameHasOwner',
        name,
      ],
      answer: /^\((true|false),\)\s*$/,
    },
  ];
  for (const { command, args, answer } of questions) {
    try {
      const said = answer.exec(await run(command, args, env));
      return said?.[1] === 'true' ? 'owned' : said ? 'unowned' : 'unknown';
    } catch (error) {
      // Only a missing tool passes the question on; a bus that did not answer is unknown.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return 'unknown';
    }
  }
  return 'unknown';
}

/**
 * Why no tray icon shows, or undefined when one may: no watcher, on a desktop with no X11 tray
 * for Electron's fallback either (GNOME Shell, any Wayland session). Pure.
 */
export function missingTrayHost(answer: BusAnswer, env: NodeJS.ProcessEnv): string | undefined {
  if (answer !== 'unowned') return undefined;
  const desktops = (env.XDG_CURRENT_DESKTOP ?? '').toUpperCase().split(':');
  if (desktops.includes('GNOME')) {
    return 'GNOME shows tray icons only with the AppIndicator and KStatusNotifierItem Support extension';
  }
  if (env.XDG_SESSION_TYPE === 'wayland' || env.WAYLAND_DISPLAY) {
    return 'this desktop runs no StatusNotifier tray host';
  }
  return undefined;
}

interface TrayHostWatchOptions {
  clock: Clock;
  /** When to look first: at once for a launch that opens the window, later for a login launch. */
  firstAfterMs: number;
  /** Told when the verdict changes: why no icon shows, or undefined once one may. */
  onChange: (missing: string | undefined) => void;
  ask?: () => Promise<BusAnswer>;
  env?: NodeJS.ProcessEnv;
}

/**
 * Looks for a tray host once, then again every minute while none is found, so the window can
 * say why there is no icon, and stop saying it once a host appears.
 */
export class TrayHostWatch {
  private timer: TimerHandle | undefined;
  private missing: string | undefined;
  private stopped = false;

  constructor(private readonly options: TrayHostWatchOptions) {
    this.schedule(options.firstAfterMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
  }

  private schedule(delayMs: number): void {
    this.timer = this.options.clock.setTimeout(() => void this.look(), delayMs);
  }

  private async look(): Promise<void> {
    const env = this.options.env ?? process.env;
    const answer = await (this.options.ask ?? (() => busNameOwned(WATCHER_NAME, env)))();
    if (this.stopped) return;
    const missing = missingTrayHost(answer, env);
    if (missing !== this.missing) {
      this.missing = missing;
      this.options.onChange(missing);
    }
    if (missing !== undefined) this.schedule(RECHECK_MS);
  }
}
