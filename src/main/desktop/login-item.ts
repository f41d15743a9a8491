// Launch at login, off by default. macOS and Windows keep login items themselves
// (app.setLoginItemSettings); Linux desktops start what ~/.config/autostart holds (the XDG
// autostart spec), so there it is a .desktop file Purge Watch writes and deletes. The login
// item starts the app with --hidden (no window; launch-args.ts): on Linux in the entry's Exec,
// on Windows in the login item's arguments. macOS login items take no arguments: there a plain
// launch opens no window (launch-args.ts, plainLaunchShowsWindow), but for a true first run
// (isFirstRun: no key, nothing tracked), which opens it at the key settings.
//
// What the system answers is read back after every change, and shown: a login item can be set
// and still not start the app (turned off in Windows' Task Manager, waiting for approval in
// macOS 13+'s System Settings, disabled in a Linux desktop's startup settings).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { app } from 'electron';
import { makeFolder } from '../../core/storage/make-folder';
import type { LoginItemStatus } from '../../shared/ipc';
import { APP_ID, APP_NAME } from './app-identity';
import { HIDDEN_FLAG } from './launch-args';

export interface LoginItem {
  /**
   * What the system says of the login item, read from it each time (the user may change it in
   * the system's settings). The tray and the window put it in words.
   */
  state(): LoginItemStatus;
  setEnabled(enabled: boolean): void;
}

/**
 * Named as the installed entry (electron-builder.yml's desktopName): GNOME starts an autostart
 * entry under its file's name, and the desktop's portals (the global shortcut's) know the app by
 * it.
 */
const AUTOSTART_FILE = `${APP_ID}.desktop`;
/** The name earlier builds wrote it under: read, moved to AUTOSTART_FILE, deleted when off. */
const EARLIER_AUTOSTART_FILE = 'purge-watch.desktop';

/**
 * Seconds GNOME waits before starting it at login: a tray icon created before the panel's
 * StatusNotifier host exists is never shown (KDE and others start autostart entries after
 * their panel).
 */
const AUTOSTART_DELAY_S = 10;

/** How to start this app: the AppImage when run from one, else the executable (+ app dir in dev). */
export function launchCommand(
  env: NodeJS.ProcessEnv = process.env,
  execPath: string = process.execPath,
  appDirectory: string | undefined = process.defaultApp ? app.getAppPath() : undefined,
): string[] {
  if (env.APPIMAGE) return [env.APPIMAGE];
  return appDirectory ? [execPath, appDirectory] : [execPath];
}

/** ~/.config/autostart/io.purgewatch.app.desktop, or under $XDG_CONFIG_HOME when set (absolute). */
export function autostartPath(
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  const configHome =
    env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME)
      ? env.XDG_CONFIG_HOME
      : path.join(home, '.config');
  return path.join(configHome, 'autostart', AUTOSTART_FILE);
}

/** The autostart .desktop entry that runs `command`. */
export function autostartEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${APP_NAME}`,
    'Comment=Tells you the moment an ImageKit cache purge has finished',
    `Exec=${command.map(quoteExecArgument).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    `X-GNOME-Autostart-Delay=${AUTOSTART_DELAY_S}`,
    '',
  ].join('\n');
}

/**
 * One Exec argument per the Desktop Entry spec: quoted when it holds a reserved character,
 * with `"`, `` ` ``, `$` and `\` escaped inside quotes; `%` doubled (field codes).
 */
export function quoteExecArgument(argument: string): string {
  const percentSafe = argument.replace(/%/g, '%%');
  if (!/[\s"'\\><~|&;$*?#()`]/.test(percentSafe) && percentSafe !== '') return percentSafe;
  // In a .desktop file's value, a backslash is itself escaped once more.
  const quoted = percentSafe.replace(/(["`$\\])/g, '\\$1');
  return `"${quoted.replace(/\\/g, '\\\\')}"`;
}

class SystemLoginItem implements LoginItem {
  private readonly target: { path: string; args: string[] } | undefined;

  constructor(private readonly platform: NodeJS.Platform) {
    // From sources, the login item must start Electron with the app's directory; on Windows it
    // also says it is the login item's launch (macOS login items take no arguments).
    const [executable, ...args] = launchCommand();
    if (platform === 'win32') args.push(HIDDEN_FLAG);
    this.target = args.length > 0 && executable ? { path: executable, args } : undefined;
  }

  state(): LoginItemStatus {
    const answer = app.getLoginItemSettings(this.target ?? {});
    if (this.platform === 'darwin') {
      // macOS 13+ (SMAppService): 'requires-approval' is set, not yet allowed; 'not-found' is
      // not set (macOS could not register the app). Earlier versions answer openAtLogin only.
      if (answer.status === undefined) return { on: answer.openAtLogin };
      if (answer.status === 'requires-approval') return { on: true, held: 'approval' };
      return { on: answer.status === 'enabled' };
    }
    // Windows: the Run value is there, but Task Manager's switch for it may be off.
    if (answer.openAtLogin && answer.executableWillLaunchAtLogin === false) {
      return { on: true, held: 'task-manager' };
    }
    return { on: answer.openAtLogin };
  }

  setEnabled(enabled: boolean): void {
    // On Windows `enabled` (default true) also turns Task Manager's switch back on.
    app.setLoginItemSettings({ openAtLogin: enabled, ...(this.target ?? {}) });
  }
}

export class XdgAutostart implements LoginItem {
  constructor(
    private readonly file: string = autostartPath(),
    private readonly command: readonly string[] = launchCommand(),
  ) {}

  /** Where an earlier version wrote the entry (beside this one, under its old name). */
  private get earlierFile(): string {
    return path.join(path.dirname(this.file), EARLIER_AUTOSTART_FILE);
  }

  /**
   * Set when the file is there; held when the desktop's startup settings turned it off (GNOME
   * writes X-GNOME-Autostart-enabled=false, others Hidden=true, into the file itself). An entry
   * an earlier version wrote under its old name is moved to this one first, as it is (it starts
   * the app at login either way; under this name the desktop knows which app it starts).
   */
  state(): LoginItemStatus {
    if (!fs.existsSync(this.file) && fs.existsSync(this.earlierFile)) {
      try {
        fs.renameSync(this.earlierFile, this.file);
      } catch {
        // Left under its old name: read there.
      }
    }
    let entry: string;
    try {
      entry = fs.readFileSync(fs.existsSync(this.file) ? this.file : this.earlierFile, 'utf8');
    } catch {
      return { on: false };
    }
    const off = /^(?:Hidden=true|X-GNOME-Autostart-enabled=false)\s*$/m.test(entry);
    return off ? { on: true, held: 'desktop' } : { on: true };
  }

  setEnabled(enabled: boolean): void {
    if (!enabled) {
      fs.rmSync(this.file, { force: true });
      fs.rmSync(this.earlierFile, { force: true });
      return;
    }
    makeFolder(path.dirname(this.file));
    const temporary = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, autostartEntry([...this.command, HIDDEN_FLAG]), { mode: 0o644 });
    fs.renameSync(temporary, this.file);
    fs.rmSync(this.earlierFile, { force: true });
  }
}

export function createLoginItem(platform: NodeJS.Platform = process.platform): LoginItem {
  return platform === 'darwin' || platform === 'win32'
    ? new SystemLoginItem(platform)
    : new XdgAutostart();
}
