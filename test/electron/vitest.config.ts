// The real-Electron tier (`npm run test:electron`): the built app on the Electron binary, driven
// by Playwright's `_electron`. No `electron` alias here: the app gets the real module.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/electron/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});
