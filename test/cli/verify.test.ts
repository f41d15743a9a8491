// `--verify` on `wait` and `purge --wait`: the built CLI against the fake ImageKit and its fake
// CDN. After ImageKit says Completed, what the CDN's edge serves: fresh, stale then fresh, stale
// past the re-checks (exit 6), unknown (exit code unchanged), wildcards, redirects, hostile
// headers; and no request to the CDN carries a credential.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import { EDGE } from '../fake-imagekit/cdn';
import { runBuiltCli } from '../support/cli-process';
import { cliEnv } from './fixtures';

let fake: FakeImageKit;
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-verify-profile-'));
beforeAll(async () => {
  fake = await startFakeImageKit({ completeAfterMs: 300 });
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(profile, { recursive: true, force: true });
});
beforeEach(() => fake.resetRecords());
afterEach(() => {
  // Whatever a test did, nothing sent to the CDN carried a credential or a cookie.
  for (const request of fake.cdn.requests) {
    expect(request.headers).not.toHaveProperty('authorization');
    expect(request.headers).not.toHaveProperty('cookie');
    expect(JSON.stringify(request)).not.toContain(fake.privateKey);
  }
});

let paths = 0;
const freshUrl = (name = 'a.jpg') => `${fake.cdn.baseUrl}/acme/v${++paths}/${name}`;
const pathOf = (url: string) => new URL(url).pathname;

function cli(args: string[], env: Record<string, string | undefined> = {}) {
  return runBuiltCli(args, { env: cliEnv(fake, { PURGE_WATCH_USER_DATA: profile, ...env }) });
}

