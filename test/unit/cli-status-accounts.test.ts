// `purge-watch status` with several accounts, in virtual time: each account asks within its own
// budget, and a 429 holds only the account ImageKit sent it to (ImageKit limits each account on
// its own), while the lookup still finds an ID known only to the second account.
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/cli-context';
import { ExitCode } from '../../src/cli/exit-codes';
import { runCli } from '../../src/cli/run';
import { RATE_LIMIT_PATIENCE_MS } from '../../src/cli/status-command';
import { MemoryKeychain } from '../support/memory-keychain';
import { VirtualClock } from '../support/virtual-clock';

const KEYS = { default: 'private_defaultAccountKey1=', staging: 'private_stagingAccountKey2=' };
const idOf = (n: number) => `5f2b6c1e9a8d7c6b5a4f${(0x3e00 + n).toString(16)}`;

interface Answered {
  account: string;
  requestId: string;
  at: number;
  status: number;
}

/**
 * `status --json ids` (or `command`) against two accounts: `owned(account, id)` says which
 * account knows an ID; the staging account's first request is answered 429 with a reset of
 * `holdMs`, the first request about `flaky` 503, and every request of `refused` 401.
 */
async function run(
  ids: string[],
  owned: (account: string, id: string) => boolean,
  holdMs = 0,
  flaky?: string,
  { command = 'status', refused }: { command?: 'status' | 'wait'; refused?: string } = {},
) {
  const clock = new VirtualClock();
  const answered: Answered[] = [];
  let stdout = '';
  let stderr = '';
  let stagingHeld = holdMs === 0;
  let failedOnce = flaky === undefined;
  const context: CliContext = {
    env: { IMAGE_KIT_BASE_URL: 'https://api.imagekit.io' },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: (async function* () {})(),
    fetch: async (input, init) => {
      const auth = (init.headers as Record<string, string>).Authorization!;
      const key = Buffer.from(auth.replace('Basic ', ''), 'base64').toString().slice(0, -1);
      const account = key === KEYS.staging ? 'staging' : 'default';
      const requestId = String(input).split('/').at(-1)!;
      const reply = (status: number, body: object, headers: Record<string, string> = {}) => {
        answered.push({ account, requestId, at: clock.monotonic(), status });
        return new Response(JSON.stringify(body), {
          status,
          headers: { 'content-type': 'application/json', ...headers },
        });
      };
      if (account === refused) {
        return reply(401, { message: 'Your account cannot be authenticated.' });
      }
      if (account === 'staging' && !stagingHeld) {
        stagingHeld = true;
        return reply(429, { message: 'Too many requests' }, { 'x-ratelimit-reset': `${holdMs}` });
      }
      if (requestId === flaky && !failedOnce) {
        failedOnce = true;
        return reply(503, { message: 'Service unavailable' });
      }
      if (!owned(account, requestId)) {
        return reply(400, { message: 'No request found for this requestId.' });
      }
      return reply(200, { status: 'Completed' });
    },
    keychain: new MemoryKeychain(KEYS.default, { staging: KEYS.staging }),
    clock,
  };
  let code: number | undefined;
  void runCli([command, '--json', ...ids], context).then((exit) => (code = exit));
  expect(await clock.advanceUntil(() => code !== undefined, 10 * 60_000, 50)).toBe(true);
  const lines = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, lines, answered, stderr };
}

