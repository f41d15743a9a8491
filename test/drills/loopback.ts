// Drills that talk HTTP need 127.0.0.1: when it is missing they fail under CI and skip loudly
// otherwise.
import { createServer } from 'node:net';

export const IN_CI = process.env.CI === 'true';

/** Undefined when a server can listen on 127.0.0.1, else why not. */
export async function loopbackProblem(): Promise<string | undefined> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', (error) => resolve(error.message));
    server.listen(0, '127.0.0.1', () => server.close(() => resolve(undefined)));
  });
}

export async function requireLoopback(what: string): Promise<string | undefined> {
  const problem = await loopbackProblem();
  if (problem === undefined) return undefined;
  if (IN_CI) throw new Error(`Cannot listen on 127.0.0.1: ${problem}`);
  console.warn(`\n!!! SKIPPING ${what}: cannot listen on 127.0.0.1 (${problem}).\n`);
  return problem;
}
