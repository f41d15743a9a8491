// Finds ImageKit purge request IDs in whatever a user pastes: one ID, a list, the purge API's
// JSON, a curl transcript, a status URL or a sentence, and says what it rejected and why.
// Never throws; IDs come back lowercased (what an ID is: `request-id.ts`).
//
// A plain list (no JSON, URL or prose punctuation, mostly meant as IDs) is judged entry by
// entry: whatever is not an ID is rejected with its reason. Anything else is scanned by one
// regex for standalone runs of 24 hex characters, with a few named rules:
// - JSON_ESCAPE: `\n598…`, `\u00a0598…` and `%2F598…` hold an ID (an escape ends a word);
// - SUPPORT_ID: ImageKit's `x-ik-requestid` header (a support ID, not a purge ID) is not read;
// - SECRET_HEADERS: curl's `Authorization:` and cookie lines are not read at all;
// - REQUEST_ID_VALUE: a `requestId` value (`"requestId": "…"`, `?requestId=…`) that is not an ID
//   is rejected as a whole;
// - near misses: a run of 20 to 28 characters, all but two of them hex, is reported as a
//   botched ID (not on other headers' lines). Longer hex (a 40-character git hash) is
//   ignored, in a list too, unless it is all there is.
import type { RejectedInput } from '../../shared/purge';
import { LIST_ENTRY, pasteEntries } from './paste-entries';
import { API_KEY_START, apiKeyIn } from '../imagekit/private-key';
import { codePointOf, RejectionList } from './rejected-inputs';
import { isRequestIdText, REQUEST_ID_LENGTH } from './request-id';

/** Kept for tracker.ts, which reads a purge's submission time from its ID. */

interface ParsedRequestIds {
  /** Distinct IDs, lowercased, in order of first appearance. */
  ids: string[];
  /** What looked meant as an ID but is not one, with the reason in words. Capped. */
  rejected: RejectedInput[];
}

/** A run of hex this close to 24 characters is a botched ID (a character lost or doubled). */
const NEAR_MISS = 4;
/** Characters that are not hex a botched ID may hold (a typo, an `O` for a `0`). */
const MAX_WRONG_CHARACTERS = 2;
/** Entries this long count as meant for IDs when telling a list from a sentence. */
const LONG_ENTRY = 16;
/**
 * How much of a value or a key one match reads. Every repeat in the `u`-flagged core is
 * bounded: an unbounded one overflows V8's stack on a 10 MB run.
 */
const MAX_VALUE_LENGTH = 256;

const LETTER_OR_DIGIT = String.raw`\p{L}\p{N}\p{M}`;
const WORD = `${LETTER_OR_DIGIT}_`;
const JSON_ESCAPE = String.raw`\\[nrtbf]|\\u[0-9a-fA-F]{4}|%[0-9a-fA-F]{2}`;
/**
 * A word starts after anything but a word character, a backslash or a `%`, or after an escape.
 * Every token starts with an ASCII letter or digit: saying so first lets the regex engine skip
 * other text fast (ten times faster on non-Latin text).
 */
const WORD_START = String.raw`(?=[0-9a-z])(?:(?<![${WORD}\\%])|(?<=${JSON_ESCAPE}))`;

// A value after a name: `": "value"`, `=value`; never an object or an array. A quoted value
// ends at its quote, a backslash (`\"`) or the line's end; a bare one at a space or punctuation.
const ASSIGNMENT = String.raw`\\?["'“”]?[ \t]*[:=][ \t]*`;
const OPENING_QUOTE = String.raw`\\?["'“”]`;
const QUOTED = String.raw`[^"'“”\\\r\n]{0,${MAX_VALUE_LENGTH}}`;
const BARE = String.raw`[^\s,;}\]&"'<)#{[][^\s,;}\]&"'<)#]{0,${MAX_VALUE_LENGTH}}`;
const VALUE = `${ASSIGNMENT}(?:${OPENING_QUOTE}${QUOTED}|${BARE})`;

