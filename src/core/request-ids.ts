// Turns whatever a user pastes into ImageKit purge request IDs: one ID, a list, the purge API's
// JSON, a curl transcript, a status URL or a sentence. One linear pass, no regex backtracking,
// never throws. IDs are 24 hex characters (a MongoDB ObjectId), returned lowercased.
import type { RejectedInput } from '../shared/purge';
import {
  apiKeyKind,
  displayText,
  redactedKey,
  RejectionList,
  type ApiKeyKind,
} from './rejected-inputs';

export interface ParsedRequestIds {
  /** Distinct IDs, lowercased, in order of first appearance. */
  ids: string[];
  /** What looked meant as an ID but is not one, with the reason in words. Capped. */
  rejected: RejectedInput[];
}

export const REQUEST_ID_LENGTH = 24;
/** How far a decoded submission time may lie in the future (clock skew) and still count. */
export const CLOCK_SKEW_ALLOWANCE_MS = 2 * 60_000;
export const DEFAULT_MAX_SUBMISSION_AGE_MS = 30 * 24 * 60 * 60_000;

// In structured text, only runs this long that are mostly hex are reported as botched IDs.
const BOTCHED_MIN_LENGTH = 16;
const BOTCHED_MAX_LENGTH = 40;
const BOTCHED_MAX_NON_HEX = 2;
// How far after a `requestId` key its value is looked for and read.
const KEY_VALUE_LOOKAHEAD = 32;
const KEY_VALUE_MAX_LENGTH = 256;
// How much of a line's start is read to recognise an HTTP header line.
const HEADER_NAME_MAX_LENGTH = 64;

const REQUEST_ID_KEYS = new Set(['requestid', 'request_id', 'purgerequestid', 'purge_request_id']);
/** Header lines never read: secrets, and ImageKit's per-call support ID (not a purge ID). */
const SKIPPED_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-ik-requestid',
]);
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

// ASCII character classes, one table lookup per character.
const WORD = 1;
const HEX = 2;
const DIGIT = 4;
const LIST_SEPARATOR = 8;
const STRUCTURE = 16;
const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9_]/.test(ch)) ASCII[c]! |= WORD;
  if (/[0-9a-fA-F]/.test(ch)) ASCII[c]! |= HEX;
  if (/[0-9]/.test(ch)) ASCII[c]! |= DIGIT;
  if (/[\t\n\v\f\r ,;]/.test(ch)) ASCII[c]! |= LIST_SEPARATOR;
  if ('{}[]"\'`:/\\=<>()?&#|'.includes(ch)) ASCII[c]! |= STRUCTURE;
}
const UNICODE_SPACES = new Set([
  0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008,
  0x2009, 0x200a, 0x200b, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
]);
/** Typographic quotes (a paste from a chat or a document) count as structure. */
const UNICODE_STRUCTURE = new Set([0x2018, 0x2019, 0x201c, 0x201d, 0xab, 0xbb]);

// Non-ASCII letters, digits and marks join a run (so "é598…" is not an ID); cached per code point.
const LETTER_OR_NUMBER = /^[\p{L}\p{N}\p{M}]$/u;
const bmpWordCache = new Uint8Array(0x10000); // 0 unknown, 1 word, 2 not
const astralWordCache = new Map<number, boolean>();

function isUnicodeWord(codePoint: number): boolean {
  if (codePoint < 0x10000) {
    let known = bmpWordCache[codePoint]!;
    if (known === 0) {
      const isWord =
        !(codePoint >= 0xd800 && codePoint <= 0xdfff) &&
        LETTER_OR_NUMBER.test(String.fromCharCode(codePoint));
      known = isWord ? 1 : 2;
      bmpWordCache[codePoint] = known;
    }
    return known === 1;
  }
  let known = astralWordCache.get(codePoint);
  if (known === undefined) {
    known = LETTER_OR_NUMBER.test(String.fromCodePoint(codePoint));
    astralWordCache.set(codePoint, known);
  }
  return known;
}

/** Width in UTF-16 units of the word character at `i`, or 0 when it is not one. */
function wordCharWidth(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 128) return ASCII[code]! & WORD ? 1 : 0;
  if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) {
      return isUnicodeWord(((code - 0xd800) << 10) + (low - 0xdc00) + 0x10000) ? 2 : 0;
    }
  }
  return isUnicodeWord(code) ? 1 : 0;
}

function isHexAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return code < 128 && (ASCII[code]! & HEX) !== 0;
}

function isListSeparator(code: number): boolean {
  return code < 128 ? (ASCII[code]! & LIST_SEPARATOR) !== 0 : UNICODE_SPACES.has(code);
}

/** Exactly 24 hex characters, any case. */
function isIdText(token: string): boolean {
  if (token.length !== REQUEST_ID_LENGTH) return false;
  for (let i = 0; i < REQUEST_ID_LENGTH; i++) if (!isHexAt(token, i)) return false;
  return true;
}

/** Lowercases hex text; most pasted IDs are lowercase already, so skip the copy then. */
function lowercaseHex(token: string): string {
  for (let i = 0; i < token.length; i++) {
    if (token.charCodeAt(i) >= 65 && token.charCodeAt(i) <= 70) return token.toLowerCase();
  }
  return token;
}

/** Is this a request ID in its canonical form: exactly 24 lowercase hex characters? */
export function isRequestId(text: string): boolean {
  return typeof text === 'string' && isIdText(text) && text === text.toLowerCase();
}

function describeCharacter(token: string, i: number): string {
  const codePoint = token.codePointAt(i)!;
  const isSurrogate = codePoint >= 0xd800 && codePoint <= 0xdfff;
  const invisible =
    codePoint < 0x21 || (codePoint >= 0x7f && codePoint < 0xa1) || UNICODE_SPACES.has(codePoint);
  if (isSurrogate || invisible) {
    return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `'${String.fromCodePoint(codePoint)}'`;
}

function keyReason(kind: ApiKeyKind): string {
  return `looks like a ${kind} API key — not a request ID`;
}

/** Why a token is not a request ID, in words. */
function rejectionReason(token: string): string {
  const key = apiKeyKind(token);
  if (key) return keyReason(key);
  if (token.length === 0) return 'empty; a request ID has 24 hex characters';
  for (let i = 0; i < token.length; i++) {
    if (!isHexAt(token, i)) return `contains ${describeCharacter(token, i)}, not hexadecimal`;
  }
  const count = token.length === 1 ? '1 character' : `${token.length} characters`;
  return `${count}; a request ID has 24 hex characters`;
}

function rejectionText(token: string): string {
  const key = apiKeyKind(token);
  return key ? redactedKey(key) : displayText(token);
}

function reject(rejected: RejectionList, token: string): void {
  rejected.add(rejectionText(token), rejectionReason(token));
}

export function parseRequestIds(text: string): ParsedRequestIds {
  if (typeof text !== 'string' || text.length === 0) return { ids: [], rejected: [] };
  return isPlainList(text) ? parsePlainList(text) : parseStructured(text);
}

/**
 * A plain list: tokens split by whitespace, commas or semicolons, none carrying structure
 * (quotes, braces, colons, slashes…), and mostly meant as IDs (more than half hold a digit or
 * are 16+ characters long) — so a sentence is not taken for a list of bad IDs.
 */
function isPlainList(text: string): boolean {
  let tokens = 0;
  let meantAsIds = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && isListSeparator(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    const isKey = startsWithKeyPrefix(text, start);
    let hasDigit = false;
    for (; i < n; i++) {
      const code = text.charCodeAt(i);
      if (isListSeparator(code)) break;
      if (code < 128) {
        const flags = ASCII[code]!;
        if (flags & DIGIT) hasDigit = true;
        if (flags & STRUCTURE && !isKey) return false;
      } else if (UNICODE_STRUCTURE.has(code)) return false;
    }
    tokens++;
    if (isKey || hasDigit || i - start >= BOTCHED_MIN_LENGTH) meantAsIds++;
  }
  return tokens === 1 || meantAsIds * 2 > tokens;
}

function parsePlainList(text: string): ParsedRequestIds {
  const ids = new Set<string>();
  const rejected = new RejectionList();
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && isListSeparator(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isListSeparator(text.charCodeAt(i))) i++;
    const token = text.slice(start, i);
    if (isIdText(token)) ids.add(lowercaseHex(token));
    else reject(rejected, token);
  }
  return { ids: [...ids], rejected: rejected.toArray() };
}

type LineKind = 'normal' | 'quiet' | 'skipped';

