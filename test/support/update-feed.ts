// A local update feed as electron-updater reads one from a GitHub Release, served on 127.0.0.1:
// the channel files (latest.yml, latest-mac.yml, latest-linux.yml: one version and its file's
// SHA-512) and the file itself. `devFeedConfig()` is the dev-app-update.yml that points an app
// run from sources at it. Records every request, so tests see when the app looked and fetched.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface UpdateFeed {
  url: string;
  version: string;
  /** The update's file name, as the channel file names it. */
  file: string;
  requests: Array<{ method: string; path: string }>;
  /** Requests for the update file itself (downloads). */
  downloads(): number;
  /** Channel-file checks. */
  checks(): number;
  devFeedConfig(): string;
  /** How channel files are answered from now on (a hostile feed); `channel` is the true one. */
  answerChannel(answer: ChannelAnswer): void;
  /** The channel file as served when it tells the truth. */
  readonly channel: string;
  /** Serves other bytes for the update file than the ones its SHA-512 names. */
  tamperFile(content: string): void;
  /** Answers the update file with a 302 to `location` from now on. */
  redirectFile(location: string): void;
  /** Answers still being sent, or requests not answered: a client done with one closes it. */
  readonly open: number;
  close(): Promise<void>;
}

export type ChannelAnswer =
  | { kind: 'channel' }
  /** This text instead of the channel file. */
  | { kind: 'text'; text: string }
  /** Takes the request, never answers. */
  | { kind: 'silent' }
  /** A 200 of 64 MB of YAML comment lines, as fast as the client reads. */
  | { kind: 'huge' }
  /** A 302 to `location`. */
  | { kind: 'redirect'; location: string };

export async function serveUpdateFeed(options: {
  version: string;
  file: string;
  content: Buffer | string;
}): Promise<UpdateFeed> {
  const content = Buffer.from(options.content);
  const sha512 = createHash('sha512').update(content).digest('base64');
  const channel = [
    `version: ${options.version}`,
    'files:',
    `  - url: ${options.file}`,
    `    sha512: ${sha512}`,
    `    size: ${content.length}`,
    `path: ${options.file}`,
    `sha512: ${sha512}`,
    "releaseDate: '2026-12-01T12:00:00.000Z'",
    '',
  ].join('\n');
  const requests: UpdateFeed['requests'] = [];
  let answer: ChannelAnswer = { kind: 'channel' };
  let served = content;
  let fileMoved: string | undefined;
  const open = new Set<http.ServerResponse>();
  const keep = (response: http.ServerResponse): void => {
    open.add(response);
    response.on('close', () => open.delete(response));
  };
  const huge = (response: http.ServerResponse): void => {
    const line = Buffer.from(`# ${'x'.repeat(16 * 1024 - 3)}\n`);
    let left = 64 * 64;
    const next = (): void => {
      if (response.destroyed) return;
      if (left-- === 0) response.end();
      else if (response.write(line)) setImmediate(next);
      else response.once('drain', next);
    };
    next();
  };
  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://feed').pathname;
    requests.push({ method: request.method ?? 'GET', path });
    if (/^\/latest[\w-]*\.yml$/.test(path)) {
      if (answer.kind === 'silent') return keep(response);
      if (answer.kind === 'redirect') {
        return void response.writeHead(302, { location: answer.location }).end();
      }
      response.writeHead(200, { 'content-type': 'text/yaml' });
      if (answer.kind === 'huge') {
        keep(response);
        huge(response);
      } else response.end(answer.kind === 'text' ? answer.text : channel);
    } else if (path === `/${options.file}` && fileMoved !== undefined) {
      response.writeHead(302, { location: fileMoved }).end();
    } else if (path === `/${options.file}`) {
      response
        .writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': served.length,
        })
        .end(served);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    version: options.version,
    file: options.file,
    requests,
    downloads: () => requests.filter((r) => r.path === `/${options.file}`).length,
    checks: () => requests.filter((r) => r.path.endsWith('.yml')).length,
    devFeedConfig: () =>
      ['provider: generic', `url: ${url}`, 'updaterCacheDirName: purge-watch-updater', ''].join(
        '\n',
      ),
    answerChannel: (next) => {
      answer = next;
    },
    channel,
    tamperFile: (text) => {
      served = Buffer.from(text);
    },
    redirectFile: (location) => {
      fileMoved = location;
    },
    get open() {
      return open.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
