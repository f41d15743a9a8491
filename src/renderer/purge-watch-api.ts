// The only way out of the window: the API the preload exposes as `window.purgeWatch`, typed by
// the shared contract.
import type { PurgeWatchApi } from '../shared/ipc';

declare global {
  interface Window {
    purgeWatch?: PurgeWatchApi;
  }
}

export function purgeWatchApi(): PurgeWatchApi {
  const api = window.purgeWatch;
  if (!api) throw new Error('The Purge Watch preload API is missing.');
  return api;
}
