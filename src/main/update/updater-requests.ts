// electron-updater's requests, bounded and kept on https. Its HttpExecutor (builder-util-runtime)
// times a request out from the request's `socket` event, which Electron's net.request never emits:
// a feed or a download that stops answering would never end, and electron-updater hands every later
// look the same pending check, so the app would not look again until restarted. And it reads a feed
// (latest*.yml, GitHub's releases.atom) whole into one string, whatever its size. Here each request
// ends, with an error electron-updater reports as its own, once nothing has come for a minute; a
// feed past 1 MB, or a download past 1 GB (electron-updater checks a file's SHA-512 only once all
// of it is on disk), ends there.
//
// It also follows whatever URL the feed names for the file, and any redirect, whatever the
// scheme. Here a request (the feed, the file, each redirect) that is not https is refused before
// anything is sent: a redirect to another https host is followed (GitHub serves a release's
// files from another host), one to plain http is not. Only a development feed that is itself
// plain http on this machine (the tests') may use http, and only to a loopback host. The file
// is still verified by electron-updater (its SHA-512, from the feed).
//
// This wraps electron-updater's internals (its executor's createRequest and doApiRequest), read
// against CHECKED_ELECTRON_UPDATER: test/main/updater-requests.test.ts fails on another version,
// and boundUpdaterRequests throws when they are not there.
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import type { AppUpdater } from 'electron-updater';
import type { Clock, TimerHandle } from '../../core/clock';
import { isLoopbackHttp } from '../../core/imagekit/base-url';

/** The electron-updater this file was read against: another must be read again. */
export const CHECKED_ELECTRON_UPDATER = '6.8.10';

/** How far electron-updater's requests may go. */
export interface UpdaterLimits {
  /** Nothing received for this long (no answer, or a body that stalls): the request fails. */
  idleMs: number;
  /**
   * A channel file is under 1 KB. The other feed a packaged app reads, GitHub's releases.atom
   * (the last 10 releases, each with its notes as HTML), is tens of KB with notes of a few
   * screens: release notes that together near this would stop every look.
   */
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
interface RequestOptions {
  url?: string;
  protocol?: string;
  host?: string;
  hostname?: string;
  port?: number | string;
  path?: string;
  headers?: Record<string, unknown>;
}
interface Request {
  on(event: string, listener: (...args: never[]) => void): unknown;
  once(event: string, listener: (...args: never[]) => void): unknown;
  emit(event: string, ...args: unknown[]): boolean;
  abort(): void;
}
interface HttpExecutor {
  createRequest(options: RequestOptions, callback: (response: Readable) => void): Request;
  doApiRequest(options: RequestOptions, ...rest: unknown[]): Promise<string>;
}

interface BoundOptions {
  clock: Clock;
  limits?: UpdaterLimits;
  /** The feed is plain http on a loopback host (feedOnLoopbackHttp): http to loopback is let through. */
  loopbackHttp?: boolean;
}

/**
 * Bounds every request `updater` makes from now on (its executor is its own instance); throws
 * when electron-updater's internals are not the ones this wraps.
 */
export function boundUpdaterRequests(updater: AppUpdater, options: BoundOptions): void {
  const { clock, limits = UPDATER_LIMITS, loopbackHttp = false } = options;
  const executor = (updater as unknown as { httpExecutor?: Partial<HttpExecutor> }).httpExecutor;
  if (
    typeof executor?.createRequest !== 'function' ||
    typeof executor.doApiRequest !== 'function'
  ) {
    throw new Error(
      `electron-updater has no httpExecutor with createRequest and doApiRequest (updater-requests.ts was read against ${CHECKED_ELECTRON_UPDATER}): its requests are not bounded`,
    );
  }
  wrapExecutor(executor as HttpExecutor, clock, limits, loopbackHttp);
}

function wrapExecutor(
  executor: HttpExecutor,
  clock: Clock,
  limits: UpdaterLimits,
  loopbackHttp: boolean,
): void {
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
    const what = feed ? 'feed' : 'file';
    const refused = refusedUrl(requestUrl(options), loopbackHttp);
    if (refused !== undefined) {
      // An EventEmitter: its listeners take any arguments, which Request's type cannot say.
      return new RefusedRequest(`refused the update ${what} at ${refused}`) as unknown as Request;
    }
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
        if (size > maxBytes) fail(`the update ${what} is over ${maxBytes} bytes`);
        else arm();
      });
      response.once('end', stop);
      response.once('error', stop);
      callback(response);
    });
    request.once('error', stop);
    request.once('abort', stop);
    // Electron emits it for a redirect it follows by itself too; an abort() here stops it.
    request.on('redirect', (_status: number, _method: string, to: string) => {
      const refusedTo = refusedUrl(to, loopbackHttp);
      if (refusedTo !== undefined) fail(`refused the update ${what}'s redirect to ${refusedTo}`);
    });
    arm();
    return request;
  };
}

/**
 * Why a request to `href` is refused ("http://host: not https"), or undefined when it may be
 * made: https anywhere, or plain http to a loopback host when the feed itself is one.
 */
export function refusedUrl(href: string, loopbackHttp: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return 'a malformed URL';
  }
  if (url.protocol === 'https:') return undefined;
  if (loopbackHttp && isLoopbackHttp(url)) return undefined;
  return `${url.protocol}//${url.host}: not https`;
}

/**
 * The URL Electron's net.request makes of these options (lib/common/api/net-client-request.ts):
 * `url`, or else http: unless a protocol is given, and a Host header (which
 * ElectronHttpExecutor moves to `host`) before `host`, before `hostname` and `port`.
 */
function requestUrl(options: RequestOptions): string {
  if (options.url !== undefined) return options.url;
  const hostHeader = options.headers?.Host;
  const host =
    (typeof hostHeader === 'string' ? hostHeader : undefined) ??
    options.host ??
    `${options.hostname ?? 'localhost'}${options.port ? `:${options.port}` : ''}`;
  return `${options.protocol ?? 'http:'}//${host}${options.path ?? '/'}`;
}

/**
 * A request refused before it is made: it sends nothing, and fails (as a net.request does)
 * once its caller has listened.
 */
class RefusedRequest extends EventEmitter {
  constructor(message: string) {
    super();
    process.nextTick(() => {
      if (this.listenerCount('error') > 0) this.emit('error', new Error(message));
      this.emit('close');
    });
  }
  setHeader(): void {}
  getHeader(): undefined {
    return undefined;
  }
  removeHeader(): void {}
  write(): boolean {
    return true;
  }
  end(): this {
    return this;
  }
  abort(): void {}
  followRedirect(): void {}
}