describe('purge --wait --verify', () => {
  it('fresh: says so in words, and exits 0', async () => {
    const url = freshUrl();
    const run = await cli(['purge', '--wait', '--verify', url]);
    expect(run.code).toBe(0);
    expect(run.lines[1]).toMatch(
      new RegExp(
        `^[0-9a-f]{24} {2}${url} {2}Completed (?:after|within) \\S+ · fresh at ${EDGE} \\(same content as before the purge\\)$`,
      ),
    );
    expect(run.stderr).toBe('');
  });

  it('--json adds the verify object', async () => {
    const url = freshUrl();
    fake.cdn.publish(pathOf(url)); // a new file at the origin
    const run = await cli(['purge', '--wait', '--verify', '--json', url]);
    expect(run.code).toBe(0);
    expect(run.json[1]).toMatchObject({
      url,
      status: 'Completed',
      verify: {
        verdict: 'fresh',
        age: null,
        cache: 'Miss from cloudfront',
        pop: EDGE,
        contentChanged: true,
        checkedAt: expect.any(Number),
        url,
      },
    });
  });

  it('stale, then fresh once the edge catches up: re-checked, exit 0', async () => {
    const url = freshUrl();
    fake.cdn.setMode(pathOf(url), { kind: 'stale-edge', forMs: 800 });
    const run = await cli(['purge', '--wait', '--verify', '--json', url]);
    expect(run.code).toBe(0);
    expect(run.json[1]).toMatchObject({ verify: { verdict: 'fresh', pop: EDGE } });
    const checks = fake.cdn.requests.filter((r) => r.path === pathOf(url));
    expect(checks.length).toBeGreaterThan(2); // the probe, a stale answer, the fresh one
  });

  it('stale past the re-checks: names the edge and the age, exits 6', async () => {
    const url = freshUrl();
    fake.cdn.setMode(pathOf(url), { kind: 'stale-edge', forMs: 10 * 60_000 });
    const run = await cli(['purge', '--wait', '--verify', url]);
    expect(run.code).toBe(6);
    expect(run.lines[1]).toMatch(
      new RegExp(
        `Completed (?:after|within) \\S+ · ${EDGE} still serves a copy from 2h ago \\(same content as before the purge\\)$`,
      ),
    );
    const json = await cli(['purge', '--wait', '--verify', '--json', url]);
    expect(json.code).toBe(6);
    expect(json.json[1]).toMatchObject({
      verify: {
        verdict: 'stale',
        cache: 'Hit from cloudfront',
        pop: EDGE,
        age: expect.any(Number),
      },
    });
    expect((json.json[1]!.verify as { age: number }).age).toBeGreaterThanOrEqual(7200);
  });

  it('a URL ImageKit refused wins over an old copy at the CDN: exit 1, as in `wait`', async () => {
    // Before, the stale copy's 6 hid the refused URL: "every purge completed" to a script.
    const [refused, stale] = [freshUrl('refused.js'), freshUrl('stale.js')];
    fake.cdn.setMode(pathOf(stale), { kind: 'stale-edge', forMs: 10 * 60_000 });
    fake.inject('http_error', {
      endpoint: 'submit',
      status: 400,
      message: 'The URL is not valid for cache purging.',
    });
    const run = await cli(['purge', '--wait', '--verify', '--json', refused, stale]);
    expect(run.json).toEqual([
      expect.objectContaining({
        url: refused,
        error: expect.objectContaining({ kind: 'rejected' }),
      }),
      expect.objectContaining({ url: stale, requestId: expect.any(String) }),
      expect.objectContaining({
        url: stale,
        verify: expect.objectContaining({ verdict: 'stale' }),
      }),
    ]);
    expect(run.code).toBe(1);
  });

  it.each([
    [
      'no cache headers',
      { kind: 'no-cache-headers' } as const,
      'freshness unknown: no cache headers',
    ],
    ['a 404', { kind: 'not-found' } as const, 'freshness unknown: the CDN answered HTTP 404'],
  ])('unknown (%s) does not change the exit code', async (_what, mode, words) => {
    const url = freshUrl();
    fake.cdn.setMode(pathOf(url), mode);
    const run = await cli(['purge', '--wait', '--verify', url]);
    expect(run.code).toBe(0);
    expect(run.lines[1]).toMatch(new RegExp(`Completed (?:after|within) \\S+ · ${words}$`));
  });

  it('a wildcard is not checked, unless --verify-url names URLs under it', async () => {
    const folder = freshUrl('css/');
    const plain = await cli(['purge', '--wait', '--verify', `${folder}*`]);
    expect(plain.code).toBe(0);
    expect(plain.lines[1]).toMatch(/Completed (?:after|within) \S+ · not checked: wildcard$/);
    expect(fake.cdn.requests).toEqual([]);

    const named = await cli([
      'purge',
      '--wait',
      '--verify',
      '--json',
      `${folder}*`,
      '--verify-url',
      `${folder}a.css`,
      '--verify-url',
      `${folder}b/c.css`,
    ]);
    expect(named.code).toBe(0);
    expect(named.json[1]).toMatchObject({
      verify: {
        verdict: 'fresh',
        urls: [
          expect.objectContaining({ verdict: 'fresh', pop: EDGE }),
          expect.objectContaining({ verdict: 'fresh', pop: EDGE }),
        ],
      },
    });
  });

  it('a redirect loop is unknown, and stopped', async () => {
    const [a, b] = [freshUrl('loop-a'), freshUrl('loop-b')];
    fake.cdn.setMode(pathOf(a), { kind: 'redirect', to: pathOf(b) });
    fake.cdn.setMode(pathOf(b), { kind: 'redirect', to: pathOf(a) });
    const run = await cli(['purge', '--wait', '--verify', a]);
    expect(run.code).toBe(0);
    expect(run.lines[1]).toMatch(/· freshness unknown: more than 3 redirects$/);
  });

  it('hostile headers reach the terminal without a control character', async () => {
    const url = freshUrl();
    fake.cdn.setMode(pathOf(url), { kind: 'hostile', headers: 'controls' });
    const run = await cli(['purge', '--wait', '--verify', '--json', url]);
    expect(run.code).toBe(6); // its Age says two hours: the edge never catches up
    expect(run.stdout + run.stderr).not.toMatch(
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/,
    );
    expect(run.json[1]).toMatchObject({ verify: { verdict: 'stale', pop: null } });
  });

  it('an absurd Age (10^20 s) is stale, its copy said to be over a year old', async () => {
    const url = freshUrl();
    fake.cdn.setMode(pathOf(url), { kind: 'hostile', headers: 'age-huge' });
    const run = await cli(['purge', '--wait', '--verify', url]);
    expect(run.code).toBe(6);
    expect(run.lines[1]).toMatch(
      new RegExp(
        `· ${EDGE} still serves a copy from over a year ago \\(same content as before the purge\\)$`,
      ),
    );
  });

  it('--timeout cuts a check short: the purge is reported completed, its check not done, exit 3', async () => {
    const url = freshUrl();
    fake.cdn.setMode(pathOf(url), { kind: 'stale-edge', forMs: 10 * 60_000 });
    // The re-checks go on for 2.4 s after completion (scaled): the timeout comes first.
    const run = await cli(['purge', '--wait', '--verify', '--json', '--timeout', '2s', url]);
    expect(run.code).toBe(3);
    expect(run.json[1]).toMatchObject({
      url,
      status: 'Completed',
      verify: { verdict: 'unknown', reason: 'not checked: --timeout 2s reached' },
    });
  });

  it('--verify-head asks with HEAD', async () => {
    const url = freshUrl();
    const run = await cli(['purge', '--wait', '--verify-head', url]);
    expect(run.code).toBe(0);
    expect(run.lines[1]).toMatch(/ · fresh at FRA56-P1/);
    expect(fake.cdn.requests.map((r) => r.method)).toEqual(['HEAD', 'HEAD']);
  });

  it('never spends an ImageKit API request on the CDN check', async () => {
    const url = freshUrl();
    const run = await cli(['purge', '--wait', '--verify', url]);
    expect(run.code).toBe(0);
    expect(fake.cdn.requests.length).toBeGreaterThan(0);
    expect(fake.requests.every((r) => r.endpoint === 'submit' || r.endpoint === 'status')).toBe(
      true,
    );
    expect(fake.requests.some((r) => r.path.includes('/acme/'))).toBe(false);
  });
});

