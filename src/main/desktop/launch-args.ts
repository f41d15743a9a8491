// What a launch asks of Purge Watch, from its command line: `--track <id>…`, `--track=<id>,<id>`
// and `purgewatch://track/<id>[/<id>…]` links (which the OS passes as an argument on Windows
// and Linux, and through `open-url` on macOS), with the account they belong to (`--account NAME`,
// `?account=NAME`). Pure: argv in, request IDs out.
import { parseRequestIds } from '../../core/input/request-ids';
import { accountNameProblem, ENVIRONMENT_ACCOUNT } from '../../shared/account';
import type { RejectedInput } from '../../shared/purge';
import { LINK_SCHEME } from './app-identity';

interface LaunchRequest {
  /** Valid request IDs, lowercased, without duplicates, in order. */
  requestIds: string[];
  /** What was given to track but is not a request ID, and why. */
  rejected: RejectedInput[];
  /** False for a plain launch (nothing asked to be tracked): the app shows its window instead. */
  asksToTrack: boolean;
  /** True when a purgewatch:// link asked: any web page or app can open one. */
  fromLink: boolean;
  /** The account the IDs belong to, when the launch names one (else each ID's is looked up). */
  account?: string;
  /**
   * Why the account named cannot be used (not an account name, or two different ones): then
   * nothing is tracked, rather than tracked with the wrong account.
   */
  accountProblem?: string;
}

/** More than this per launch is not a deploy script's hand-off but a mistake (or abuse). */
export const MAX_IDS_PER_LAUNCH = 1_000;
/** A link asking to track more than this is confirmed by the user first (it spends rate limit). */
const LINK_IDS_WITHOUT_CONFIRMATION = 5;

/**
 * The flag the login item starts Purge Watch with (login-item.ts): that launch shows no window.
 * Every other launch the user makes shows one (on stock GNOME there is no tray icon to find).
 */
export const HIDDEN_FLAG = '--hidden';

const TRACK_FLAG = '--track';
const ACCOUNT_FLAG = '--account';
const LINK_PREFIX = new RegExp(`^${LINK_SCHEME}:`, 'i');

export function parseLaunchArgs(argv: readonly string[]): LaunchRequest {
  const tokens: string[] = [];
  const rejected: RejectedInput[] = [];
  let asksToTrack = false;
  let fromLink = false;
  const accounts: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === ACCOUNT_FLAG) {
      // Its value, unless the next argument is an option or a link (then it names none: '').
      const next = argv[i + 1];
      const hasValue = next !== undefined && !next.startsWith('-') && !LINK_PREFIX.test(next);
      accounts.push(hasValue ? next : '');
      if (hasValue) i++;
    } else if (arg.startsWith(`${ACCOUNT_FLAG}=`)) {
      accounts.push(arg.slice(ACCOUNT_FLAG.length + 1));
    } else if (arg === TRACK_FLAG) {
      asksToTrack = true;
      // Every following argument up to the next option (or link) is an ID.
      const isValue = (next: string): boolean => !next.startsWith('-') && !LINK_PREFIX.test(next);
      while (i + 1 < argv.length && isValue(argv[i + 1] ?? '')) {
        tokens.push(argv[++i] ?? '');
      }
    } else if (arg.startsWith(`${TRACK_FLAG}=`)) {
      asksToTrack = true;
      tokens.push(arg.slice(TRACK_FLAG.length + 1));
    } else if (LINK_PREFIX.test(arg)) {
      asksToTrack = true;
      fromLink = true;
      const link = parseTrackLink(arg);
      if (link === undefined) {
        rejected.push({ text: shorten(arg), reason: `not a ${LINK_SCHEME}://track/<id> link` });
      } else {
        tokens.push(...link);
        const account = linkAccount(arg);
        if (account !== undefined) accounts.push(account);
      }
    }
  }
  // Each argument was given as an ID: judged one by one, so none is taken for prose.
  const found = new Set<string>();
  for (const token of tokens.flatMap((t) => t.split(/[\s,;]+/)).filter((t) => t !== '')) {
    const parsed = parseRequestIds(token);
    for (const id of parsed.ids) found.add(id);
    rejected.push(...parsed.rejected);
  }
  let requestIds = [...found];
  if (requestIds.length > MAX_IDS_PER_LAUNCH) {
    rejected.push({
      text: `${requestIds.length - MAX_IDS_PER_LAUNCH} more request IDs`,
      reason: `at most ${MAX_IDS_PER_LAUNCH} request IDs are taken per launch`,
    });
    requestIds = requestIds.slice(0, MAX_IDS_PER_LAUNCH);
  }
  const request: LaunchRequest = { requestIds, rejected, asksToTrack, fromLink };
  return accounts.length === 0 ? request : { ...request, ...launchAccount(accounts) };
}

