// Where the built app's parts are, relative to the main bundle (dist/main/index.js).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from 'electron';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The preload bundle (CommonJS, as sandboxed preloads must be). */
export const PRELOAD_PATH = path.join(here, '..', 'preload', 'index.cjs');

/** The window's UI: the only directory app:// serves. */
export const RENDERER_DIR = path.join(here, '..', 'renderer');

/**
 * Where tray icons are looked up: beside the packaged app's resources (packaging copies
 * build/tray there), then build/tray in the app directory (running from sources).
 */
export function trayIconDirectories(): string[] {
  const directories = [path.join(app.getAppPath(), 'build', 'tray')];
  if (app.isPackaged && process.resourcesPath) {
    directories.unshift(path.join(process.resourcesPath, 'tray'));
  }
  return directories;
}
