// Which notifications to show for what the tracker reports, as data. Pure: no timers, no
// Electron; the caller feeds it events with the time, asks when it is due, and flushes.
//
// - One notification per completed purge, naming the URL (else the request ID) and how long
//   it took; a URL purge whose CDN was checked says the verdict ("Completed · fresh",
//   "Completed, but FRA56-P1 still serves the old copy"), told once the verdict is in. Completions close together (e.g. everything checked on waking from sleep) are
//   grouped: "5 purges completed". A group closes after `quietMs` without a new one, or
//   `maxWaitMs` after it opened, whichever comes first.
// - Not found and given up are told once per purge (grouped the same way); a missing or
//   refused key once per episode and account (until the tracker reports that account's key
//   problem gone).
// - With several accounts, every notification names the account of its purges or key.
// - A purge still pending far past this account's usual time (3× the 95th percentile of its
//   recent purges, and at least 10 minutes): told once per purge (once more after a resume);
//   often the first sign of an ImageKit incident or a purge that will never complete.
// - Notifications off, or snoozed: nothing is shown (the tray and window still show it all).
import type { DurationSummary } from '../../shared/duration-estimate';
import { estimatePurge, formatDurationRange } from '../../shared/duration-estimate';
import type { AccountsState } from '../../shared/ipc';
import type { Settings } from '../../shared/settings';
import type { AccountApiError, PurgeRequest, TrackerStatus } from '../../shared/purge';
import { formatDuration } from '../../shared/format';
import { completedWords, freshnessDetail } from '../../shared/freshness-words';
import { namesAccounts, ownerOf } from '../account-naming';
import { APP_NAME } from '../desktop/app-identity';
import {
  accountOnHoldWords,
  givenUpWords,
  NOTIFICATION_WORDS,
  outcomeTitle,
} from './notification-words';

type NoticeKind =
  | 'completed'
  | 'not_found'
  | 'given_up'
  | 'key'
  | 'store-recovered'
  | 'far-past-usual'
  /** The answer to something the user just did in the tray (shown whatever the settings). */
  | 'action-failed'
  /**
   * A purge from the tray worked, with something to know: copies it leaves cached (path
   * transformations), or how many of the month's purges are left.
   */
  | 'purge-warning';

export interface Notice {
  kind: NoticeKind;
  title: string;
  body: string;
  /** Where a click takes the user: a purge in the window, or the key settings. */
  target: { requestId?: string; section?: 'key' };
}

interface NotificationPolicyOptions {
  /** A group closes when no completion came for this long. */
  quietMs?: number;
  /** …or this long after its first completion, at the latest. */
  maxWaitMs?: number;
}

export const GROUP_QUIET_MS = 2_000;
export const GROUP_MAX_WAIT_MS = 10_000;
/** How many names a grouped notification lists. */
const NAMES_IN_GROUP = 3;

/** Whether the user asked for quiet: notifications off, or snoozed until later than `now`. */
export function isMuted(settings: Settings, now: number): boolean {
  return !settings.notifications || settings.snoozedUntil > now;
}

export class NotificationPolicy {
  private readonly quietMs: number;
  private readonly maxWaitMs: number;
  private completed: PurgeRequest[] = [];
  private notFound: PurgeRequest[] = [];
  private givenUp: PurgeRequest[] = [];
  private openedAt: number | undefined;
  private lastAt: number | undefined;
  /** Purge outcomes already told, so each is told once. */
  private readonly told = new Set<string>();
  /** The accounts whose key problem was told in this episode. */
  private readonly keyEpisodesTold = new Set<string>();
  private accounts: AccountsState | undefined;
  private status: TrackerStatus | undefined;

  constructor(options: NotificationPolicyOptions = {}) {
    this.quietMs = options.quietMs ?? GROUP_QUIET_MS;
    this.maxWaitMs = options.maxWaitMs ?? GROUP_MAX_WAIT_MS;
  }

  /** A purge completed, was not found, or was given up. */
  onSettled(purge: PurgeRequest, now: number): void {
    if (purge.state === 'pending') return;
    const key = `${purge.requestId}:${purge.state}:${purge.resumedAt ?? 0}`;
    if (this.told.has(key)) return;
    this.told.add(key);
    if (purge.state === 'completed') this.completed.push(purge);
    else if (purge.state === 'not_found') this.notFound.push(purge);
    else this.givenUp.push(purge);
    this.openedAt ??= now;
    this.lastAt = now;
  }

