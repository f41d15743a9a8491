// electron-builder.yml as electron-builder itself loads it (app-builder-lib's getConfig), for
// the packaging tests.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Configuration } from 'app-builder-lib';
import { getConfig } from 'app-builder-lib/out/util/config/config';

export const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function loadBuilderConfig(): Promise<Configuration> {
  return getConfig(projectDir, null, null);
}