describe('wait --verify', () => {
  const purged = (url?: string) =>
    fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: 0, ...(url ? { url } : {}) });

  it('checks the URL --verify-url names for the ID', async () => {
    const url = freshUrl();
    const id = purged(url);
    const run = await cli(['wait', '--verify-url', url, id]);
    expect(run.code).toBe(0);
    expect(run.lines).toEqual([
      `${id}  Completed (already completed at the first answer) · fresh at ${EDGE} (${url})`,
    ]);
  });

  it('with several IDs, each --verify-url names its ID', async () => {
    const [a, b] = [freshUrl(), freshUrl()];
    const [idA, idB] = [purged(a), purged(b)];
    fake.cdn.setMode(pathOf(b), { kind: 'stale-edge', forMs: 10 * 60_000 });
    const run = await cli([
      'wait',
      '--json',
      '--verify-url',
      `${idA}=${a}`,
      '--verify-url',
      `${idB}=${b}`,
      idA,
      idB,
    ]);
    expect(run.code).toBe(6);
    const byId = Object.fromEntries(run.json.map((o) => [o.requestId, o.verify]));
    expect(byId[idA]).toMatchObject({ verdict: 'fresh', url: a });
    expect(byId[idB]).toMatchObject({ verdict: 'stale', url: b });

    const bare = await cli(['wait', '--verify-url', a, idA, idB]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/name the one each --verify-url is for/);
  });

  it("checks the URL the app purged for the ID (read from the app's profile)", async () => {
    const url = freshUrl();
    const id = purged(url);
    const appProfile = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-verify-app-'));
    try {
      const record = {
        requestId: id,
        url,
        state: 'completed',
        status: 'Completed',
        submittedAt: Date.now(),
        addedAt: Date.now(),
        checks: 1,
      };
      fs.writeFileSync(path.join(appProfile, 'purges.json'), JSON.stringify({ purges: [record] }));
      const run = await cli(['wait', '--verify', id], { PURGE_WATCH_USER_DATA: appProfile });
      expect(run.code).toBe(0);
      expect(run.lines[0]).toBe(
        `${id}  Completed (already completed at the first answer) · fresh at ${EDGE} (${url})`,
      );
    } finally {
      fs.rmSync(appProfile, { recursive: true, force: true });
    }
  });

  it('a wildcard named for the ID is not checked', async () => {
    const folder = `${freshUrl('css/')}*`;
    const id = purged(folder);
    const run = await cli(['wait', '--verify-url', `${id}=${folder}`, id]);
    expect(run.code).toBe(0);
    expect(run.lines[0]).toMatch(/ · not checked: wildcard \(.+\)$/);
    expect(fake.cdn.requests).toEqual([]);
  });

  it('says so when no URL is known for the ID', async () => {
    const id = purged();
    const run = await cli(['wait', '--verify', '--json', id]);
    expect(run.code).toBe(0);
    expect(run.json[0]).toMatchObject({
      verify: {
        verdict: 'unknown',
        reason: 'not checked: no URL',
        age: null,
        cache: null,
        pop: null,
        contentChanged: null,
      },
    });
  });
});

describe('usage', () => {
  it.each([
    [
      ['status', '--verify', '000000000000000000000001'],
      '--verify only applies to wait and purge --wait',
    ],
    [
      ['purge', '--verify', 'https://ik.imagekit.io/a.jpg'],
      '--verify only applies to wait and purge --wait',
    ],
    [['wait', '--verify-url', 'ftp://x/a', '000000000000000000000001'], 'not an http(s) URL'],
    [
      ['wait', '--verify-url', 'https://u:pw@ik.imagekit.io/a', '000000000000000000000001'],
      'user name or password',
    ],
    [['wait', '--verify-url'], '--verify-url needs a URL'],
    [
      [
        'purge',
        '--wait',
        '--verify-url',
        'https://ik.imagekit.io/x/a.css',
        // A wildcard ImageKit allows (2 levels): the URL to check is what is refused.
        'https://ik.imagekit.io/acme/y/*',
      ],
      'not a URL purged, nor under a wildcard purged',
    ],
  ])('%j is a usage error, nothing sent', async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toContain('pw@');
    expect(fake.requests).toEqual([]);
    expect(fake.cdn.requests).toEqual([]);
  });
});
