// The `purge-watch` executable: real streams, fetch, clock and keychain into runCli.
import { systemClock } from '../core/clock';
import { KeytarKeychain } from '../core/keychain';
import { runCli } from './run';

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  fetch: (input, init) => fetch(input, init),
  // PURGE_WATCH_KEYCHAIN_SERVICE keeps a separate key (another account, or tests).
  keychain: new KeytarKeychain({ service: process.env.PURGE_WATCH_KEYCHAIN_SERVICE || undefined }),
  clock: systemClock,
});
process.exitCode = code;
