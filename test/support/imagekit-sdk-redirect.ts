// The `imagekit` 6 SDK hardcodes https://api.imagekit.io in every URL (dist/libs/manage/cache.js)
// and has no base URL option. Without patching it, its requests reach a fake at the HTTP-client
// level: a request interceptor on the axios instance the SDK itself resolves rewrites the origin.
// Everything else (auth, axios, answer handling, promisify) is the SDK's own.
import { createRequire } from 'node:module';
import path from 'node:path';

const IMAGEKIT_ORIGIN = 'https://api.imagekit.io';

interface AxiosLike {
  interceptors: {
    request: {
      use(handler: (config: { url?: string }) => { url?: string }): number;
      eject(id: number): void;
    };
  };
}

/** The axios the SDK resolves (not necessarily ours). */
function sdkAxios(): AxiosLike {
  const require = createRequire(import.meta.url);
  const sdkDirectory = path.dirname(require.resolve('imagekit'));
  return require(require.resolve('axios', { paths: [sdkDirectory] })) as AxiosLike;
}

/** Sends the `imagekit` SDK's requests to `baseUrl` (e.g. a fake's) until the returned undo. */
export function redirectImageKitSdk(baseUrl: string): () => void {
  const { request } = sdkAxios().interceptors;
  const id = request.use((config) => {
    if (config.url?.startsWith(IMAGEKIT_ORIGIN)) {
      config.url = baseUrl + config.url.slice(IMAGEKIT_ORIGIN.length);
    }
    return config;
  });
  return () => request.eject(id);
}

/** The installed `imagekit` SDK's version. */
export function imagekitSdkVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('imagekit/package.json') as { version: string }).version;
}
