// The built `purge-watch` (the test run's own build, test/support/built-app.ts) as a
// subprocess, as scripts run it: its exit code, stdout and stderr, with ways to act while it
// runs (send a signal, close its stdout like `| head -1`).
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { builtFile } from './built-app';

export const CLI = builtFile('cli/purge-watch.js');

/**
 * Preloaded (NODE_OPTIONS=--import=<it>), it turns SIGUSR2 into Windows' Ctrl-Break (SIGBREAK),
 * which no other platform can send: test/fixtures/ctrl-break.mjs.
 */
export const CTRL_BREAK_PRELOAD = fileURLToPath(
  new URL('../fixtures/ctrl-break.mjs', import.meta.url),
);

export interface CliRun {
  /** The exit code, or null when a signal killed it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout's non-empty lines. */
  lines: string[];
  /** stdout's lines parsed as JSON (when --json was passed). */
  json: Array<Record<string, unknown>>;
}

export interface CliOptions {
  /** The whole environment (undefined values are left out). */
  env: Record<string, string | undefined>;
  /** Written to stdin, which is then closed. Default: nothing. */
  input?: string;
  /** Leave stdin open (a prompt, or `-` still waiting). */
  keepStdinOpen?: boolean;
  /** Another copy of the built CLI to run (default: CLI). */
  cli?: string;
}

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  /** Resolves when this text (or pattern) has appeared on stdout or stderr. */
  seen(where: 'stdout' | 'stderr', what: string | RegExp): Promise<void>;
  /** Resolves when the process has exited. */
  done: Promise<CliRun>;
}

export function startCli(args: readonly string[], options: CliOptions): RunningCli {
  const child = spawn(process.execPath, [options.cli ?? CLI, ...args], {
    env: Object.fromEntries(Object.entries(options.env).filter(([, v]) => v !== undefined)),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const text = { stdout: '', stderr: '' };
  // Set once stdout and stderr have ended, not at 'exit': the last output may still be in the
  // pipes when the process has exited (a loaded machine reads it after the exit is reported).
  let closed = false;
  const waiters: Array<() => void> = [];
  const check = () => waiters.splice(0).forEach((waiter) => waiter());
  child.stdout.on('data', (chunk: Buffer) => {
    text.stdout += chunk.toString();
    check();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    text.stderr += chunk.toString();
    check();
  });
  // Closing stdout early (as `head` does) is expected; an EPIPE on stdin too, when it exited first.
  child.stdout.on('error', () => undefined);
  child.stdin.on('error', () => undefined);
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      closed = true;
      check();
      const lines = text.stdout.split('\n').filter(Boolean);
      const json = args.includes('--json')
        ? lines.map((line) => JSON.parse(line) as Record<string, unknown>)
        : [];
      resolve({ code, signal, stdout: text.stdout, stderr: text.stderr, lines, json });
    });
  });
  if (options.input !== undefined) child.stdin.write(options.input);
  if (!options.keepStdinOpen) child.stdin.end();

  const seen = (where: 'stdout' | 'stderr', what: string | RegExp) =>
    new Promise<void>((resolve, reject) => {
      const test = () =>
        typeof what === 'string' ? text[where].includes(what) : what.test(text[where]);
      const poll = () => {
        if (test()) return resolve();
        if (closed) {
          return reject(
            new Error(
              `the CLI exited before ${where} showed ${String(what)}: ${JSON.stringify(text)}`,
            ),
          );
        }
        waiters.push(poll);
      };
      poll();
    });
  return { child, seen, done };
}

export function runBuiltCli(args: readonly string[], options: CliOptions): Promise<CliRun> {
  return startCli(args, options).done;
}
