// electron-store is conf plus Electron's paths, and it loads the real electron package (Node
// resolves it outside vitest's alias). Under Node the main process gets this instead: conf,
// with the options electron-store would pass it.
import Conf from 'conf';

export default class ElectronStoreStandIn extends Conf {
  constructor(options: Record<string, unknown> & { name?: string }) {
    const { name, ...rest } = options;
    super({ ...rest, configName: name ?? 'config', projectVersion: '0.1.0' });
  }
}
