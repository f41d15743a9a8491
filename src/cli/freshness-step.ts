// `--verify`: after ImageKit says a purge completed, what the CDN's nearest edge serves for its
// URL (core/freshness/freshness-check.ts), said in the purge's result line and as its `verify` object.
// Which URLs: those `--verify-url` names for the purge (`<id>=<url>`; a bare URL for the one ID
// `wait` waits for, or for the wildcard purge it falls under), else the URL this run purged, else
// the URL the app purged for that ID (read from its profile), else none ("not checked: no URL").
// Only the CDN is asked: no ImageKit rate limit is spent.
import type { FreshnessPorts } from '../core/freshness/freshness-check';
import {
  DEFAULT_RECHECK,
  isWildcard,
  notChecked,
  verifyFreshness,
} from '../core/freshness/freshness-check';
import { probeBeforePurges } from '../core/freshness/pre-purge-probes';
import { readPurges } from '../core/storage/purge-file';
import { freshnessWords } from '../shared/freshness-words';
import type { CdnAnswer, Freshness, PurgeRequest } from '../shared/purge';
import { USER_AGENT } from '../shared/version';
import type { VerifyOption } from './args';
import type { CliContext } from './cli-context';
import { profileDirectory } from './duration-figures';
import { CliError, ExitCode } from './exit-codes';

/** The checks of one purge: one per URL, the worst first. */
export interface FreshnessReport {
  checks: Array<Freshness & { url?: string }>;
}

/** A verdict's rank: the worst one speaks for a purge checked at several URLs. */
const RANK = { stale: 0, unknown: 1, checking: 1, fresh: 2 } as const;

export class FreshnessStep {
  private readonly stopped = new AbortController();
  private readonly ports: FreshnessPorts;
  /** What the CDN served before this run purged, by URL. */
  private readonly probes = new Map<string, CdnAnswer>();
  /** What the app knows of the IDs it purged: the URL and its probe (read once, lazily). */
  private appPurges: Map<string, PurgeRequest> | undefined;
  /** `wait` for one ID: a bare `--verify-url` is for it. */
  private oneId = false;

  constructor(
    private readonly context: CliContext,
    private readonly option: VerifyOption,
    scale: number,
  ) {
    const { stop } = context;
    const signal = stop ? AbortSignal.any([this.stopped.signal, stop]) : this.stopped.signal;
    this.ports = {
      fetch: (url, request) => context.fetch(url, request),
      clock: context.clock,
      userAgent: USER_AGENT,
      method: option.method,
      signal,
      // PURGE_WATCH_POLL_SCALE shortens the re-checks too (tests and demos on the fake CDN).
      recheck: {
        firstDelayMs: DEFAULT_RECHECK.firstDelayMs * scale,
        maxDelayMs: DEFAULT_RECHECK.maxDelayMs * scale,
        boundMs: DEFAULT_RECHECK.boundMs * scale,
      },
    };
  }

  /**
   * `purge`: each bare `--verify-url` must fall under a wildcard being purged (the one it is
   * checked for); a usage error, before anything is sent, when it does not.
   */
  checkNamedUrlsFor(purgedUrls: readonly string[]): void {
    for (const { url, requestId } of this.option.urls) {
      if (requestId === undefined && !purgedUrls.some((purged) => covers(purged, url))) {
        throw new CliError(
          `--verify-url ${url} is not a URL purged, nor under a wildcard purged: name it as <request-id>=<url>`,
          ExitCode.usage,
        );
      }
    }
  }

  /** `wait`: a bare `--verify-url` is for the one ID waited for. */
  checkNamedUrlsForIds(ids: readonly string[]): void {
    this.oneId = ids.length === 1;
    if (ids.length > 1 && this.option.urls.some((named) => named.requestId === undefined)) {
      throw new CliError(
        `with ${ids.length} request IDs, name the one each --verify-url is for: --verify-url <request-id>=<url>`,
        ExitCode.usage,
      );
    }
  }

