// The built CLI against a loopback port nothing listens on: the last error is shown, `wait`
// gives up with exit 1 after ImageKit has not answered at all for NO_ANSWER_GIVE_UP_MS (scaled
// by PURGE_WATCH_POLL_SCALE here), and a timeout says whether anything was checked.
import type { AddressInfo, Server } from 'node:net';
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import { runCli } from '../../src/cli/run';
import { systemClock } from '../../src/core/clock';
import type { Keychain } from '../../src/core/accounts/keychain';
import { runBuiltCli } from '../support/cli-process';
import { cliEnv, deadBaseUrl } from './fixtures';

let fake: FakeImageKit;
let dead: string;
beforeAll(async () => {
  fake = await startFakeImageKit({ completeAfterMs: Infinity });
  dead = await deadBaseUrl();
});
afterAll(() => fake.close());

const ID = objectIdAt(Date.now());

describe('a dead network', () => {
  it('wait exits 1 with the error once nothing has answered for the give-up time', async () => {
    // 2 minutes × 0.02: 2.4 s, well inside the 20 s --timeout.
    const run = await runBuiltCli(['wait', ID, '--timeout', '20s'], {
      env: cliEnv(fake, { IMAGE_KIT_BASE_URL: dead }),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^purge-watch: Could not reach ImageKit \(127\.0\.0\.1:\d+\): ECONNREFUSED\. No answer from ImageKit for \d+s: giving up\.\n$/,
    );
  });

  it('wait --json gives each ID its error object on stdout too', async () => {
    const run = await runBuiltCli(['wait', '--json', ID], {
      env: cliEnv(fake, { IMAGE_KIT_BASE_URL: dead }),
    });
    expect(run.code).toBe(1);
    expect(run.json).toEqual([
      {
        requestId: ID,
        account: 'environment',
        error: { kind: 'transient', message: expect.stringMatching(/^Could not reach ImageKit/) },
      },
    ]);
  });

  it('status exits 1 with the error on stderr and nothing on stdout', async () => {
    const run = await runBuiltCli(['status', ID, objectIdAt(Date.now() - 1_000)], {
      env: cliEnv(fake, { IMAGE_KIT_BASE_URL: dead }),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^purge-watch: Could not reach ImageKit \(127\.0\.0\.1:\d+\): [^\n]+\n$/,
    );
  });

  it('a timeout after failed checks says it is unanswered, with the last error', async () => {
    // An ID a minute old is checked at once; the give-up (2 min × 0.5) is far beyond 1 s.
    const old = objectIdAt(Date.now() - 60_000);
    const run = await runBuiltCli(['wait', old, '--timeout', '1s'], {
      env: cliEnv(fake, { IMAGE_KIT_BASE_URL: dead, PURGE_WATCH_POLL_SCALE: '0.5' }),
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      new RegExp(
        `^purge-watch: ${old}: still unanswered after --timeout 1s \\(last error: Could not reach ImageKit \\(127\\.0\\.0\\.1:\\d+\\): .+\\) \\(timed out\\)\\n$`,
      ),
    );
  });

  it('the progress line on a terminal shows the last error', async () => {
    let stderr = '';
    const code = await runCli(['wait', ID, '--timeout', '20s'], {
      env: {
        IMAGE_KIT_BASE_URL: dead,
        IMAGEKIT_PRIVATE_KEY: fake.privateKey,
        PURGE_WATCH_POLL_SCALE: '0.01',
      },
      stdout: { write: () => true },
      stderr: { write: (text: string) => (stderr += text), isTTY: true },
      stdin: (async function* () {})(),
      fetch: (input, init) => fetch(input, init),
      keychain: {} as Keychain,
      clock: systemClock,
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /Waiting for 1 of 1 purge · \S+ elapsed · last error: Could not reach ImageKit/,
    );
  });
});

describe('a timeout before the first check', () => {
  it('says "not checked yet", not "still unanswered"', async () => {
    // Unscaled, a purge submitted just now is first checked 5 s after submission.
    const fresh = fake.addPurge(objectIdAt(Date.now() + 60_000));
    const run = await runBuiltCli(['wait', fresh, '--timeout', '1s', '--json'], {
      env: cliEnv(fake, { PURGE_WATCH_POLL_SCALE: undefined }),
    });
    expect(run.code).toBe(3);
    expect(run.json).toEqual([
      {
        requestId: fresh,
        account: 'environment',
        error: { kind: 'timeout', message: 'not checked yet after --timeout 1s' },
      },
    ]);
    expect(fake.requests.filter((r) => r.requestId === fresh)).toHaveLength(0);
  });
});

describe('an address that answers with a redirect', () => {
  let redirector: Server;
  const seen: string[] = [];
  beforeAll(async () => {
    // A proxy sending every request elsewhere (to http, with the key if it were followed).
    redirector = createServer((request, response) => {
      seen.push(`${request.method} ${request.url}`);
      response.writeHead(302, { location: `http://127.0.0.1:1${request.url}` }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => redirector.close(() => resolve())));
  const env = () =>
    cliEnv(fake, {
      IMAGE_KIT_BASE_URL: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`,
    });
  const REDIRECT =
    /ImageKit's address \(127\.0\.0\.1:\d+\) answered with a redirect \(not followed/;

  it('wait says so, and does not give up as if nothing had answered', async () => {
    // The no-answer give-up (2 min × 0.02) comes long before this --timeout.
    const run = await runBuiltCli(['wait', ID, '--timeout', '6s'], { env: env() });
    expect(run.stderr).not.toMatch(/No answer from ImageKit/);
    expect(run.stderr).toMatch(REDIRECT);
    expect(run.code).toBe(3);
  });

  it('status says so; the redirect is never followed', async () => {
    seen.length = 0;
    const run = await runBuiltCli(['status', ID], { env: env() });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(REDIRECT);
    expect(run.stderr).not.toMatch(/fetch failed|Could not reach/);
    expect(seen.every((request) => request.startsWith('GET /v1/files/purge/'))).toBe(true);
  });
});
