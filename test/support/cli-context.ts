// A `purge-watch` command run in process (runCli) with ports of the test's own: what it writes
// kept, an empty stdin, no request answered unless `fetch` is given, a keychain in memory, and
// virtual time. No profile unless `env` names one (no HOME, no PURGE_WATCH_USER_DATA): nothing
// is written.
import type { CliContext } from '../../src/cli/cli-context';
import { MemoryKeychain } from './memory-keychain';
import { VirtualClock } from './virtual-clock';

export function memoryCliContext(overrides: Partial<CliContext> = {}) {
  const seen = { stdout: '', stderr: '' };
  const context: CliContext = {
    env: {},
    stdout: { write: (text: string) => (seen.stdout += text) },
    stderr: { write: (text: string) => (seen.stderr += text) },
    stdin: (async function* () {})(),
    fetch: async () => {
      throw new Error('this command sends no request');
    },
    keychain: new MemoryKeychain(),
    clock: new VirtualClock(),
    ...overrides,
  };
  return { context, seen };
}

/** A JSON answer, as ImageKit gives one. */
export function jsonAnswer(body: object, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}