/**
 * Recognises HTTP header lines from `curl -i`/`-v` output. Secret headers and ImageKit's
 * `x-ik-requestId` (a support ID, not a purge ID) are skipped; other headers (cf-ray, etag…)
 * may hold IDs but their other hex values are not reported.
 */
function classifyLine(text: string, start: number): LineKind {
  const n = text.length;
  let i = start;
  while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  let prefixed = false;
  const first = text.charCodeAt(i);
  if ((first === 60 || first === 62) && text.charCodeAt(i + 1) === 32) {
    prefixed = true;
    i += 2;
  }
  const nameStart = i;
  const limit = Math.min(n, nameStart + HEADER_NAME_MAX_LENGTH);
  while (i < limit) {
    const code = text.charCodeAt(i);
    if (code === 45 || (code < 128 && ASCII[code]! & WORD && code !== 95)) i++;
    else break;
  }
  if (i === nameStart || text.charCodeAt(i) !== 58) return 'normal';
  const name = text.slice(nameStart, i).toLowerCase();
  if (SKIPPED_HEADERS.has(name)) return 'skipped';
  if (REQUEST_ID_KEYS.has(name)) return 'normal';
  if (prefixed || name.includes('-') || QUIET_HEADERS.has(name)) return 'quiet';
  return 'normal';
}

interface KeyValue {
  /** The value's text (up to KEY_VALUE_MAX_LENGTH characters). */
  value: string;
  /** Where the value ends in the text. */
  end: number;
  /** Whether it was a JSON/JS null or an empty string. */
  empty: boolean;
}

function isQuote(code: number): boolean {
  return code === 34 || code === 39 || code === 0x201c || code === 0x201d;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

/** Past a quote (or a JSON-escaped `\"`) at `i`, if there is one. */
function afterQuote(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code === 92 && isQuote(text.charCodeAt(i + 1))) return i + 2;
  return isQuote(code) ? i + 1 : i;
}

/** After a `requestId` key ending at `i`: its value (`: "…"`, `=…`), if there is one. */
function readKeyValue(text: string, i: number): KeyValue | undefined {
  const n = text.length;
  const limit = Math.min(n, i + KEY_VALUE_LOOKAHEAD);
  i = afterQuote(text, i);
  while (i < limit && isBlank(text.charCodeAt(i))) i++;
  const separator = text.charCodeAt(i);
  if (separator !== 58 && separator !== 61) return undefined; // ':' or '='
  i++;
  while (i < limit && isBlank(text.charCodeAt(i))) i++;
  if (i >= n) return undefined;
  const opening = text.charCodeAt(i);
  if (opening === 123 || opening === 91) return undefined; // an object or array: not ours
  const start = afterQuote(text, i);
  const quoted = start > i;
  i = start;
  const valueLimit = Math.min(n, start + KEY_VALUE_MAX_LENGTH);
  while (i < valueLimit) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13) break;
    if (quoted ? isQuote(code) || code === 92 : isValueEnd(code)) break;
    i++;
  }
  const value = text.slice(start, i);
  if (!quoted && value === '') return undefined; // `requestId:` at a line's end, prose
  return { value, end: i, empty: value === '' || (!quoted && value === 'null') };
}

function isValueEnd(code: number): boolean {
  return (
    isListSeparator(code) ||
    code === 125 || // }
    code === 93 || // ]
    code === 38 || // &
    code === 34 ||
    code === 39 ||
    code === 60 || // <
    code === 41 || // )
    code === 35 // #
  );
}

