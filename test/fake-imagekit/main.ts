// `npm run fake-imagekit -- [--port N] [--complete-after 20s] [--rate-limit 10/1s]
// [--account NAME[=KEY]]...`: a fake ImageKit for manual runs, and for testing your own purge
// scripts; with --account, several ImageKit accounts on one server.
import { newFakeKey } from './accounts';
import { objectIdAt, startFakeImageKit } from './server';
import type { FakeImageKit, RateLimitRule } from './server';

const HELP_TEXT = `Usage: npm run fake-imagekit -- [--port N] [--complete-after DURATION] [--rate-limit N/DURATION]... [--account NAME[=KEY]]...

  --port N                   port on 127.0.0.1 (default: env PORT, else any free port)
  --complete-after DURATION  when submitted purges complete: 500ms, 20s, 2m (default 20s)
  --rate-limit N/DURATION    at most N requests per DURATION on each endpoint, then 429 with
                             X-RateLimit-Reset; repeat for several at once (--rate-limit 10/1s
                             --rate-limit 100/15m). Default 1000/1s, counted per account
  --account NAME[=KEY]       an ImageKit account of its own (its key: KEY, or a fresh fake one);
                             repeat for several (--account production --account staging). Each
                             knows only the purges submitted with its key. Default: one account
`;

