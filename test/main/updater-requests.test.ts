// What src/main/update/updater-requests.ts relies on in electron-updater, and its rule for URLs.
// It wraps electron-updater's internals (the executor's createRequest and doApiRequest): another
// version of electron-updater fails here, loudly, before an app runs with its requests unbounded
// (app-update.test.ts shows the bounds themselves against a local feed).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppUpdater } from 'electron-updater';
import electronUpdater from 'electron-updater';
import { mock } from '../mocks/electron';
import {
  boundUpdaterRequests,
  CHECKED_ELECTRON_UPDATER,
  refusedUrl,
} from '../../src/main/update/updater-requests';
import { VirtualClock } from '../support/virtual-clock';

const require = createRequire(import.meta.url);

beforeEach(() => {
  mock.reset({ ready: true, platform: 'linux' });
});

describe("electron-updater's internals", () => {
  it('are those of the version updater-requests.ts was read against (read it again for another)', () => {
    const installed = (
      JSON.parse(fs.readFileSync(require.resolve('electron-updater/package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    const pinned = (
      JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
        dependencies: Record<string, string>;
      }
    ).dependencies['electron-updater'];
    expect(installed).toBe(CHECKED_ELECTRON_UPDATER);
    // Pinned exactly: a range would let an install pick a version no one read.
    expect(pinned).toBe(CHECKED_ELECTRON_UPDATER);
  });

  it.each(['AppImageUpdater', 'DebUpdater', 'MacUpdater', 'NsisUpdater'] as const)(
    '%s has the executor it wraps, and the wrapper is its own',
    (name) => {
      const updater = new electronUpdater[name]();
      const executor = (updater as unknown as { httpExecutor: Record<string, unknown> })
        .httpExecutor;
      const original = executor.createRequest;
      boundUpdaterRequests(updater, { clock: new VirtualClock() });
      expect(executor.createRequest).not.toBe(original);
      expect(Object.getPrototypeOf(executor).createRequest).toBe(original);
    },
  );

  it('missing: says so, rather than leave the requests unbounded in silence', () => {
    for (const httpExecutor of [undefined, {}, { createRequest: () => undefined }]) {
      const updater = { httpExecutor } as unknown as AppUpdater;
      expect(() => boundUpdaterRequests(updater, { clock: new VirtualClock() })).toThrow(
        /electron-updater has no httpExecutor .* its requests are not bounded/,
      );
    }
  });
});

describe('the URLs the updater may ask', () => {
  it.each<[string, boolean, string | undefined]>([
    ['https://github.com/acme/pw/releases/download/v1.2.0/latest.yml', false, undefined],
    ['https://release-assets.example/pw.AppImage', false, undefined],
    ['http://updates.example/pw.AppImage', false, 'http://updates.example: not https'],
    // The feed is https: no plain http, even on this machine.
    ['http://127.0.0.1:8080/pw.AppImage', false, 'http://127.0.0.1:8080: not https'],
    // The feed is itself plain http on this machine (the tests'): http to loopback only.
    ['http://127.0.0.1:8080/pw.AppImage', true, undefined],
    ['http://localhost:8080/pw.AppImage', true, undefined],
    ['http://updates.example/pw.AppImage', true, 'http://updates.example: not https'],
    ['ftp://updates.example/pw.AppImage', true, 'ftp://updates.example: not https'],
    ['not a url', true, 'a malformed URL'],
  ])('%s (loopback http allowed: %s)', (url, loopbackHttp, refused) => {
    expect(refusedUrl(url, loopbackHttp)).toBe(refused);
  });

  it('as Electron makes them from request options: http without a protocol, a Host header first; refused ones are never sent', async () => {
    const updater = new electronUpdater.AppImageUpdater();
    boundUpdaterRequests(updater, { clock: new VirtualClock(), loopbackHttp: true });
    const executor = (
      updater as unknown as {
        httpExecutor: {
          createRequest(
            options: object,
            callback: () => void,
          ): NodeJS.EventEmitter & {
            end(): void;
          };
        };
      }
    ).httpExecutor;
    const ask = (options: object) =>
      new Promise<string>((resolve) => {
        const request = executor.createRequest(options, () => resolve('answered'));
        request.on('error', (error: Error) => resolve(error.message));
        request.end();
      });
    expect(await ask({ hostname: 'updates.example', path: '/pw.AppImage' })).toBe(
      'refused the update file at http://updates.example: not https',
    );
    expect(
      await ask({
        protocol: 'http:',
        hostname: '127.0.0.1',
        path: '/pw.AppImage',
        headers: { Host: 'updates.example' },
      }),
    ).toBe('refused the update file at http://updates.example: not https');
    expect(mock.netRequests).toEqual([]);
  });
});
