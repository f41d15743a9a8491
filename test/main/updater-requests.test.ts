// The URLs src/main/update/updater-requests.ts lets electron-updater ask: https, or plain http
// to this machine where the feed itself is there (app-update.test.ts shows them refused, and
// the bounds, against a local feed).
import { beforeEach, describe, expect, it } from 'vitest';
import electronUpdater from 'electron-updater';
import { mock } from '../mocks/electron';
import { boundUpdaterRequests, refusedUrl } from '../../src/main/update/updater-requests';
import { VirtualClock } from '../support/virtual-clock';

beforeEach(() => {
  mock.reset({ ready: true, platform: 'linux' });
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
