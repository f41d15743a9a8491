// What the built CLI prints is safe for a terminal and never holds the key, whatever the server
// says and whatever the user typed: server text loses its control characters (no cleared
// screen, no window title, no forged line), the key is masked, and usage errors never echo a
// pasted key (unknown command, option values, a base URL holding it).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import type { CliRun } from '../support/cli-process';
import { runBuiltCli } from '../support/cli-process';
import { cliEnv } from './fixtures';

const SECRET = 'private_SECRETsecret7f3c9a1e';

let fake: FakeImageKit;
beforeAll(async () => {
  fake = await startFakeImageKit({ completeAfterMs: 0, privateKey: SECRET });
});
afterAll(() => fake.close());
beforeEach(() => fake.clearFaults());

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

function expectSafe(run: CliRun): void {
  expect(run.stdout).not.toMatch(CONTROL);
  expect(run.stderr).not.toMatch(CONTROL);
  expect((run.stdout + run.stderr).toLowerCase()).not.toContain('secretsecret');
}

describe('server text', () => {
  const HOSTILE =
    'Completed\u001b[2J\u001b]0;pwned\u0007\nfake-line 000000000000000000000000  Completed';

  it('a status with escape sequences and a newline prints as one inert line', async () => {
    const id = fake.addPurge(objectIdAt(Date.now()));
    fake.inject('unusual_status', { statusValue: HOSTILE });
    const run = await runBuiltCli(['status', id], { env: cliEnv(fake) });
    expectSafe(run);
    expect(run.lines).toHaveLength(1);
    // The escape characters are gone (the client may leave a space where one stood).
    expect(run.lines[0]).toMatch(new RegExp(`^${id}  Completed ?\\[2J ?\\]0;pwned fake-line`));
  });

  it('a status echoing the key prints it masked, in human and JSON output', async () => {
    const id = fake.addPurge(objectIdAt(Date.now()));
    fake.inject('unusual_status', { statusValue: `Pending ${SECRET}`, times: 2 });
    const human = await runBuiltCli(['status', id], { env: cliEnv(fake) });
    const json = await runBuiltCli(['status', '--json', id], { env: cliEnv(fake) });
    for (const run of [human, json]) expectSafe(run);
    expect(human.lines).toEqual([`${id}  Pending [private key]`]);
    expect(json.json).toEqual([
      { requestId: id, account: 'environment', status: 'Pending [private key]' },
    ]);
  });

  it('an error message with escapes and the key reaches stderr stripped and masked', async () => {
    fake.inject('http_error', {
      endpoint: 'submit',
      status: 400,
      message: `bad\u001b[31m url\r\npurge-watch: forged ${SECRET}`,
    });
    const run = await runBuiltCli(['purge', 'https://ik.imagekit.io/a.jpg'], {
      env: cliEnv(fake),
    });
    expect(run.code).toBe(1);
    expectSafe(run);
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('an error message echoing the key split by characters nothing draws shows it masked', async () => {
    // A zero width space, a soft hyphen and a tag character: a reader (and a copy) still sees
    // the key, and a mask looking for it whole (a CI log's) finds nothing.
    const split = `${SECRET.slice(0, 10)}\u200b${SECRET.slice(10, 16)}\u00ad${SECRET.slice(16, 22)}\u{E0041}${SECRET.slice(22)}`;
    fake.inject('http_error', { endpoint: 'submit', status: 400, message: `bad key ${split}` });
    const run = await runBuiltCli(['purge', '--json', 'https://ik.imagekit.io/a.jpg'], {
      env: cliEnv(fake),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('bad key [private key]');
    expect(run.json[0]).toMatchObject({ error: { message: 'bad key [private key]' } });
    expect(run.stdout + run.stderr).not.toMatch(/[\u200b\u00ad]|\u{E0041}/u);
  });

  it('an error message loses every bidirectional control, the Arabic letter mark too', async () => {
    // What reorders a line in a terminal or a CI log ("Trojan Source"): embeddings, overrides,
    // isolates, and the implicit marks LRM, RLM and ALM.
    const BIDI = '\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069';
    fake.inject('http_error', { endpoint: 'submit', status: 400, message: `bad ${BIDI}url` });
    const run = await runBuiltCli(['purge', '--json', 'https://ik.imagekit.io/a.jpg'], {
      env: cliEnv(fake),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/bad ?url/);
    expect(run.stderr + run.stdout).not.toMatch(new RegExp(`[${BIDI}]`, 'u'));
  });
});

describe('usage errors never echo a key', () => {
  it.each([
    [[SECRET], {}],
    [['wait', objectIdAt(Date.now()), '--timeout', SECRET], {}],
    [['status', `--${SECRET}`], {}],
    [['status', SECRET], {}],
    [['help', SECRET], {}],
    [['key', SECRET], {}],
    [['status', objectIdAt(Date.now())], { IMAGE_KIT_BASE_URL: `http://${SECRET}.example.com` }],
    [['status', objectIdAt(Date.now())], { IMAGE_KIT_BASE_URL: SECRET }],
  ])('%j %j exits 2 with one line and no key', async (args, env) => {
    // The key is not in the environment either: nothing could mask it afterwards.
    const run = await runBuiltCli(args, {
      env: cliEnv(fake, { IMAGEKIT_PRIVATE_KEY: undefined, ...env }),
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^purge-watch: [^\n]+\n$/);
    expectSafe(run);
  });
});