const REQUEST_ID_NAME = '(?:purge_?)?request_?id';
const SUPPORT_ID = `x-ik-requestid(?:${VALUE})?`;
const REQUEST_ID_VALUE =
  `(?<!-)${REQUEST_ID_NAME}(?![${WORD}])` +
  `(?:${ASSIGNMENT}(?:${OPENING_QUOTE}(?<quoted>${QUOTED})|(?<bare>${BARE})))?`;
/** A whole word as long as an ID or nearly: an ID, or perhaps a botched one. */
const RUN = `[${LETTER_OR_DIGIT}]{${REQUEST_ID_LENGTH - NEAR_MISS},${REQUEST_ID_LENGTH + NEAR_MISS}}(?![${WORD}])`;
/** A pasted key runs on through base64: none of it is read as an ID or echoed back. */
const KEY = `${API_KEY_START}[\\w+/=-]{0,${MAX_VALUE_LENGTH}}`;

/** The regex core: one match per key, support ID, `requestId` name (with its value) or run. */
const TOKEN = new RegExp(
  `${WORD_START}(?:${KEY}|${SUPPORT_ID}|(?<name>${REQUEST_ID_VALUE})|(?<run>${RUN}))`,
  'giu',
);

/** An HTTP header line of `curl -i`/`-v` output (`> ` sent, `< ` received), to its end. */
const HEADER_LINE = /^[ \t]*(?<sent>[<>] )?(?<name>[A-Za-z0-9-]{1,64}):.*/gm;
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
/** One-word response headers whose values are never request IDs (hyphenated ones are covered). */
const QUIET_HEADERS = new Set([
  'age',
  'date',
  'etag',
  'expires',
  'host',
  'server',
  'vary',
  'via',
  'accept',
  'connection',
  'location',
]);
const IS_REQUEST_ID_NAME = new RegExp(`^${REQUEST_ID_NAME}$`, 'i');

/** Punctuation that makes a paste structured text rather than a list (outside a pasted key). */
const STRUCTURE = new RegExp(
  `(?<key>${API_KEY_START}[^\\s,;]*)|[{}[\\]"'\`:/\\\\=<>()?&#|‘’“”«»]`,
  'gi',
);
const NOT_HEX = /[^0-9a-f]/iu;
const HEX_CHARACTERS = /[0-9a-f]/gi;
const HEX_ONLY = /^[0-9a-f]+$/i;
const DIGIT = /[0-9]/;
const UPPERCASE_HEX = /[A-F]/;
const HEX_LETTER = /[a-f]/i;
/** Named by code point alone: controls, format characters (bidi marks, joiners, U+200B), spaces. */
const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Cs}\s]$/u;
/** Shown between quotes it would sit on the quote: named by code point alone. */
const COMBINING_MARK = /^\p{M}$/u;
/** Shown as it is; any other character also by code point (it may imitate a hex character). */
const PRINTABLE_ASCII = /^[\x20-\x7e]$/;

export function parseRequestIds(text: string): ParsedRequestIds {
  if (typeof text !== 'string' || text.length === 0) return { ids: [], rejected: [] };
  const found = new Found();
  if (hasStructure(text)) scanStructured(text, found);
  else {
    const entries = pasteEntries(text, LIST_ENTRY);
    if (isMeantAsIds(entries)) judgeList(entries, found);
    else scanStructured(text, found);
  }
  return { ids: [...found.ids], rejected: found.rejected.toArray() };
}

class Found {
  readonly ids = new Set<string>();
  readonly rejected = new RejectionList();

  id(text: string): void {
    this.ids.add(UPPERCASE_HEX.test(text) ? text.toLowerCase() : text);
  }

  reject(token: string): void {
    this.rejected.add(token, rejectionReason(token));
  }
}

function hasStructure(text: string): boolean {
  for (const match of text.matchAll(STRUCTURE)) if (match.groups?.key === undefined) return true;
  return false;
}

