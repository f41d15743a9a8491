import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The real-Electron tier has a config of its own (`npm run test:electron`): it needs the
    // Electron binary, which only CI's hosted runners can download (.github/workflows/ci.yml).
    exclude: ['test/electron/**', '**/node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    // Only src/main and src/preload import electron; under Node they get the recording mock.
    alias: { electron: fileURLToPath(new URL('./test/mocks/electron.ts', import.meta.url)) },
    // electron-store imports electron itself: transformed by vitest, it gets the mock too, so the
    // tests that start the main process run the real electron-store (app.getVersion, its IPC).
    server: { deps: { inline: ['electron-store'] } },
    testTimeout: 20_000,
  },
});
