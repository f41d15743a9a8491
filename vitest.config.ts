import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { TestSpecification } from 'vitest/node';
import { BaseSequencer } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The browser tiers' files first: they run longest (half a minute to a minute each), and on a
 * fresh clone, with no timings cached yet, vitest would start the largest files first instead.
 */
class BrowserTiersFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const inBrowser = (file: TestSpecification) =>
      /[/\\]test[/\\](app|e2e)[/\\]/.test(file.moduleId);
    return [...sorted.filter(inBrowser), ...sorted.filter((file) => !inBrowser(file))];
  }
}

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
    // The main process asks the environment whether it runs in a Wayland session (where the tray
    // cannot use the clipboard, src/main/tray/clipboard-reach.ts): tests run as X11 wherever they
    // run; those about Wayland say so themselves.
    // Nor a GNOME desktop, whatever the developer's is: there the app, finding no tray host on
    // the session bus, would open its window in every test (src/main/tray/tray-host.ts).
    env: { XDG_SESSION_TYPE: 'x11', WAYLAND_DISPLAY: '', XDG_CURRENT_DESKTOP: '' },
    testTimeout: 20_000,
    // Most of a test file's time is spent waiting (on subprocesses, sockets, Chromium), not
    // computing (a quiet run on 2 cores with one file at a time, vitest's default there, kept
    // the CPU busy 36 % of the time): one file more than there are cores.
    maxWorkers: availableParallelism() + 1,
    sequence: { sequencer: BrowserTiersFirst },
    reporters: ['./test/summary-reporter.ts'],
  },
});