/** A list rather than a sentence: one entry, or mostly entries with digits, long ones or keys. */
function isMeantAsIds(entries: string[]): boolean {
  if (entries.length === 1) return true;
  let meant = 0;
  for (const entry of entries) {
    if (DIGIT.test(entry) || entry.length >= LONG_ENTRY || apiKeyIn(entry)) meant++;
    if (meant * 2 > entries.length) return true;
  }
  return false;
}

/** Each entry is an ID or rejected, except a longer hex value (a git hash) among others. */
function judgeList(entries: string[], found: Found): void {
  for (const entry of entries) {
    if (isRequestIdText(entry)) found.id(entry);
    else if (entries.length === 1 || !isOtherHex(entry)) found.reject(entry);
  }
}

/** Hex too long to be a botched ID: a git hash, an MD5, a SHA-256 (short ones are reported). */
function isOtherHex(entry: string): boolean {
  return entry.length > REQUEST_ID_LENGTH + NEAR_MISS && HEX_ONLY.test(entry);
}

function scanStructured(text: string, found: Found): void {
  const headers = headerLines(text);
  let header = headers.next().value;
  for (const match of text.matchAll(TOKEN)) {
    while (header && header.end <= match.index) header = headers.next().value;
    const line = header && header.start <= match.index ? header.kind : 'normal';
    if (line === 'secret') continue;
    const { run, name, quoted, bare } = match.groups ?? {};
    if (run !== undefined) {
      if (isRequestIdText(run)) found.id(run);
      else if (line === 'normal' && isBotchedId(run)) found.reject(run);
    } else if (name !== undefined) {
      const value = quoted ?? bare;
      if (value === undefined) continue;
      if (isRequestIdText(value)) found.id(value);
      else if (value === '' || (quoted === undefined && value === 'null')) {
        found.rejected.add(value || '""', 'the requestId value is empty');
      } else found.reject(value);
    }
  }
}

interface HeaderLine {
  start: number;
  end: number;
  /** Secret lines are not read; on quiet ones, near misses are not reported. */
  kind: 'secret' | 'quiet';
}

/** The header lines of curl output in `text` that are read differently, in order. */
function* headerLines(text: string): Generator<HeaderLine, undefined> {
  for (const match of text.matchAll(HEADER_LINE)) {
    const name = match.groups!.name!.toLowerCase();
    const start = match.index;
    const end = start + match[0].length;
    if (SECRET_HEADERS.has(name)) yield { start, end, kind: 'secret' };
    else if (
      !IS_REQUEST_ID_NAME.test(name) &&
      (match.groups!.sent !== undefined || name.includes('-') || QUIET_HEADERS.has(name))
    ) {
      yield { start, end, kind: 'quiet' };
    }
  }
  return undefined;
}

function isBotchedId(run: string): boolean {
  return (
    run.replace(HEX_CHARACTERS, '').length <= MAX_WRONG_CHARACTERS &&
    DIGIT.test(run) &&
    HEX_LETTER.test(run)
  );
}

/** Why a token is not a request ID, in words. */
function rejectionReason(token: string): string {
  const key = apiKeyIn(token);
  if (key) return `looks like a ${key} API key — not a request ID`;
  const wrong = NOT_HEX.exec(token);
  if (wrong) return `contains ${describeCharacter(wrong[0])}, not hexadecimal`;
  const count = token.length === 1 ? '1 character' : `${token.length} characters`;
  return `${count}; a request ID has ${REQUEST_ID_LENGTH} hex characters`;
}

function describeCharacter(character: string): string {
  const codePoint = codePointOf(character);
  if (INVISIBLE.test(character) || COMBINING_MARK.test(character)) return codePoint;
  // A Cyrillic 'с', a fullwidth '５' or a Roman numeral 'ⅾ' reads as the hex it imitates.
  return PRINTABLE_ASCII.test(character) ? `'${character}'` : `'${character}' (${codePoint})`;
}
