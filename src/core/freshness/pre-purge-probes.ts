// The pre-purge probes of a list of URLs (the app's "Purge URLs", the CLI's `purge --verify`):
// what the CDN serves for each before it is purged (./freshness-check's probeBeforePurge), a few
// at once, so a deploy purging 500 URLs never opens 500 sockets to the CDN together. The whole
// list is bounded too: a slow or dead CDN must not hold the purges back for minutes; a URL not
// probed in time only loses "content changed" from its verdict.
import type { CdnAnswer } from '../../shared/purge';
import { systemClock } from '../clock';
import type { FreshnessPorts } from './freshness-check';
import { CDN_TIMEOUT_MS, probeBeforePurge } from './freshness-check';

/** Probes running at once. */
export const CONCURRENT_PROBES = 6;
/** The list gets this many probes' deadlines in all; the URLs not yet probed then are not. */
const PROBE_ROUNDS = 3;

/** What the CDN serves now for each of `urls` that it answered with a 2xx, by URL. */
export async function probeBeforePurges(
  urls: readonly string[],
  ports: FreshnessPorts,
): Promise<Map<string, CdnAnswer>> {
  const probes = new Map<string, CdnAnswer>();
  const queue = [...new Set(urls)];
  const bound = new AbortController();
  // Real time whatever clock the checks run on, as each probe's own deadline: it bounds sockets.
  const timer = systemClock.setTimeout(
    () => bound.abort(),
    PROBE_ROUNDS * (ports.timeoutMs ?? CDN_TIMEOUT_MS),
  );
  const signal = ports.signal ? AbortSignal.any([bound.signal, ports.signal]) : bound.signal;
  const probeNext = async (): Promise<void> => {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      if (signal.aborted) return;
      const probe = await probeBeforePurge(url, { ...ports, signal });
      if (probe) probes.set(url, probe);
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENT_PROBES }, probeNext));
  } finally {
    systemClock.clearTimeout(timer);
  }
  return probes;
}