  /** The pre-purge probe of each URL (and of the URLs named for wildcards), a few at once. */
  async probeBeforePurge(urls: readonly string[]): Promise<ReadonlyMap<string, CdnAnswer>> {
    const named = this.option.urls.map(({ url }) => url);
    const probes = await probeBeforePurges([...urls, ...named], this.ports);
    for (const [url, probe] of probes) this.probes.set(url, probe);
    return this.probes;
  }

  /** Checks a completed purge at each of its URLs; never throws (a fault is an unknown). */
  async check(purge: PurgeRequest): Promise<FreshnessReport> {
    try {
      return await this.checkUrls(purge);
    } catch (error) {
      const reason = `the check failed: ${error instanceof Error ? error.message : String(error)}`;
      return { checks: [notChecked(reason, this.context.clock.now())] };
    }
  }

  private async checkUrls(purge: PurgeRequest): Promise<FreshnessReport> {
    const known = purge.url === undefined ? this.appPurge(purge.requestId) : undefined;
    const own = purge.url ?? known?.url;
    const named = this.option.urls
      .filter(({ requestId, url }) =>
        requestId === undefined
          ? this.oneId || (own !== undefined && covers(own, url))
          : requestId === purge.requestId,
      )
      .map(({ url }) => url);
    const urls = named.length > 0 ? named : own === undefined ? [] : [own];
    if (urls.length === 0) {
      return { checks: [notChecked('not checked: no URL', this.context.clock.now())] };
    }
    const before = (url: string) =>
      url === own ? (purge.before ?? known?.before ?? this.probes.get(url)) : this.probes.get(url);
    const checks = await Promise.all(
      urls.map(async (url) => {
        const probe = before(url);
        const target = { url, submittedAt: purge.submittedAt, ...(probe ? { before: probe } : {}) };
        return { ...(await verifyFreshness(target, this.ports)), url };
      }),
    );
    return { checks: checks.sort((a, b) => RANK[a.verdict] - RANK[b.verdict]) };
  }

  /** Ends every check in progress with what it found so far. */
  stop(): void {
    this.stopped.abort();
  }

  private appPurge(requestId: string): PurgeRequest | undefined {
    if (!this.appPurges) {
      const directory = profileDirectory(this.context);
      const purges = directory === undefined ? [] : readPurges(directory);
      this.appPurges = new Map(purges.map((purge) => [purge.requestId, purge]));
    }
    return this.appPurges.get(requestId);
  }
}

/** The verdict that speaks for the purge: its worst check's. */
export function worstOf(report: FreshnessReport): Freshness & { url?: string } {
  return report.checks[0]!;
}

/** `· fresh at FRA56-P1`, with the URL checked when it is not the purge's own. */
export function freshnessSuffix(report: FreshnessReport, purgeUrl: string | undefined): string {
  const worst = worstOf(report);
  const where = worst.url !== undefined && worst.url !== purgeUrl ? ` (${worst.url})` : '';
  const others = report.checks.length - 1;
  const more = others > 0 ? `, ${others} more URL${others === 1 ? '' : 's'} checked` : '';
  return ` · ${freshnessWords(worst)}${where}${more}`;
}

/** The `verify` object of `--json`: the worst check's figures, and every check when several. */
export function freshnessData(report: FreshnessReport): object {
  const one = (check: Freshness & { url?: string }) => ({
    verdict: check.verdict,
    age: check.seen?.age ?? null,
    cache: check.seen?.cache ?? null,
    pop: check.seen?.pop ?? null,
    contentChanged: check.contentChanged ?? null,
    checkedAt: check.seen?.checkedAt ?? check.since,
    ...(check.url === undefined ? {} : { url: check.url }),
    ...(check.reason === undefined ? {} : { reason: check.reason }),
  });
  const worst = one(worstOf(report));
  return report.checks.length > 1 ? { ...worst, urls: report.checks.map(one) } : worst;
}

/** Is `url` the URL purged, or under it when that is a wildcard (`…/css/*`)? */
function covers(purged: string, url: string): boolean {
  return isWildcard(purged) ? url.startsWith(purged.slice(0, -1)) : url === purged;
}
