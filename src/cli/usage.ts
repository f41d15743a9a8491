// The help text, kept next to the argument parser it describes: the whole of it for
// `purge-watch --help`, one command's part for `purge-watch help wait` or `purge-watch wait --help`.
export type HelpTopic = 'status' | 'wait' | 'purge' | 'stats' | 'key' | 'accounts';

const ACCOUNT = `    --account <name>                   with this ImageKit account (see \`accounts\`)
`;

const VERIFY = `    --verify                           then check what the CDN's nearest edge serves for each
                                       purged URL: "fresh at FRA56-P1" (a stale copy exits 6)
    --verify-url [<request-id>=]<url>  check this URL (for that ID, or under a wildcard purged)
    --verify-head                      check with HEAD instead of GET
`;

const COMMANDS: Record<HelpTopic, string> = {
  status: `  purge-watch status <request-id>...   print each purge's status (paced to a share of your rate limit)
${ACCOUNT}`,
  wait: `  purge-watch wait <request-id>...     poll until each one is completed or has failed
    --timeout <duration>               give up after this long (default 30m; accepts 90s, 15m, 2h)
    --progress auto|lines|none         progress on stderr: auto is a live line on a terminal,
                                       else a line every --progress-every (for CI logs)
    --progress-every <duration>        how often a progress line is printed (default 60s)
${VERIFY}${ACCOUNT}`,
  purge: `  purge-watch purge <url>...           submit cache purges, print each request ID and URL
                                       (duplicates dropped, ImageKit's wildcard rule checked;
                                       past 80 % of the month's 1,000 purges, says what is left)
    --timeout <duration>               give up after this long (default 30m), counted from
                                       the first submission: URLs a 429 still holds then are
                                       not sent (exit 1); with --wait, the wait gets the rest
    --wait                             then wait as \`wait\` does (--progress, --progress-every
                                       and the --verify options below apply only with it)
${VERIFY}    --account <name>                   purge with this account (default: the default account)
    --max-purges <n>                   more URLs than this (default 100) need a yes at a
                                       terminal; elsewhere nothing is sent (exit 2)
`,
  stats: `  purge-watch stats                    how long recent purges took: count, median, p90, p95
                                       and a histogram (the app's and the CLI's history), and
                                       the purges submitted this month
    --account <name>                   this account's purges (default: the default account's)
`,
  key: `  purge-watch key set                  store the private key in the OS keychain
                                       (hidden prompt, or stdin when piped) once ImageKit
                                       accepts it (one status request)
    --no-check                         store it without asking ImageKit
  purge-watch key status | key delete
    --account <name>                   this account's key (default: "default"); key set with a
                                       new name adds the account
`,
  accounts: `  purge-watch accounts                 list the accounts: name, where the key is, the default
`,
};

const OPTIONS = `Options:
  --json       one JSON object per line on stdout (errors too, and on stderr as a line)
  --help       show this help (\`purge-watch help <command>\` for one command)
  --version    print the version
`;

const NOTES = `A request ID is 24 hex characters; "-" reads IDs (or the JSON the purge API returned) from stdin.
Accounts: the key in IMAGEKIT_PRIVATE_KEY is the account "environment"; each key in the OS
keychain is an account of its name ("default" unless key set --account says another).
--account NAME, or PURGE_WATCH_ACCOUNT, uses that account alone. Without either, status and wait
ask the default account about an ID first, then the others; purge uses the default account:
environment, else default, else the first by name.
IMAGE_KIT_BASE_URL overrides https://api.imagekit.io (https only; http on loopback).
PURGE_WATCH_RATE_SHARE is the percentage of your rate limit checks may use (1 to 100, default 50).

Exit codes: 0 ok, 1 a request failed (or no answer from ImageKit for 2 minutes while waiting),
2 usage or invalid input, 3 timeout, 4 authentication, 5 keychain unavailable,
6 the CDN still serves an old copy (--verify), 129 terminal closed (SIGHUP), 130 Ctrl-C,
141 stdout closed early, 143 SIGTERM (Ctrl-Break on Windows).
`;

export const USAGE = `purge-watch: know the moment an ImageKit cache purge has finished.

Usage:
${COMMANDS.status}${COMMANDS.wait}${COMMANDS.purge}${COMMANDS.stats}${COMMANDS.key}${COMMANDS.accounts}
${OPTIONS}
${NOTES}`;

/** One command's usage, with the options every command takes. */
export function usageOf(topic: HelpTopic): string {
  return `Usage:\n${COMMANDS[topic]}\n${OPTIONS}`;
}
