// The main process's side of the IPC contract: one handler per invoke channel, each of which
// first checks that the request comes from the app's own window showing the app's own UI,
// then validates the payload, and only then reaches the WatchService. A refused request
// changes nothing and rejects with an error that says why.
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { ipcMain } from 'electron';
import type { InvokeHandlers } from '../../core/tracking/watch-service';
import type { InvokeChannelName } from '../../shared/ipc';
import { InvalidPayloadError, InvokeChannel, validatePayload } from '../../shared/ipc';
import { UI_HOST, UI_SCHEME } from '../desktop/app-identity';

/** A request from anything but the app's own window. */
export class RefusedSenderError extends Error {
  override name = 'RefusedSenderError';
}

/** The sender checks, as data: which web contents, which frame, which page. */
type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

/** Whether an IPC request comes from the app's window, from its main frame, on app://purge-watch/. */
export function isTrustedSender(event: SenderEvent, trusted: WebContents | undefined): boolean {
  if (!trusted || event.sender !== trusted) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent) return false;
  return isUiUrl(frame.url);
}

function isUiUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${UI_SCHEME}:` && parsed.host === UI_HOST;
  } catch {
    return false;
  }
}

const CHANNELS = Object.keys(InvokeChannel) as InvokeChannelName[];

/**
 * Registers a handler for every invoke channel. `trustedContents` answers with the window's
 * web contents while it is open. Returns a function that removes the handlers.
 */
export function registerIpc(
  handlers: InvokeHandlers,
  trustedContents: () => WebContents | undefined,
): () => void {
  for (const name of CHANNELS) {
    const handler = handlers[name] as (payload: unknown) => Promise<unknown>;
    const validate = validatePayload[name] as (payload: unknown) => unknown;
    ipcMain.handle(InvokeChannel[name], async (event, ...args: unknown[]) => {
      if (!isTrustedSender(event, trustedContents())) {
        throw new RefusedSenderError(
          `Refused "${name}": it did not come from Purge Watch's window.`,
        );
      }
      if (args.length > 1) throw new InvalidPayloadError('Expected one payload at most.');
      return handler(validate(args[0]));
    });
  }
  return () => {
    for (const name of CHANNELS) ipcMain.removeHandler(InvokeChannel[name]);
  };
}
