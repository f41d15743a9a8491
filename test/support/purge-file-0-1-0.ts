// The purges file as Purge Watch 0.1.0 opened it: conf (electron-store in the app) with 0.1.0's
// options. For checking that a user going back to 0.1.0 keeps their purges, and for measuring
// 0.1.0's write beside today's (`bench/store-write.ts`).
import Conf from 'conf';
import { parseStoreText } from '../../src/core/storage/store-file';
import type { PurgeRequest } from '../../src/shared/purge';

export function openAsVersion010(directory: string): Conf<{ purges: PurgeRequest[] }> {
  return new Conf<{ purges: PurgeRequest[] }>({
    projectName: 'purge-watch',
    cwd: directory,
    configName: 'purges',
    schema: { purges: { type: 'array', default: [] } },
    deserialize: parseStoreText,
    serialize: (value) => JSON.stringify(value),
    configFileMode: 0o600,
    clearInvalidConfig: false,
  });
}