describe('status with several accounts', () => {
  it("holds only the account a 429 was for: the default account's checks go on meanwhile", async () => {
    const [stagingId, defaultId] = [idOf(0), idOf(1)];
    // The default account's ID fails once, so it is asked again while staging is held.
    const { code, lines, answered } = await run(
      [stagingId, defaultId],
      (account, id) => (account === 'staging') === (id === stagingId),
      20_000,
      defaultId,
    );
    expect(code).toBe(ExitCode.ok);
    expect(lines).toEqual([
      { requestId: stagingId, account: 'staging', status: 'Completed' },
      { requestId: defaultId, account: 'default', status: 'Completed' },
    ]);
    const held = answered.find((a) => a.status === 429)!;
    expect(held.account).toBe('staging');
    const retried = answered.filter((a) => a.requestId === defaultId);
    expect(retried.map((a) => a.status)).toEqual([503, 200]);
    expect(retried[1]!.at).toBeGreaterThan(held.at);
    expect(retried[1]!.at).toBeLessThan(held.at + 20_000);
    const stagingAnswer = answered.find((a) => a.account === 'staging' && a.status === 200)!;
    expect(stagingAnswer.at).toBeGreaterThanOrEqual(held.at + 20_000);
  });

  it('answers "rate limited" at once for the account a 429 holds past what status waits, and the others as usual', async () => {
    const [stagingId, otherStagingId, defaultId] = [idOf(0), idOf(2), idOf(1)];
    const staging = new Set([stagingId, otherStagingId]);
    const { code, lines, answered, stderr } = await run(
      [stagingId, defaultId, otherStagingId],
      (account, id) => (account === 'staging') === staging.has(id),
      RATE_LIMIT_PATIENCE_MS + 1,
    );
    expect(code).toBe(ExitCode.failed);
    const message = `staging: ImageKit's rate limit holds requests for another 30s; status waits at most 30s for it: ask again then, or use purge-watch wait.`;
    expect(stderr).toBe(`purge-watch: ${message}\n`);
    const rateLimited = { kind: 'rate_limited', message };
    expect(lines).toEqual([
      { requestId: stagingId, account: 'staging', error: rateLimited },
      { requestId: defaultId, account: 'default', status: 'Completed' },
      { requestId: otherStagingId, account: 'staging', error: rateLimited },
    ]);
    // One 429 is all staging was asked: its other ID is not sent into the hold.
    expect(answered.filter((a) => a.account === 'staging').map((a) => a.status)).toEqual([429]);
    expect(Math.max(...answered.map((a) => a.at))).toBeLessThan(RATE_LIMIT_PATIENCE_MS);
  });

  it('spends each account its own budget: two accounts answer twice as many IDs a second', async () => {
    // 10 IDs per account, no rate-limit headers: each account's budget stays 2 a second.
    const ids = Array.from({ length: 20 }, (_, i) => idOf(i));
    const stagingIds = new Set(ids.slice(0, 10));
    const { code, answered } = await run(
      ids,
      (account, id) => (account === 'staging') === stagingIds.has(id),
    );
    expect(code).toBe(ExitCode.ok);
    const perAccount = (account: string) => answered.filter((a) => a.account === account);
    // The default account asks about all 20 (10 "not found"), staging about its 10.
    expect(perAccount('default')).toHaveLength(20);
    expect(perAccount('staging')).toHaveLength(10);
    // 30 requests at one shared 2 a second would take 14.5 s; at 2 a second per account, the
    // staging account's 10 go while the default account is still asking about its 20.
    expect(Math.max(...answered.map((a) => a.at))).toBeLessThan(12_000);
  });

  // The app tracks an ID of unknown account past a refused key to the accounts that can answer
  // (core/accounts/account-lookup.ts), and `status` and `wait` do the same: a user asking about a purge
  // gets its answer while one account's key is broken, and hears about that key on stderr.
  it("the default account's refused key does not hide an ID another account knows: status and wait answer it", async () => {
    const [stagingId, nowhereId] = [idOf(2), idOf(3)];
    const refusal = 'default: Your account cannot be authenticated.';
    const completed = expect.objectContaining({
      requestId: stagingId,
      account: 'staging',
      status: 'Completed',
    });
    for (const command of ['status', 'wait'] as const) {
      const options = { command, refused: 'default' };
      const found = await run(
        [stagingId],
        (account) => account === 'staging',
        0,
        undefined,
        options,
      );
      expect(found.code).toBe(ExitCode.ok);
      expect(found.lines).toEqual([completed]);
      expect(found.stderr).toBe(`purge-watch: ${refusal}\n`);

      // Known to no account that can answer: the answer is the refusal (the refused account may
      // know it), not "not found".
      const ids = [stagingId, nowhereId];
      const held = await run(ids, (_, id) => id === stagingId, 0, undefined, options);
      expect(held.code).toBe(ExitCode.auth);
      const answer = {
        requestId: nowhereId,
        account: 'default',
        error: { kind: 'auth', message: refusal },
      };
      // status answers in the order given; wait as each purge settles.
      expect(held.lines).toHaveLength(2);
      expect(held.lines).toEqual(expect.arrayContaining([completed, answer]));
      expect(held.stderr).toBe(`purge-watch: ${refusal}\n`);
    }
  });
});