/** The one account a launch names, or why it cannot be used. */
function launchAccount(
  named: readonly string[],
): Pick<LaunchRequest, 'account' | 'accountProblem'> {
  const distinct = [...new Set(named)];
  const [account] = distinct;
  if (distinct.length > 1) {
    return {
      accountProblem: `it names more than one account (${distinct.map(shorten).join(', ')})`,
    };
  }
  if (account === undefined) return {};
  // A key pasted where the account goes: never echoed, never sent on as a name.
  if (/^(private|public)_/i.test(account)) {
    return { accountProblem: 'the account named looks like an API key, not an account name' };
  }
  if (account !== ENVIRONMENT_ACCOUNT && accountNameProblem(account) !== undefined) {
    return {
      accountProblem: `"${shorten(account)}" is not an account name (letters, digits, ".", "_" and "-")`,
    };
  }
  return { account };
}

/** The `account` of a track link's query (`purgewatch://track/<id>?account=staging`), if any. */
function linkAccount(link: string): string | undefined {
  const query = /\?([^#]*)/.exec(link)?.[1];
  if (query === undefined) return undefined;
  // Windows may append a slash to the whole link.
  const account = new URLSearchParams(query).get('account')?.replace(/\/+$/, '');
  return account ?? undefined;
}

/**
 * The IDs in a `purgewatch://track/<id>[/<id>…]` link (commas also separate IDs), or
 * undefined when the link is not a track link. Windows may append a slash; queries and
 * fragments are ignored.
 */
export function parseTrackLink(link: string): string[] | undefined {
  const match = new RegExp(`^${LINK_SCHEME}:(?://)?track([/?#].*)?$`, 'is').exec(link.trim());
  if (!match) return undefined;
  const path = (match[1] ?? '').split(/[?#]/, 1)[0] ?? '';
  return path
    .split(/[/,;\s]+/)
    .filter((part) => part !== '')
    .map(decode);
}

/**
 * The arguments a second instance handed over. Chromium may reorder or extend the argv the
 * running instance receives, so the second instance also sends its own argv as
 * `additionalData` ({ argv }); that copy wins when it is well-formed.
 */
export function handedOverArgv(argv: readonly string[], additionalData: unknown): string[] {
  if (additionalData && typeof additionalData === 'object' && 'argv' in additionalData) {
    const sent = (additionalData as { argv: unknown }).argv;
    if (Array.isArray(sent) && sent.every((arg) => typeof arg === 'string')) return sent;
  }
  return [...argv];
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** A link as it may be shown: short, and never with an API key in it. */
function shorten(text: string): string {
  const safe = text.replace(/(private|public)_[^/?#&,;\s]*/gi, '$1_…');
  return safe.length > 80 ? `${safe.slice(0, 79)}…` : safe;
}

interface LaunchPorts {
  /** Track these IDs, as `account`'s when given (an unknown account: the port warns). */
  track(requestIds: string[], account?: string): void;
  showWindow(): void;
  /** Tells the user what was not tracked, and why. */
  warn(message: string): void;
  /** Logs what the user knows already (they declined a link's purges); default: `warn`. */
  note?(message: string): void;
  /** Asks the user whether to track `count` purges a link asked for. Without it, none are. */
  confirmLink?(count: number): Promise<boolean>;
}

/** True for the login item's launch (`--hidden`): it starts without a window. */
export function isHiddenLaunch(argv: readonly string[]): boolean {
  return argv.includes(HIDDEN_FLAG);
}

/** What a launch could not track, and why: "Not tracked: 3 request IDs (why)". */
export function notTracked(count: number, why: string): string {
  return `Not tracked: ${count} ${count === 1 ? 'request ID' : 'request IDs'} (${why})`;
}

/**
 * What the dialog asking to confirm a link's purges says (Electron's `showMessageBox` options):
 * "Cancel" is the default, and the answer to tracking them is button 0.
 */
export function linkConfirmation(count: number) {
  return {
    type: 'question' as const,
    buttons: [`Track ${count} purges`, 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: `A link asks Purge Watch to track ${count} purges.`,
    detail:
      "Links can be opened by any web page or app. Checking purges spends your ImageKit account's API rate limit. Track them only if you opened this link yourself.",
  };
}

/**
 * A first run: a plain launch (it asks to track nothing, and is not the login item's `hidden`
 * one, which starts quietly), no account with a key, nothing tracked. The app then opens its
 * window at the key settings, where keys are set.
 */
export function isFirstRun(
  launch: Pick<LaunchRequest, 'asksToTrack'>,
  state: { accounts: number; tracked: number },
  hidden = false,
): boolean {
  return !hidden && !launch.asksToTrack && state.accounts === 0 && state.tracked === 0;
}

/**
 * Whether a plain launch that starts the app opens the window. Not on macOS: the menu bar always
 * shows the icon, and a login launch cannot be told from a Finder one there (macOS 13 login items
 * pass no arguments and no longer say they opened at login); launching the running app again
 * opens it, and a true first run (isFirstRun) opens it at the key settings on every platform.
 */
export function plainLaunchShowsWindow(platform: NodeJS.Platform): boolean {
  return platform !== 'darwin';
}

/**
 * Acts on a launch's arguments: tracks the IDs it names (reporting what is not an ID), or, for
 * a plain launch (`showWindowWhenPlain`) that is not the login item's (`--hidden`), opens the
 * window.
 */
export function actOnLaunch(
  argv: readonly string[],
  ports: LaunchPorts,
  options: { showWindowWhenPlain: boolean },
): LaunchRequest {
  const request = parseLaunchArgs(argv);
  for (const rejected of request.rejected) {
    ports.warn(`Not tracked: ${rejected.text} (${rejected.reason})`);
  }
  const ids = request.requestIds;
  const { account } = request;
  const track = (): void => ports.track(ids, ...(account === undefined ? [] : [account]));
  const note = (message: string): void => (ports.note ?? ports.warn)(message);
  if (request.accountProblem !== undefined) {
    // Never tracked with an account the launch did not mean.
    if (ids.length > 0) {
      ports.warn(notTracked(ids.length, request.accountProblem));
    }
  } else if (ids.length > LINK_IDS_WITHOUT_CONFIRMATION && request.fromLink) {
    // A link from outside (a web page, another app): many purges only with the user's yes.
    void (ports.confirmLink?.(ids.length) ?? Promise.resolve(false)).then(
      (yes) =>
        yes ? track() : note(`Not tracked: ${ids.length} request IDs from a link (not confirmed)`),
      () => note(`Not tracked: ${ids.length} request IDs from a link (not confirmed)`),
    );
  } else if (ids.length > 0) track();
  else if (!request.asksToTrack && options.showWindowWhenPlain && !isHiddenLaunch(argv)) {
    ports.showWindow();
  }
  return request;
}
