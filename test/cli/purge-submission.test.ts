// The built `purge` submitting to the fake ImageKit: never twice. A POST whose connection is
// reset after it was sent may have made the purge, so it is reported as "may have been
// submitted" and not sent again; a 429 is waited out and sent again; a refused connection
// (nothing sent) is tried again; every network error names the host it tried.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeImageKit } from '../fake-imagekit/server';
import { startFakeImageKit } from '../fake-imagekit/server';
import { runBuiltCli } from '../support/cli-process';
import { cliEnv, deadBaseUrl } from './fixtures';

let fake: FakeImageKit;
beforeAll(async () => {
  fake = await startFakeImageKit({ completeAfterMs: 0 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.clearFaults();
  fake.resetRecords();
});

const posts = () => fake.requests.filter((request) => request.method === 'POST');
const URL_A = 'https://ik.imagekit.io/acme/site/app.js';

describe('purge: never twice', () => {
  it('a connection reset mid-POST is reported as maybe submitted, and not sent again', async () => {
    fake.inject('reset', { endpoint: 'submit' });
    const run = await runBuiltCli(['purge', '--json', URL_A], { env: cliEnv(fake) });
    expect(run.code).toBe(1);
    expect(posts()).toHaveLength(1);
    const host = new URL(fake.baseUrl).host;
    expect(run.json).toEqual([
      {
        url: URL_A,
        account: 'environment',
        mayHaveBeenSubmitted: true,
        error: {
          kind: 'transient',
          message: expect.stringMatching(
            new RegExp(`^Could not reach ImageKit \\(${host}\\): .+ may have been submitted`),
          ),
        },
      },
    ]);
    expect(run.stderr).toContain('it was not sent again');
  });

  it('a 429 is waited out and the purge sent again: one purge made', async () => {
    fake.inject('rate_limited', { endpoint: 'submit', resetMs: 200 });
    const run = await runBuiltCli(['purge', URL_A], { env: cliEnv(fake) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(posts().map((post) => post.responseStatus)).toEqual([429, 201]);
    expect(run.lines).toEqual([expect.stringMatching(new RegExp(`^[0-9a-f]{24}  ${URL_A}$`))]);
  });

  it('a refused connection (nothing sent) is tried again, and the error names the host', async () => {
    const dead = await deadBaseUrl();
    const run = await runBuiltCli(['purge', URL_A], {
      env: cliEnv(fake, { IMAGE_KIT_BASE_URL: dead }),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `purge-watch: ${URL_A}: Could not reach ImageKit (${new URL(dead).host}): ECONNREFUSED. (temporary failure)\n`,
    );
  });
});
