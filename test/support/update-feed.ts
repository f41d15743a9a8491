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
  close(): Promise<void>;
}

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
  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://feed').pathname;
    requests.push({ method: request.method ?? 'GET', path });
    if (/^\/latest[\w-]*\.yml$/.test(path)) {
      response.writeHead(200, { 'content-type': 'text/yaml' }).end(channel);
    } else if (path === `/${options.file}`) {
      response
        .writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': content.length,
        })
        .end(content);
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
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