  /**
   * Purges that were just checked and are still pending: those now far past usual are told,
   * each once (several at one time in one notification). Muted: dropped, not saved for later.
   */
  onStillPending(
    purges: readonly PurgeRequest[],
    durations: DurationSummary | undefined,
    settings: Settings,
    now: number,
  ): Notice | undefined {
    if (!durations) return undefined;
    const late = purges.filter((purge) => {
      if (purge.state !== 'pending' || !answeredPendingSince(purge)) return false;
      if (!estimatePurge(purge.submittedAt, now, durations)?.farPast) return false;
      const key = `${purge.requestId}:far-past:${purge.resumedAt ?? 0}`;
      if (this.told.has(key)) return false;
      this.told.add(key);
      return true;
    });
    if (late.length === 0 || isMuted(settings, now)) return undefined;
    const usually = formatDurationRange(durations.usually.fromMs, durations.usually.toMs);
    const [only] = late;
    const nameOf = this.namer();
    if (late.length === 1 && only) {
      return {
        kind: 'far-past-usual',
        title: 'Purge taking far longer than usual',
        body: `${nameOf(only)}
Pending for ${formatDuration(now - only.submittedAt)}; this account's purges usually take ${usually}. ImageKit may be having trouble.`,
        target: { requestId: only.requestId },
      };
    }
    return {
      kind: 'far-past-usual',
      title: `${late.length} purges taking far longer than usual`,
      body: `${namesIn(late, nameOf)}
This account's purges usually take ${usually}.`,
      target: { requestId: late[0]!.requestId },
    };
  }

  /**
   * An account's key is missing or refused: told once per episode and account. With several
   * accounts the notification names it ("staging: ImageKit refused the key").
   */
  onKeyProblem(error: AccountApiError, settings: Settings, now: number): Notice | undefined {
    const { account } = error;
    if (this.keyEpisodesTold.has(account)) return undefined;
    this.keyEpisodesTold.add(account);
    if (isMuted(settings, now)) return undefined;
    const keyMissing = error.auth === 'key_missing';
    const problems = [...(this.status?.authProblems ?? []), error];
    if (namesAccounts(this.accounts, { authProblems: problems })) {
      const title = keyMissing
        ? NOTIFICATION_WORDS.accountKeyNeeded
        : NOTIFICATION_WORDS.accountKeyRefused;
      return {
        kind: 'key',
        title: `${account}: ${title}`,
        body: `${error.message} ${accountOnHoldWords(account)}`,
        target: { section: 'key' },
      };
    }
    return {
      kind: 'key',
      title: keyMissing ? NOTIFICATION_WORDS.keyNeeded : NOTIFICATION_WORDS.keyRefused,
      body: `${error.message} ${NOTIFICATION_WORDS.onHold}`,
      target: { section: 'key' },
    };
  }

  /** The tracker's status: an account's key problem that is gone ends its episode. */
  onStatus(status: TrackerStatus): void {
    this.status = status;
    const held = new Set((status.authProblems ?? []).map((p) => p.account));
    for (const account of this.keyEpisodesTold) {
      if (!held.has(account)) this.keyEpisodesTold.delete(account);
    }
  }

  /** The accounts there are: with more than one, notifications name each purge's account. */
  onAccounts(accounts: AccountsState): void {
    this.accounts = accounts;
  }

  /** When `flush` has something to give, or undefined when nothing waits. */
  get dueAt(): number | undefined {
    if (this.openedAt === undefined || this.lastAt === undefined) return undefined;
    return Math.min(this.lastAt + this.quietMs, this.openedAt + this.maxWaitMs);
  }

  /** The notifications due at `now` (none before `dueAt`); what is muted is dropped. */
  flush(now: number, settings: Settings): Notice[] {
    const due = this.dueAt;
    if (due === undefined || now < due) return [];
    const nameOf = this.namer();
    const notices = [
      ...completedNotices(this.completed, nameOf),
      ...failedNotices(this.notFound, 'not_found', now, nameOf),
      ...failedNotices(this.givenUp, 'given_up', now, nameOf),
    ];
    this.completed = [];
    this.notFound = [];
    this.givenUp = [];
    this.openedAt = undefined;
    this.lastAt = undefined;
    return isMuted(settings, now) ? [] : notices;
  }

  /** How purges are named now: with their account when there are several. */
  private namer(): PurgeNamer {
    const several = namesAccounts(this.accounts, this.status);
    const name = (purge: PurgeRequest): string => {
      const owner = several ? ownerOf(purge) : undefined;
      return owner === undefined ? nameOf(purge) : `${nameOf(purge)} (${owner})`;
    };
    return Object.assign(name, { namesAccounts: several });
  }
}

/** A purge's name in a notification; `namesAccounts`: it carries the account. */
type PurgeNamer = ((purge: PurgeRequest) => string) & { namesAccounts: boolean };

/** The profile's files that are moved aside when they cannot be parsed. */
export type StoreFile = 'purges' | 'settings' | 'durations' | 'ledger' | 'account-names';

