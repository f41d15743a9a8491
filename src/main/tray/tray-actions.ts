// What each tray menu action does, through the same WatchService handlers the window uses
// (so the window hears of every change). Failures are told in a notification, since a menu
// has nowhere else to show them; the tray is re-rendered after every action.
import type { Clock } from '../../core/clock';
import { parsePurgeUrls } from '../../core/input/purge-urls';
import type { InvokeHandlers } from '../../core/tracking/watch-service';
import type { SubmitResult } from '../../shared/purge';
import { MAY_HAVE_BEEN_SUBMITTED } from '../../shared/state-words';
import { clipboardText, MAX_CLIPBOARD_PURGES } from './clipboard-summary';
import type { Notice } from '../notifications/notification-policy';
import type { TrayAction } from './tray-menu-items';
import type { WindowFocus } from '../window/window';

export const SNOOZE_MS = 60 * 60_000;

interface TrayActionPorts {
  handlers: InvokeHandlers;
  showWindow: (focus?: WindowFocus) => void;
  readClipboard: () => Promise<string>;
  clock: Pick<Clock, 'now'>;
  quit: () => void;
  /** Installs the downloaded update and restarts (app-update.ts). */
  installUpdate: () => void;
  /** Opens the app's log folder in the file manager; rejects, saying why, when it cannot. */
  openLogFolder: () => Promise<void>;
  tell: (notice: Notice) => void;
  /** Called after each action, done or failed: re-render the tray. */
  done: () => void;
}

export function createTrayDispatcher(ports: TrayActionPorts): (action: TrayAction) => void {
  return (action) => {
    run(ports, action)
      .catch((error: unknown) => {
        ports.tell({
          kind: 'action-failed',
          title: 'That did not work',
          body: error instanceof Error ? error.message : String(error),
          target: {},
        });
      })
      .finally(ports.done);
  };
}

async function run(ports: TrayActionPorts, action: TrayAction): Promise<void> {
  const { handlers } = ports;
  switch (action.type) {
    case 'track-clipboard': {
      const text = clipboardText(await ports.readClipboard());
      const result = await handlers.addFromText({ text });
      if (result.added.length === 0 && result.alreadyTracked.length === 0) {
        throw new Error('The clipboard holds no request ID.');
      }
      return;
    }
    case 'purge-clipboard': {
      // Read again: the clipboard may have changed since the menu was built.
      const text = clipboardText(await ports.readClipboard());
      const { urls, rejected } = parsePurgeUrls(text);
      if (urls.length === 0 || rejected.length > 0) {
        throw new Error('The clipboard no longer holds only http(s) URLs.');
      }
      if (urls.length > MAX_CLIPBOARD_PURGES) {
        throw new Error(`The clipboard holds ${urls.length} URLs: purge them from the window.`);
      }
      const { account } = action;
      const { results, quotaWarning } = await handlers.purgeUrls(
        account === undefined ? { text } : { text, account },
      );
      // Past 80 % of the month's purges: how many are left, as the window and the CLI say.
      if (quotaWarning) {
        ports.tell({ kind: 'purge-warning', title: 'Purge quota', body: quotaWarning, target: {} });
      }
      const refused = results.filter(
        (result): result is SubmitResult & { error: NonNullable<SubmitResult['error']> } =>
          result.error !== undefined && result.error.kind !== 'auth',
      );
      if (refused.length > 0) {
        const words = (r: (typeof refused)[number]) =>
          `${r.url}: ${r.error.message}${r.mayHaveBeenSubmitted ? ` ${MAY_HAVE_BEEN_SUBMITTED}` : ''}`;
        throw new Error(refused.map(words).join('\n'));
      }
      const warned = results.filter((result) => result.warning !== undefined);
      if (warned.length > 0) {
        ports.tell({
          kind: 'purge-warning',
          title: 'Purge requested: not every copy is cleared',
          body: `${warned.length === 1 ? warned[0]!.url : `${warned.length} images or videos`}\n${warned[0]!.warning}`,
          target: { requestId: warned[0]!.requestId },
        });
      }
      return;
    }
    case 'copy-id':
      return handlers.copyText({ text: action.requestId });
    case 'open-url':
      return handlers.openUrl({ url: action.url });
    case 'check-now':
      return handlers.checkNow(action.requestId ? { requestIds: [action.requestId] } : {});
    case 'resume-purge':
      return handlers.resume({ requestId: action.requestId });
    case 'remove':
      return handlers.remove({ requestIds: [action.requestId] });
    case 'pause-polling':
      return handlers.setPollingPaused({ paused: true });
    case 'resume-polling':
      return handlers.setPollingPaused({ paused: false });
    case 'set-notifications':
      await handlers.setSettings({ notifications: action.enabled });
      return;
    case 'snooze':
      await handlers.setSettings({ snoozedUntil: ports.clock.now() + SNOOZE_MS });
      return;
    case 'unsnooze':
      await handlers.setSettings({ snoozedUntil: 0 });
      return;
    case 'set-launch-at-login':
      await handlers.setSettings({ launchAtLogin: action.enabled });
      return;
    case 'open-window':
      return ports.showWindow(action.requestId ? { requestId: action.requestId } : {});
    case 'open-key-settings':
      return ports.showWindow({ section: 'key' });
    case 'open-paste-box':
      return ports.showWindow({ section: 'paste' });
    case 'install-update':
      return ports.installUpdate();
    case 'open-log-folder':
      return ports.openLogFolder();
    case 'quit':
      return ports.quit();
  }
}
