// The window's service wired as the app wires it (src/main/index.ts), with the OS's browser
// and clipboard recorded (and CDN checks over Node's fetch), then the tracker started: one
// wiring for every tier that drives it.
import type { PushChannelName } from '../../src/shared/ipc';
import type { WatchServicePorts } from '../../src/core/tracking/watch-service';
import { WatchService } from '../../src/core/tracking/watch-service';
import type { PurgeStatusApi } from '../../src/core/imagekit/imagekit-client';
import { loopbackFetch } from './loopback';

export interface WiredService {
  service: WatchService;
  /** Links it opened in the browser, in order. */
  opened: string[];
  /** Texts it copied to the clipboard, in order. */
  copied: string[];
  /** Every push it sent, from before the tracker started. */
  pushes: Array<[PushChannelName, unknown]>;
}

export function startWatchService(
  ports: Omit<WatchServicePorts, 'openExternal' | 'copyText' | 'clientFor' | 'cdnFetch'> &
    Partial<Pick<WatchServicePorts, 'clientFor' | 'cdnFetch'>>,
  /** The client of an account the ports name none for: the tracker's one API, as a rule. */
  api?: PurgeStatusApi,
): WiredService {
  const opened: string[] = [];
  const copied: string[] = [];
  const pushes: WiredService['pushes'] = [];
  const service = new WatchService({
    clientFor: () => {
      if (!api) throw new Error('startWatchService: give the API every account uses');
      return api;
    },
    // Freshness checks go to the fake's CDN over Node's fetch, as the CLI sends them; a purged
    // URL elsewhere is answered as offline.
    cdnFetch: (url, request) => loopbackFetch(url, request),
    ...ports,
    openExternal: async (url) => {
      opened.push(url);
    },
    copyText: (text) => {
      copied.push(text);
    },
  });
  service.onPush(({ channel, payload }) => pushes.push([channel, payload]));
  ports.tracker.start();
  return { service, opened, copied, pushes };
}
