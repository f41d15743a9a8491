// A window onto the running main process for the real-Electron tier (test/electron), which
// drives the app with Playwright's `electronApp.evaluate` (code run in this process's global
// scope): what the tray shows, the notifications shown and what became of them, the errors
// nothing handled, and picking a tray item as a click would. Electron has no API to list trays
// or notifications, hence this.
//
// Why it is safe: it exists only when PURGE_WATCH_AUTOMATION=1 AND the app runs unpackaged
// (`electron .` from sources); a packaged app never sets it (app.isPackaged), and its fuses turn
// off --inspect and ELECTRON_RUN_AS_NODE, so nothing outside could evaluate code in it anyway.
// It reads only what the tray and notifications already show the user (never the key), and its
// one action is a tray item's. Watching errors uses `uncaughtExceptionMonitor`, which changes
// nothing of how they are handled.
import { app } from 'electron';
import type { Notice } from './notifications/notification-policy';
import type { TrayAction, TrayMenuItem } from './tray/tray-menu-items';
import type { TrayView } from './tray/tray-menu';

export const PROBE_GLOBAL = '__purgeWatchProbe';

export interface ShownNotification {
  title: string;
  body: string;
  /** created: handed to the system; shown: it says so; failed: it refused. */
  outcome: 'created' | 'shown' | 'failed';
}

export interface AutomationProbe {
  tray(): TrayView | undefined;
  /** Does what choosing the tray item with this label does; false when there is none enabled. */
  pick(label: string): boolean;
  notifications(): ShownNotification[];
  /** Errors nothing handled (they would end the process, or show Electron's error dialog). */
  errors(): string[];
}

interface ProbeSources {
  tray: () => TrayView | undefined;
  dispatch: (action: TrayAction) => void;
}

/** The probe's parts the app feeds: notifications as they are shown. */
export interface ProbeRecorder {
  observeNotification(id: string, notice: Notice, outcome: ShownNotification['outcome']): void;
}

/**
 * Exposes the probe as globalThis.__purgeWatchProbe when automation is asked for and the app is
 * not packaged; returns its recorder then, else undefined (and nothing is exposed).
 */
export function exposeAutomationProbe(
  sources: ProbeSources,
  env: NodeJS.ProcessEnv = process.env,
  packaged: boolean = app.isPackaged,
): ProbeRecorder | undefined {
  if (packaged || env.PURGE_WATCH_AUTOMATION !== '1') return undefined;
  const shown = new Map<string, ShownNotification>();
  const errors: string[] = [];
  process.on('uncaughtExceptionMonitor', (error) => errors.push(String(error?.stack ?? error)));
  const probe: AutomationProbe = {
    tray: sources.tray,
    pick(label) {
      const action = actionOf(sources.tray()?.menu ?? [], label);
      if (!action) return false;
      sources.dispatch(action);
      return true;
    },
    notifications: () => [...shown.values()].map((record) => ({ ...record })),
    errors: () => [...errors],
  };
  (globalThis as Record<string, unknown>)[PROBE_GLOBAL] = probe;
  return {
    observeNotification(id, notice, outcome) {
      shown.set(id, { title: notice.title, body: notice.body, outcome });
    },
  };
}

/** The action of the enabled item with this label, submenus included. */
function actionOf(items: readonly TrayMenuItem[], label: string): TrayAction | undefined {
  for (const item of items) {
    if (item.type === 'submenu') {
      const inner = actionOf(item.submenu, label);
      if (inner) return inner;
    } else if (item.type !== 'separator' && item.label === label && item.enabled && item.action) {
      return item.action;
    }
  }
  return undefined;
}
