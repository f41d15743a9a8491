// `npm run fake-imagekit -- [--port N] [--complete-after 20s] [--rate-limit 10/1s]`: a fake
// ImageKit for manual runs, and for testing your own purge scripts.
import { objectIdAt, startFakeImageKit } from './server';
import type { RateLimitRule } from './server';

const HELP_TEXT = `Usage: npm run fake-imagekit -- [--port N] [--complete-after DURATION] [--rate-limit N/DURATION]...

  --port N                   port on 127.0.0.1 (default: env PORT, else any free port)
  --complete-after DURATION  when submitted purges complete: 500ms, 20s, 2m (default 20s)
  --rate-limit N/DURATION    at most N requests per DURATION on each endpoint, then 429 with
                             X-RateLimit-Reset; repeat for several at once (--rate-limit 10/1s
                             --rate-limit 100/15m). Default 1000/1s
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

interface Args {
  port: number;
  completeAfterMs: number;
  rateLimits: RateLimitRule[];
}

function parseArgs(argv: string[]): Args {
  let port = process.env.PORT ? parsePort(process.env.PORT) : 0;
  let completeAfterMs = 20_000;
  const rateLimits: RateLimitRule[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const [name, inline] = arg.split('=', 2);
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined) throw new Error(`${name} needs a value.`);
      return next;
    };
    if (name === '--port') port = parsePort(value());
    else if (name === '--complete-after') completeAfterMs = parseDurationMs(value());
    else if (name === '--rate-limit') rateLimits.push(parseRateLimit(value()));
    else if (name === '--help' || name === '-h') {
      process.stdout.write(HELP_TEXT);
      process.exit(0);
    } else throw new Error(`Unknown option "${arg}".\n\n${HELP_TEXT}`);
  }
  return { port, completeAfterMs, rateLimits };
}

async function main(): Promise<void> {
  const { port, completeAfterMs, rateLimits } = parseArgs(process.argv.slice(2));
  const fake = await startFakeImageKit({
    port,
    completeAfterMs,
    ...(rateLimits.length > 0 ? { rateLimits: { status: rateLimits, submit: rateLimits } } : {}),
  });
  const now = Date.now();
  const completed = fake.addPurge(objectIdAt(now - 5 * 60_000), { completeAfterMs: 0 });
  const pending = fake.addPurge(objectIdAt(now), { completeAfterMs });
  const slow = fake.addPurge(objectIdAt(now), { completeAfterMs: 5 * 60_000 });
  const never = fake.addPurge(objectIdAt(now), { completeAfterMs: Infinity });
  const seconds = (ms: number): string => `${ms / 1000} s`;

  process.stdout.write(`Fake ImageKit listening on ${fake.baseUrl}
Private key (fake, only this server accepts it): ${fake.privateKey}

Use it with Purge Watch:
  IMAGE_KIT_BASE_URL=${fake.baseUrl} IMAGEKIT_PRIVATE_KEY=${fake.privateKey} <command>

Seeded purge request IDs:
  ${completed}  already completed
  ${pending}  completes after ${seconds(completeAfterMs)}
  ${slow}  completes after 5 minutes
  ${never}  never completes
  000000000000000000000000  unknown (answers 400 "No request found for this requestId.")
Purges you submit (POST /v1/files/purge) complete after ${seconds(completeAfterMs)}.

Every answer carries X-RateLimit-Limit and X-RateLimit-Interval; past the limit, 429 with
X-RateLimit-Reset (ms). The key is the Basic username; any password is accepted, as ImageKit does.

Try: curl -i -u ${fake.privateKey}: ${fake.baseUrl}/v1/files/purge/${pending}
Or the official SDK: new ImageKit({ privateKey: '${fake.privateKey}', baseURL: '${fake.baseUrl}' })
  (@imagekit/nodejs; it also reads IMAGEKIT_PRIVATE_KEY and IMAGE_KIT_BASE_URL)
Stop with Ctrl+C.
`);

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
