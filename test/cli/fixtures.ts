// What the process-level CLI tests share: a fake ImageKit, the environment the built CLI runs
// with against it, and a loopback port nothing listens on.
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { FakeImageKit } from '../fake-imagekit/server';

/** The keychain service the CLI under test uses (never the app's own). */
export const CLI_KEYCHAIN_SERVICE = `purge-watch-cli-test-${process.pid}`;

/**
 * A profile of its own for each command run (unless a test gives one): the duration history and
 * the purge ledger it writes go there, never into the profile of whoever runs the tests, and no
 * run's history changes what another prints.
 */
function throwawayProfile(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-cli-test-'));
  profiles.push(directory);
  return directory;
}
const profiles: string[] = [];
// When the test file ends, not at process exit: vitest ends its workers without an 'exit' event,
// which left every profile behind in the temporary folder.
afterAll(() => {
  for (const directory of profiles.splice(0))
    fs.rmSync(directory, { recursive: true, force: true });
});

/** The environment for the built CLI against `fake`; `extra` wins (undefined removes). */
export function cliEnv(
  fake: FakeImageKit,
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // No session bus: nothing here may reach a real keychain unless a test says so.
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/purge-watch-cli-test',
    IMAGE_KIT_BASE_URL: fake.baseUrl,
    IMAGEKIT_PRIVATE_KEY: fake.privateKey,
    PURGE_WATCH_POLL_SCALE: '0.02',
    PURGE_WATCH_KEYCHAIN_SERVICE: CLI_KEYCHAIN_SERVICE,
    PURGE_WATCH_USER_DATA: extra.PURGE_WATCH_USER_DATA ?? throwawayProfile(),
    ...extra,
  };
}

/** A loopback URL whose port refuses connections: a port just bound, then released. */
export async function deadBaseUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