/** Per file: what could not be read, and what the app does without it. */
const STORE_RECOVERY_WORDS: Readonly<Record<StoreFile, { title: string; outcome: string }>> = {
  purges: {
    title: 'Tracked purges could not be read',
    outcome: `${APP_NAME} saves the purges it tracks in a new list.`,
  },
  settings: {
    title: 'Settings could not be read',
    outcome: `${APP_NAME} went back to its default settings.`,
  },
  durations: {
    title: 'Purge durations could not be read',
    outcome: `${APP_NAME} started a new history of how long purges take.`,
  },
  ledger: {
    title: "This month's purge counts could not be read",
    outcome: `${APP_NAME} counts this month's purges again from 0.`,
  },
  'account-names': {
    title: 'The list of accounts could not be read',
    outcome: `${APP_NAME} reads the account names from the keychain again.`,
  },
};

/** A store file could not be read and was moved aside: told once, whatever the settings. */
export function storeRecoveredNotice(file: StoreFile, recovered: { movedTo: string }): Notice {
  const { title, outcome } = STORE_RECOVERY_WORDS[file];
  return {
    kind: 'store-recovered',
    title,
    body: `${outcome} The unreadable file was kept as ${recovered.movedTo}.`,
    target: {},
  };
}

/**
 * The list of purges, which could not be read at start (permissions, a read error), was read:
 * the purges saved in it are tracked again. Told once, whatever the settings, as its loss was.
 */
export function purgesReadableNotice(filePath: string): Notice {
  return {
    kind: 'store-recovered',
    title: 'Tracked purges can be read again',
    body: `${APP_NAME} read ${filePath}: the purges saved in it are tracked again, beside those tracked meanwhile.`,
    target: {},
  };
}

function completedNotices(purges: PurgeRequest[], nameOf: PurgeNamer): Notice[] {
  if (purges.length === 0) return [];
  const [only] = purges;
  if (purges.length === 1 && only) {
    return [
      {
        kind: 'completed',
        title: only.freshness ? completedWords(only.freshness) : outcomeTitle('completed', 1),
        body: `${nameOf(only)}\nTook ${tookOf(only)}${whyUnknown(only)}`,
        target: { requestId: only.requestId },
      },
    ];
  }
  // Those whose CDN still serves the old copy are named first.
  const stale = purges.filter((purge) => purge.freshness?.verdict === 'stale');
  const named = [...stale, ...purges.filter((purge) => !stale.includes(purge))];
  return [
    {
      kind: 'completed',
      title: `${outcomeTitle('completed', purges.length)}${stale.length > 0 ? `, but the CDN still serves the old copy of ${stale.length}` : ''}`,
      body: namesIn(named, nameOf),
      // A click shows the first purge it names (the window lists the rest around it).
      target: { requestId: named[0]!.requestId },
    },
  ];
}

function failedNotices(
  purges: PurgeRequest[],
  kind: 'not_found' | 'given_up',
  now: number,
  nameOf: PurgeNamer,
): Notice[] {
  if (purges.length === 0) return [];
  const [only] = purges;
  if (purges.length === 1 && only) {
    return [
      kind === 'not_found'
        ? {
            kind,
            title: outcomeTitle(kind, 1),
            // With several accounts, the tracker's own words say which accounts were asked.
            body: `${nameOf(only)}\n${(nameOf.namesAccounts && only.lastError?.message) || NOTIFICATION_WORDS.notFound}`,
            target: { requestId: only.requestId },
          }
        : {
            kind,
            title: outcomeTitle(kind, 1),
            body: `${nameOf(only)}\n${givenUpWords(formatDuration(now - (only.resumedAt ?? only.submittedAt)))}`,
            target: { requestId: only.requestId },
          },
    ];
  }
  return [
    {
      kind,
      title: outcomeTitle(kind, purges.length),
      body: namesIn(purges, nameOf),
      target: { requestId: purges[0]!.requestId },
    },
  ];
}

/** The URL when Purge Watch submitted the purge, else the request ID. */
function nameOf(purge: PurgeRequest): string {
  return purge.url ?? purge.requestId;
}

/** Why the CDN check could not tell (the title says only "freshness unknown"), on a line. */
function whyUnknown(purge: PurgeRequest): string {
  const { freshness } = purge;
  if (freshness?.verdict !== 'unknown' || freshness.reason?.startsWith('not checked')) return '';
  return `\n${freshnessDetail(freshness)}`;
}

function tookOf(purge: PurgeRequest): string {
  return formatDuration((purge.completedAt ?? purge.submittedAt) - purge.submittedAt);
}

function namesIn(purges: PurgeRequest[], name: PurgeNamer): string {
  const names = purges.slice(0, NAMES_IN_GROUP).map(name);
  const more = purges.length - names.length;
  return more > 0 ? `${names.join('\n')}\nand ${more} more` : names.join('\n');
}

/**
 * ImageKit has said Pending since the purge was added (or resumed): a purge pasted long after
 * its submission, or resumed a day later, is not "far past usual" before a check says so (it has
 * most likely completed already).
 */
function answeredPendingSince(purge: PurgeRequest): boolean {
  const since = purge.resumedAt ?? purge.addedAt;
  return purge.lastCheckedAt !== undefined && purge.lastCheckedAt >= since && !purge.lastError;
}
