// What the window can ask of Purge Watch, answered on top of the tracker, the key source and
// the settings. Platform-free: the Electron main process registers these handlers behind its
// IPC checks, and the end-to-end tests drive the very same handlers from a browser bridge.
import type {
  InvokeChannelName,
  InvokeContract,
  KeyStatus,
  PushChannelName,
  PushPayloads,
  Settings,
} from '../shared/ipc';
import type { DurationSummary } from '../shared/duration-estimate';
import type { PrivateKeySource } from './key-source';
import { parsePurgeUrls } from './purge-urls';
import type { Tracker } from './tracker';

/** Settings storage; the app's implementation also applies side effects (launch at login). */
export interface SettingsPort {
  get(): Settings;
  set(patch: Partial<Settings>): Settings;
}

export interface WatchServicePorts {
  tracker: Tracker;
  keys: PrivateKeySource;
  settings: SettingsPort;
  /** Opens an http(s) link in the user's browser (validated before it gets here). */
  openExternal(url: string): Promise<void>;
  /** Resolves once the text is in the clipboard; rejects when it could not be written. */
  copyText(text: string): Promise<void> | void;
}

export type InvokeHandlers = {
  [K in InvokeChannelName]: (
    payload: InvokeContract[K]['payload'],
  ) => Promise<InvokeContract[K]['result']>;
};

export type PushListener = <K extends PushChannelName>(
  channel: K,
  payload: PushPayloads[K],
) => void;

export class WatchService {
  readonly handlers: InvokeHandlers;
  private readonly listeners = new Set<PushListener>();
  private durationsQueued = false;

  constructor(private readonly ports: WatchServicePorts) {
    const { tracker, keys, settings } = ports;
    tracker.on('changed', (change) => this.push('changed', change));
    tracker.on('status', (status) => this.push('status', status));
    tracker.history.onChange(() => this.queueDurations());
    this.handlers = {
      getSnapshot: async () => ({
        purges: tracker.list(),
        status: tracker.status(),
        settings: settings.get(),
        key: await keys.status(),
        ...durationsOf(tracker),
      }),
      addFromText: ({ text }) => tracker.add(text),
      purgeUrls: async ({ text }) => {
        const { urls, rejected } = parsePurgeUrls(text);
        return { results: await tracker.submit(urls), rejected };
      },
      remove: async ({ requestIds }) => tracker.remove(requestIds),
      clearCompleted: async () => tracker.clearCompleted(),
      resume: async ({ requestId }) => {
        tracker.resumeGivenUp(requestId);
      },
      checkNow: async ({ requestIds }) => tracker.checkNow(requestIds),
      setPollingPaused: async ({ paused }) => {
        if (paused) tracker.pause('user');
        else tracker.resume('user');
      },
      setSettings: async (patch) => {
        const next = settings.set(patch);
        // The engine's own settings apply at once: the next check, the next prune.
        if (patch.rateShare !== undefined) tracker.setBudgetShare(next.rateShare);
        if (patch.keepFinishedMs !== undefined) tracker.setKeepFinished(next.keepFinishedMs);
        this.push('settings', next);
        return next;
      },
      setPrivateKey: async ({ key }) => this.keyChanged(await keys.set(key)),
      deletePrivateKey: async () => this.keyChanged(await keys.delete()),
      openUrl: ({ url }) => ports.openExternal(url),
      copyText: async ({ text }) => ports.copyText(text),
    };
  }

  /** Subscribe to pushes for the window; the returned function unsubscribes. */
  onPush(listener: PushListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  push<K extends PushChannelName>(channel: K, payload: PushPayloads[K]): void {
    for (const listener of this.listeners) listener(channel, payload);
  }

  /** One push per burst of completions (a wake from sleep can settle hundreds at once). */
  private queueDurations(): void {
    if (this.durationsQueued) return;
    this.durationsQueued = true;
    queueMicrotask(() => {
      this.durationsQueued = false;
      const summary = this.ports.tracker.history.summary();
      if (summary) this.push('durations', summary);
    });
  }

  private keyChanged(status: KeyStatus): KeyStatus {
    this.ports.tracker.keyChanged();
    this.push('key', status);
    return status;
  }
}

function durationsOf(tracker: Tracker): { durations?: DurationSummary } {
  const summary = tracker.history.summary();
  return summary ? { durations: summary } : {};
}
