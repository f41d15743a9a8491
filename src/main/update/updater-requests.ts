// electron-updater's requests, bounded. Its HttpExecutor (builder-util-runtime) times a request
// out from the request's `socket` event, which Electron's net.request never emits: a feed or a
// download that stops answering would never end, and electron-updater hands every later look the
// same pending check, so the app would not look again until restarted. And it reads a feed
// (latest*.yml) whole into one string, whatever its size. Here each request ends, with an error
// electron-updater reports as its own, once nothing has come for a minute; a feed past 1 MB, or a
// download past 1 GB (electron-updater checks a file's SHA-512 only once all of it is on disk),
// ends there. The update file is still verified by electron-updater (its SHA-512).
import type { Readable } from 'node:stream';
import type { AppUpdater } from 'electron-updater';
import type { Clock, TimerHandle } from '../../core/clock';

/** How far electron-updater's requests may go. */
export interface UpdaterLimits {
  /** Nothing received for this long (no answer, or a body that stalls): the request fails. */
  idleMs: number;
  /** A channel file is under 1 KB: anything past this is no feed. */
  feedBytes: number;
  /** An update file (an AppImage, an installer) is about 100 MB: past this it is no update. */
  downloadBytes: number;
}

export const UPDATER_LIMITS: UpdaterLimits = {
  idleMs: 60_000,
  feedBytes: 1024 * 1024,
  downloadBytes: 1024 * 1024 * 1024,
};

/** The parts of electron-updater's ElectronHttpExecutor (and its net.request) used here. */
interface Request {
  on(event: string, listener: (...args: never[]) => void): unknown;
  once(event: string, listener: (...args: never[]) => void): unknown;
  emit(event: string, ...args: unknown[]): boolean;
  abort(): void;
}
interface HttpExecutor {
  createRequest(options: object, callback: (response: Readable) => void): Request;
  doApiRequest(options: object, ...rest: unknown[]): Promise<string>;
}

/** Bounds every request `updater` makes from now on (its executor is its own instance). */
export function boundUpdaterRequests(
  updater: AppUpdater,
  clock: Clock,
  limits: UpdaterLimits = UPDATER_LIMITS,
): void {
  const executor = (updater as unknown as { httpExecutor?: HttpExecutor }).httpExecutor;
  if (!executor) return;
  // A feed is read through doApiRequest (and each of its redirects); a download is not.
  const feeds = new WeakSet<object>();
  const doApiRequest = executor.doApiRequest.bind(executor);
  executor.doApiRequest = (options, ...rest) => {
    feeds.add(options);
    return doApiRequest(options, ...rest);
  };
  const createRequest = executor.createRequest.bind(executor);
  executor.createRequest = (options, callback) => {
    const feed = feeds.has(options);
    const maxBytes = feed ? limits.feedBytes : limits.downloadBytes;
    let timer: TimerHandle | undefined;
    let over = false;
    const stop = (): void => {
      over = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    };
    // Electron's abort() ends the request without an error: the error is what ends the look.
    const fail = (message: string): void => {
      if (over) return;
      stop();
      request.emit('error', new Error(message));
      request.abort();
    };
    const arm = (): void => {
      if (over) return;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = clock.setTimeout(
        () => fail(`the update server sent nothing for ${limits.idleMs / 1000}s`),
        limits.idleMs,
      );
    };
    const request = createRequest(options, (response) => {
      let size = 0;
      arm();
      response.on('data', (chunk: { length: number }) => {
        size += chunk.length;
        if (size > maxBytes) fail(`the update ${feed ? 'feed' : 'file'} is over ${maxBytes} bytes`);
        else arm();
      });
      response.once('end', stop);
      response.once('error', stop);
      callback(response);
    });
    request.once('error', stop);
    request.once('abort', stop);
    arm();
    return request;
  };
}
