// `npm test`: the whole suite (`vitest run`; arguments are passed on: `npm test -- test/e2e`),
// with the services it needs. The keychain tests need a Secret Service: where this session has
// none, and dbus-run-session and gnome-keyring-daemon are installed, the suite runs inside a
// private one (scripts/with-keyring.sh: a private D-Bus session with an unlocked gnome-keyring
// of its own). Where they are not installed, the tests that need one skip and the run ends with
// one line saying so and how to run them; under CI=true they fail instead.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { KEYRING_TOOLS, onPath, probeSecretService } from '../test/support/secret-service';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vitest = [
  process.execPath,
  path.join(root, 'node_modules', 'vitest', 'vitest.mjs'),
  'run',
  ...process.argv.slice(2),
];

/** The suite's command: inside a private keyring when it needs one and can have one. */
async function suiteCommand(): Promise<string[]> {
  // macOS and Windows have their keychain; only Linux's Secret Service may be missing.
  if (process.platform !== 'linux') return vitest;
  // One is there already (a desktop session, or with-keyring.sh around npm test): no second.
  if ((await probeSecretService('purge-watch-test-run')) === undefined) return vitest;
  if (!KEYRING_TOOLS.every(onPath)) return vitest; // the tests say what they skipped, and how
  process.stderr.write(
    'npm test: no Secret Service in this session; the suite runs in a private keyring ' +
      '(scripts/with-keyring.sh).\n',
  );
  return [path.join(root, 'scripts', 'with-keyring.sh'), ...vitest];
}

/**
 * `command` with core files off. On Linux a crash can write one into the crashing process's
 * folder, the checkout (the kernel's default core_pattern is "core"): a Chromium that lost its
 * D-Bus session left 370 MB there. A crash still fails the tests it breaks; it leaves no file.
 */
function withoutCoreFiles(command: string[]): string[] {
  if (process.platform !== 'linux') return command;
  // The soft limit only: whoever wants a core file on purpose may still raise it.
  return ['/bin/sh', '-c', 'ulimit -S -c 0 && exec "$@"', 'npm-test', ...command];
}

const [command, ...args] = withoutCoreFiles(await suiteCommand());
const child = spawn(command!, args, { cwd: root, stdio: 'inherit' });
// Ctrl-C reaches the whole process group from the terminal; other signals are passed on.
process.on('SIGINT', () => undefined);
for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  process.stderr.write(`npm test: could not start ${command}: ${error.message}\n`);
  process.exit(1);
});
// Exits at once: the keychain probe's D-Bus connection would keep this process alive.
child.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0));
});
