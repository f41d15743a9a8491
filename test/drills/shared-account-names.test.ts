// Drill: the app and a purge-watch command changing macOS's account-names.json at the same
// moment, as two real processes on one profile (issue 28 points 10 and 3: the names kept where
// reading them needs no secret, written by both). Each child (test/drills/fixtures/name-writer.ts)
// stores keys for accounts of its own and deletes others, through the keychain adapter that
// keeps the list. Afterwards the list holds every account either added and none either deleted:
// no process's change was undone by the other's write.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_NAME_FILE, accountNameFile } from '../../src/core/accounts/account-name-file';

const CHANGES_EACH = 40;
const WRITERS = ['app', 'cli'];

let profile: string;
beforeAll(() => {
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-shared-names-'));
});
afterAll(() => fs.rmSync(profile, { recursive: true, force: true }));

const numbered = (prefix: string) =>
  Array.from({ length: CHANGES_EACH }, (_, n) => `${prefix}-${n + 1}`);

/** A writer started and ready; `run` lets it go, resolving with its output once it exits. */
async function startWriter(prefix: string): Promise<{ run: () => Promise<string> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/drills/fixtures/name-writer.ts', profile, prefix, `${CHANGES_EACH}`],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // 'close', not 'exit': its last line ("done") may still be in the pipe when it has exited.
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await Promise.race([
    new Promise<void>((resolve) => {
      const poll = () => (output.includes('ready') ? resolve() : setTimeout(poll, 20));
      poll();
    }),
    exited.then(() => Promise.reject(new Error(`the ${prefix} writer exited: ${output}`))),
  ]);
  return {
    run: async () => {
      child.stdin.write('go\n');
      const code = await exited;
      expect(code, output).toBe(0);
      return output;
    },
  };
}

describe('the app and the CLI changing one list of account names', () => {
  it('keeps every name either added and none either deleted', { timeout: 90_000 }, async () => {
    // The list as an earlier start left it: the accounts each writer will delete, and one more.
    const before = ['seed', ...WRITERS.flatMap((prefix) => numbered(`${prefix}-removed`))];
    fs.writeFileSync(path.join(profile, ACCOUNT_NAME_FILE), JSON.stringify({ accounts: before }));

    const writers = await Promise.all(WRITERS.map(startWriter));
    const outputs = await Promise.all(writers.map((writer) => writer.run()));
    for (const output of outputs) expect(output).toMatch(/^done$/m);

    const listed = accountNameFile(profile, () => undefined).read();
    expect(listed?.slice().sort()).toEqual(
      ['seed', ...WRITERS.flatMap((prefix) => numbered(prefix))].sort(),
    );
    expect(fs.readdirSync(profile)).toEqual([ACCOUNT_NAME_FILE]);
  });
});