/** JSON, curl transcripts, URLs and prose: IDs are standalone runs of exactly 24 hex characters. */
function parseStructured(text: string): ParsedRequestIds {
  const ids = new Set<string>();
  const rejected = new RejectionList();
  const n = text.length;
  let line = classifyLine(text, 0);
  /** Text before this index was already judged as a `requestId` value: neither taken nor reported. */
  let judgedUntil = 0;
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13) {
      i++;
      line = classifyLine(text, i);
      continue;
    }
    if (line === 'skipped') {
      i++;
      continue;
    }
    if (code === 92) {
      // A backslash escape inside a JSON string: `\n598…` must not glue an "n" to an ID.
      const next = text.charCodeAt(i + 1);
      if (next === 117 /* u */) i += 6;
      else if (next === 110 || next === 114 || next === 116 || next === 98 || next === 102) i += 2;
      else i++;
      continue;
    }
    if (code === 37 && isHexAt(text, i + 1) && isHexAt(text, i + 2)) {
      i += 3; // a percent-encoded byte, e.g. `%2F598…` in an encoded URL
      continue;
    }
    if (wordCharWidth(text, i) === 0) {
      i++;
      continue;
    }

    const start = i;
    let nonHex = 0;
    let digits = 0;
    let hexLetters = 0;
    let hasUnderscore = false;
    while (i < n) {
      const w = wordCharWidth(text, i);
      if (w === 0) break;
      const c = text.charCodeAt(i);
      if (c < 128) {
        const flags = ASCII[c]!;
        if (flags & DIGIT) digits++;
        else if (flags & HEX) hexLetters++;
        else {
          nonHex++;
          if (c === 95) hasUnderscore = true;
        }
      } else nonHex++;
      i += w;
    }
    const length = i - start;

    if (length >= 7 && startsWithKeyPrefix(text, start)) {
      // A key runs on through base64 characters; none of it is read as an ID or echoed back.
      while (i < n && isKeyCharacter(text.charCodeAt(i))) i++;
      continue;
    }
    if (start < judgedUntil) continue;

    if (length >= 9 && length <= 16 && mayStartKeyName(text, start)) {
      const name = text.slice(start, i).toLowerCase();
      if (REQUEST_ID_KEYS.has(name)) {
        const found = readKeyValue(text, i);
        if (found && !isIdText(found.value)) {
          judgedUntil = found.end;
          if (found.empty)
            rejected.add(displayText(found.value || '""'), 'the requestId value is empty');
          else reject(rejected, found.value);
        }
        continue;
      }
    }

    if (nonHex === 0 && length === REQUEST_ID_LENGTH) {
      ids.add(lowercaseHex(text.slice(start, i)));
    } else if (
      line === 'normal' &&
      !hasUnderscore &&
      length >= BOTCHED_MIN_LENGTH &&
      length <= BOTCHED_MAX_LENGTH &&
      nonHex <= BOTCHED_MAX_NON_HEX &&
      digits > 0 &&
      hexLetters > 0
    ) {
      reject(rejected, text.slice(start, i));
    }
  }
  return { ids: [...ids], rejected: rejected.toArray() };
}

/** `private_` or `public_` at `i`, any case, without allocating. */
function startsWithKeyPrefix(text: string, i: number): boolean {
  const first = text.charCodeAt(i) | 0x20;
  if (first !== 112 /* p */) return false;
  const second = text.charCodeAt(i + 1) | 0x20;
  if (second === 114 /* r */) return text.slice(i, i + 8).toLowerCase() === 'private_';
  if (second === 117 /* u */) return text.slice(i, i + 7).toLowerCase() === 'public_';
  return false;
}

/** Could a `requestId`-like key start here? (Not after '-': `x-ik-requestId` is another thing.) */
function mayStartKeyName(text: string, i: number): boolean {
  const first = text.charCodeAt(i) | 0x20;
  return (first === 114 /* r */ || first === 112) /* p */ && text.charCodeAt(i - 1) !== 45;
}

function isKeyCharacter(code: number): boolean {
  return (
    (code < 128 && (ASCII[code]! & WORD) !== 0) ||
    code === 43 ||
    code === 47 ||
    code === 61 ||
    code === 45
  );
}

/**
 * The time embedded in a request ID (an ObjectId's first 4 bytes: seconds since the epoch),
 * in epoch milliseconds. Undefined for anything that is not 24 hex characters.
 */
export function requestIdTimestamp(id: string): number | undefined {
  if (typeof id !== 'string' || !isIdText(id)) return undefined;
  return Number.parseInt(id.slice(0, 8), 16) * 1000;
}

/**
 * The submission time decoded from the ID, when it is believable: not in the future (beyond
 * CLOCK_SKEW_ALLOWANCE_MS) and no older than `maxAgeMs`. Otherwise undefined (use the time
 * the purge was added instead).
 */
export function plausibleSubmissionTime(
  id: string,
  now: number,
  maxAgeMs: number = DEFAULT_MAX_SUBMISSION_AGE_MS,
): number | undefined {
  const time = requestIdTimestamp(id);
  if (time === undefined || !Number.isFinite(now)) return undefined;
  if (time > now + CLOCK_SKEW_ALLOWANCE_MS) return undefined;
  if (now - time > maxAgeMs) return undefined;
  return time;
}
