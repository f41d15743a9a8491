// `npm run fake-imagekit -- …` as a user starts it: test/fake-imagekit/main.ts in a process of its
// own, known only by what it prints.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../fake-imagekit/main.ts', import.meta.url));

export interface FakeImageKitProcess {
  /** Everything printed on stdout up to "Stop with Ctrl+C.". */
  printed: string;
  /** The URL from "listening on …". */
  baseUrl: string;
  /** Sends SIGTERM. */
  stop(): void;
}

/** Resolves once the banner is printed; rejects with the exit code and stderr if it exits first. */
export function startFakeImageKitProcess(args: readonly string[]): Promise<FakeImageKitProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`the fake exited (${code}): ${stderr}${printed}`)),
    );
    child.stdout.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      if (!printed.includes('Stop with Ctrl+C.')) return;
      resolve({
        printed,
        baseUrl: /listening on (\S+)/.exec(printed)?.[1] ?? '',
        stop: () => child.kill('SIGTERM'),
      });
    });
  });
}
