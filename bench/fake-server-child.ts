// Starts bench/fake-server-process.ts as a child and hands back what it printed.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface FakeServerChild {
  baseUrl: string;
  privateKey: string;
  requestIds: string[];
  stop(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('./fake-server-process.ts', import.meta.url));

export function startFakeServerChild(args: string[] = []): Promise<FakeServerChild> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`the fake server exited (${code}) before it started`)),
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const newline = output.indexOf('\n');
      if (newline < 0) return;
      child.removeAllListeners('exit');
      const started = JSON.parse(output.slice(0, newline)) as Omit<FakeServerChild, 'stop'>;
      resolve({
        ...started,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