function parseDurationMs(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration like 500ms, 20s or 2m.`);
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  return unit === 'ms' ? value : unit === 's' ? value * 1_000 : value * 60_000;
}

function parseRateLimit(text: string): RateLimitRule {
  const [count = '', per = ''] = text.split('/');
  const limit = Number(count);
  if (!/^\d+$/.test(count) || limit < 1) {
    throw new Error(`"${text}" is not a rate limit like 10/1s or 1000/15m.`);
  }
  return { limit, intervalMs: parseDurationMs(per) };
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`"${text}" is not a port number (0-65535).`);
  }
  return port;
}

/** NAME=KEY, or NAME alone (the fake makes up a key: null). */
function parseAccount(text: string): [string, string | null] {
  const equals = text.indexOf('=');
  const name = equals < 0 ? text : text.slice(0, equals);
  if (!/^[\w.-]+$/.test(name)) {
    throw new Error(`"${text}" is not an account like production or production=private_KEY.`);
  }
  return [name, equals < 0 ? null : text.slice(equals + 1)];
}

interface Args {
  port: number;
  completeAfterMs: number;
  rateLimits: RateLimitRule[];
  accounts: [string, string | null][];
}

function parseArgs(argv: string[]): Args {
  let port = process.env.PORT ? parsePort(process.env.PORT) : 0;
  let completeAfterMs = 20_000;
  const rateLimits: RateLimitRule[] = [];
  const accounts: [string, string | null][] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    // The value after the first '=' whole: --account=staging=KEY.
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = equals < 0 ? arg : arg.slice(0, equals);
    const inline = equals < 0 ? undefined : arg.slice(equals + 1);
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined) throw new Error(`${name} needs a value.`);
      return next;
    };
    if (name === '--port') port = parsePort(value());
    else if (name === '--complete-after') completeAfterMs = parseDurationMs(value());
    else if (name === '--rate-limit') rateLimits.push(parseRateLimit(value()));
    else if (name === '--account') accounts.push(parseAccount(value()));
    else if (name === '--help' || name === '-h') {
      process.stdout.write(HELP_TEXT);
      process.exit(0);
    } else throw new Error(`Unknown option "${arg}".\n\n${HELP_TEXT}`);
  }
  if (new Set(accounts.map(([name]) => name)).size !== accounts.length) {
    throw new Error('Each --account needs a name of its own.');
  }
  return { port, completeAfterMs, rateLimits, accounts };
}

const seconds = (ms: number): string => `${ms / 1000} s`;

interface Seed {
  account: string;
  requestId: string;
  completeAfterMs: number;
  what: string;
}

/** The first account's purges complete at once, soon, late and never; every other account knows
 * one purge of its own, completing soon. */
function seedPurges(fake: FakeImageKit, completeAfterMs: number): Seed[] {
  const now = Date.now();
  const [first = '', ...others] = Object.keys(fake.accounts);
  const soon = `completes after ${seconds(completeAfterMs)}`;
  const seeds: Seed[] = [
    {
      account: first,
      requestId: objectIdAt(now - 5 * 60_000),
      completeAfterMs: 0,
      what: 'already completed',
    },
    { account: first, requestId: objectIdAt(now), completeAfterMs, what: soon },
    {
      account: first,
      requestId: objectIdAt(now),
      completeAfterMs: 5 * 60_000,
      what: 'completes after 5 minutes',
    },
    {
      account: first,
      requestId: objectIdAt(now),
      completeAfterMs: Infinity,
      what: 'never completes',
    },
    ...others.map((account) => ({
      account,
      requestId: objectIdAt(now),
      completeAfterMs,
      what: soon,
    })),
  ];
  for (const { account, requestId, completeAfterMs: afterMs } of seeds) {
    fake.addPurge(requestId, { account, completeAfterMs: afterMs });
  }
  return seeds;
}

/** One account (no --account): its key and the line to use it. */
function singleAccountBanner(fake: FakeImageKit, completeAfterMs: number, seeds: Seed[]): string {
  const pending = seeds[1]?.requestId ?? '';
  return `Fake ImageKit listening on ${fake.baseUrl}
Private key (fake, only this server accepts it): ${fake.privateKey}

Use it with Purge Watch:
  IMAGE_KIT_BASE_URL=${fake.baseUrl} IMAGEKIT_PRIVATE_KEY=${fake.privateKey} <command>

Its CDN (one CloudFront-like edge, FRA56-P1): ${fake.cdn.baseUrl}/<any path>
  Purge ${fake.cdn.baseUrl}/acme/a.jpg here, then check it:
  purge-watch purge --wait --verify ${fake.cdn.baseUrl}/acme/a.jpg

Seeded purge request IDs:
${seeds.map(({ requestId, what }) => `  ${requestId}  ${what}`).join('\n')}
  000000000000000000000000  unknown (answers 400 "No request found for this requestId.")
Purges you submit (POST /v1/files/purge) complete after ${seconds(completeAfterMs)}.

Every answer carries X-RateLimit-Limit and X-RateLimit-Interval; past the limit, 429 with
X-RateLimit-Reset (ms). The key is the Basic username; any password is accepted, as ImageKit does.

Try: curl -i -u ${fake.privateKey}: ${fake.baseUrl}/v1/files/purge/${pending}
Or the official SDK: new ImageKit({ privateKey: '${fake.privateKey}', baseURL: '${fake.baseUrl}' })
  (@imagekit/nodejs; it also reads IMAGEKIT_PRIVATE_KEY and IMAGE_KIT_BASE_URL)
Stop with Ctrl+C.
`;
}

const shellQuoted = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

/** Several accounts: each one's key, how to give them all to Purge Watch without touching the
 * user's real keychain entries, and IDs known to one account only. */
function accountsBanner(fake: FakeImageKit, completeAfterMs: number, seeds: Seed[]): string {
  const accounts = Object.entries(fake.accounts);
  const width = Math.max(...accounts.map(([name]) => name.length));
  const padded = (name: string): string => name.padEnd(width);
  const firstKey = accounts[0]?.[1] ?? '';
  const last = seeds.at(-1) ?? { account: '', requestId: '' };
  const lastPurge = `${fake.baseUrl}/v1/files/purge/${last.requestId}`;
  // The first account asking about another's purge (its 400); with one account, one line.
  const otherAccountTry = accounts.length > 1 ? `\n     curl -i -u ${firstKey}: ${lastPurge}` : '';
  return `Fake ImageKit listening on ${fake.baseUrl}
Accounts (fake keys, only this server accepts them):
${accounts.map(([name, key]) => `  ${padded(name)}  ${key}`).join('\n')}

Use them with Purge Watch, on a keychain service and a profile of their own (your real keys stay as
they are):
  export IMAGE_KIT_BASE_URL=${fake.baseUrl}
  export PURGE_WATCH_KEYCHAIN_SERVICE=purge-watch-fake
  export PURGE_WATCH_USER_DATA="$(mktemp -d)"
${accounts.map(([name, key]) => `  printf %s ${shellQuoted(key)} | purge-watch key set --account ${name}`).join('\n')}
Or one account through the environment: IMAGEKIT_PRIVATE_KEY=<its key> <command>

Its CDN (one CloudFront-like edge, FRA56-P1): ${fake.cdn.baseUrl}/<any path>; a purge's
completion clears its URL there (try purge-watch purge --wait --verify ${fake.cdn.baseUrl}/acme/a.jpg).

Seeded purge request IDs, each known only to its account (any other account's key gets 400 "No
request found for this requestId."):
${seeds.map(({ account, requestId, what }) => `  ${requestId}  ${padded(account)}  ${what}`).join('\n')}
  000000000000000000000000  ${padded('')}  unknown to every account
Purges you submit (POST /v1/files/purge) belong to the account whose key sent them, and complete
after ${seconds(completeAfterMs)}.

Every answer carries X-RateLimit-Limit and X-RateLimit-Interval. Each account has its own limit:
past it, 429 with X-RateLimit-Reset (ms) for that account only. The key is the Basic username;
any password is accepted, as ImageKit does.

Try: curl -i -u ${fake.keyOf(last.account)}: ${lastPurge}${otherAccountTry}
Stop with Ctrl+C.
`;
}

async function main(): Promise<void> {
  const { port, completeAfterMs, rateLimits, accounts } = parseArgs(process.argv.slice(2));
  const fake = await startFakeImageKit({
    port,
    completeAfterMs,
    ...(rateLimits.length > 0 ? { rateLimits: { status: rateLimits, submit: rateLimits } } : {}),
    ...(accounts.length > 0
      ? { accounts: Object.fromEntries(accounts.map(([name, key]) => [name, key ?? newFakeKey()])) }
      : {}),
  });
  const seeds = seedPurges(fake, completeAfterMs);
  const banner = accounts.length > 0 ? accountsBanner : singleAccountBanner;
  process.stdout.write(banner(fake, completeAfterMs, seeds));

  // Output piped into `head` must not crash the server when the pipe closes.
  process.stdout.on('error', () => undefined);
  const stop = (signal: NodeJS.Signals): void => {
    process.stderr.write(`\n${signal}: stopping the fake ImageKit.\n`);
    void fake.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `fake-imagekit: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(2);
});
