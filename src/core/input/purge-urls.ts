// Turns the "purge these URLs" input into URLs to submit: one per line (or several on a line
// when each is a URL), http(s) only, a trailing * only where ImageKit allows it, duplicates
// merged, order kept. A line of words is one rejection, not one per word. Never throws.
import type { RejectedInput } from '../../shared/purge';
import { LINE, pasteEntries, WORD } from './paste-entries';
import { apiKeyIn } from '../imagekit/private-key';
import { UNSHOWABLE } from '../imagekit/server-text';
import { codePointOf, RejectionList } from './rejected-inputs';

interface ParsedPurgeUrls {
  /** Distinct URLs as the user wrote them, in order of first appearance. */
  urls: string[];
  rejected: RejectedInput[];
}

/** Longer URLs are refused: no CDN serves them, and they are usually a paste gone wrong. */
const MAX_PURGE_URL_LENGTH = 8192;

const NOT_HTTP = 'not an http(s) URL';
const HTTP = /^https?:\/\//i;

export function parsePurgeUrls(text: string): ParsedPurgeUrls {
  const urls: string[] = [];
  const seen = new Set<string>();
  const rejected = new RejectionList();
  if (typeof text !== 'string') return { urls, rejected: [] };
  for (const token of pasteEntries(text, LINE).flatMap(urlsOnLine)) {
    const verdict = judgeUrl(token);
    if ('reason' in verdict) {
      rejected.add(verdict.shown ?? token, verdict.reason);
    } else if (!seen.has(verdict.identity)) {
      seen.add(verdict.identity);
      urls.push(token);
    }
  }
  return { urls, rejected: rejected.toArray() };
}

/** A line's words when each of them is an http(s) URL, else the whole line as one entry. */
function urlsOnLine(line: string): string[] {
  const words = pasteEntries(line, WORD);
  return words.length > 1 && words.every((word) => HTTP.test(word)) ? words : [line];
}

type Verdict = { identity: string } | { reason: string; shown?: string };

function judgeUrl(token: string): Verdict {
  const key = apiKeyIn(token);
  if (key) return { reason: `looks like a ${key} API key — not a URL` };
  if (token.length > MAX_PURGE_URL_LENGTH) {
    return { reason: `longer than ${MAX_PURGE_URL_LENGTH} characters` };
  }
  if (!HTTP.test(token)) return { reason: NOT_HTTP };
  if (/\s/.test(token)) return { reason: 'contains a space (write it as %20)' };
  // A colour code copied from a terminal (`grep --color=always`) or a bidi mark: the URL parser
  // would percent-encode it and another path would be purged, shown without it.
  const invisible = token.search(UNSHOWABLE);
  if (invisible !== -1) {
    const code = codePointOf(token.slice(invisible));
    return { reason: `contains an invisible character (${code}), e.g. a terminal colour code` };
  }
  let url: URL;
  try {
    url = new URL(token);
  } catch {
    return { reason: NOT_HTTP };
  }
  if (url.hostname === '') return { reason: NOT_HTTP };
  if (url.username !== '' || url.password !== '') {
    // Never echo credentials back: show the URL without them.
    url.username = '';
    url.password = '';
    return { reason: 'contains a user name or password', shown: url.href };
  }
  const star = token.indexOf('*');
  if (star !== -1 && star !== token.length - 1) {
    return { reason: 'a * wildcard is only allowed at the very end' };
  }
  if (star !== -1 && !wildcardAllowed(url)) {
    return {
      reason:
        'ImageKit refuses a trailing * unless the path before it has 2 levels, 15 characters or a file name',
    };
  }
  // Two spellings of one URL (HOST case, default port) are one purge.
  return { identity: url.href };
}

/**
 * ImageKit's rule for a trailing `*` (checked here, so no purge of the month's quota is spent on
 * a refusal): the path before it has at least 2 levels (`/acme/css/*`), or at least 15
 * characters, or is a full file path (`/acme/logo.png*`, its query-string variants).
 */
function wildcardAllowed(url: URL): boolean {
  const before = `${url.pathname}${url.search}`.replace(/\*$/, '').replace(/^\//, '');
  const levels = before.split('/').filter(Boolean);
  const file = /\.[a-z0-9]+(\?.*)?$/i.test(levels.at(-1) ?? '') && !before.endsWith('/');
  return levels.length >= 2 || before.length >= 15 || file;
}
