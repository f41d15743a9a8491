import { describe, expect, it } from 'vitest';
import { parseRequestIds } from '../../src/core/input/request-ids';
import { seededRandom } from '../support/seeded-random';

const ID = '598821f949c0a938d57563bd';
const ID2 = '65f1c2d3e4a5b6c7d8e9f0a1';
const ID3 = '66aa01bb02cc03dd04ee05ff';
const PRIVATE_KEY = 'private_lRmDfe5yFf8VKpCoSb3U/jUr5P0=';

describe('parseRequestIds: what users paste', () => {
  it('takes a single ID, trimmed', () => {
    expect(parseRequestIds(`  ${ID}\n`)).toEqual({ ids: [ID], rejected: [] });
  });

  it('takes IDs separated by spaces, commas, semicolons and lines, in order', () => {
    const text = `${ID}, ${ID2};${ID3}\r\n\t${ID}`;
    expect(parseRequestIds(text)).toEqual({ ids: [ID, ID2, ID3], rejected: [] });
  });

  it('lowercases IDs and merges duplicates that differ only in case, keeping first order', () => {
    const text = `${ID2.toUpperCase()}\n${ID}\n${ID2}\n${ID.toUpperCase()}`;
    expect(parseRequestIds(text).ids).toEqual([ID2, ID]);
  });

  it('reads the purge API response', () => {
    expect(parseRequestIds(`{"requestId":"${ID}"}`)).toEqual({ ids: [ID], rejected: [] });
  });

  it('reads an array of responses, pretty-printed', () => {
    const json = JSON.stringify(
      [{ requestId: ID }, { requestId: ID2 }, { requestId: ID }],
      null,
      2,
    );
    expect(parseRequestIds(json)).toEqual({ ids: [ID, ID2], rejected: [] });
  });

  it('reads the purgeRequestId of a rename response', () => {
    expect(parseRequestIds(`{ "purgeRequestId": "${ID3}" }`).ids).toEqual([ID3]);
  });

  it('reads a purge status URL', () => {
    expect(parseRequestIds(`https://api.imagekit.io/v1/files/purge/${ID}`)).toEqual({
      ids: [ID],
      rejected: [],
    });
  });

  it('reads a curl transcript with its output, without reporting or echoing the key', () => {
    const transcript = [
      `$ curl -X GET "https://api.imagekit.io/v1/files/purge/${ID}" \\`,
      `  -u ${PRIVATE_KEY}:`,
      '{"status":"Pending"}',
    ].join('\n');
    const result = parseRequestIds(transcript);
    expect(result).toEqual({ ids: [ID], rejected: [] });
  });

  it('ignores the x-ik-requestId support ID and the headers of curl -i / -v output', () => {
    const supportId = '5f1d2c3b4a5968778695a4b3'; // 24 hex, but not a purge request ID
    const transcript = [
      `$ curl -v "https://api.imagekit.io/v1/files/purge/${ID}" -u ${PRIVATE_KEY}:`,
      `> GET /v1/files/purge/${ID} HTTP/2`,
      '> Host: api.imagekit.io',
      '> Authorization: Basic cHJpdmF0ZV9sUm1EZmU1eUZmOFZLcENvU2IzVS9qVXI1UDA9Og==',
      '< HTTP/2 200',
      '< date: Mon, 07 Aug 2017 08:20:00 GMT',
      `< x-ik-requestid: ${supportId}`,
      '< cf-ray: 8a1b2c3d4e5f6a7b-SJC',
      '< etag: W/"14-1a2b3c4d5e6f7a8b9c0d"',
      '',
      '{"status":"Completed"}',
      `HTTP/2 200`,
      `x-ik-requestId: ${supportId}`,
    ].join('\n');
    expect(parseRequestIds(transcript)).toEqual({ ids: [ID], rejected: [] });
  });

  it('reads IDs out of a sentence without rejecting its words', () => {
    const text = `Hi! Purge ${ID} is done, but ${ID2} is still pending (since 10:04).`;
    expect(parseRequestIds(text)).toEqual({ ids: [ID, ID2], rejected: [] });
  });

  it('reads IDs from typographic quotes and JSON escaped inside a string', () => {
    expect(parseRequestIds(`“${ID}”`).ids).toEqual([ID]);
    const logged = JSON.stringify({ body: JSON.stringify({ requestId: ID }) });
    expect(parseRequestIds(logged).ids).toEqual([ID]);
    expect(parseRequestIds(JSON.stringify(`${ID}\n${ID2}`)).ids).toEqual([ID, ID2]);
  });

  it('does not take 24 hex characters out of a longer token', () => {
    const text = `sha ${ID}${ID2} x${ID} ${ID}g tmp_${ID} café${ID}`;
    expect(parseRequestIds(text).ids).toEqual([]);
    expect(parseRequestIds(`${ID2}00, ${ID}`).ids).toEqual([ID]);
  });

  it('returns nothing for empty or blank input', () => {
    expect(parseRequestIds('')).toEqual({ ids: [], rejected: [] });
    expect(parseRequestIds(' \n\t ,; ')).toEqual({ ids: [], rejected: [] });
  });
});

describe('parseRequestIds: what it rejects in a plain list', () => {
  it('says how long a hex token is when it has the wrong length', () => {
    const result = parseRequestIds(`${ID}\n${ID.slice(0, 23)}\n${ID}a`);
    expect(result.ids).toEqual([ID]);
    expect(result.rejected).toEqual([
      { text: ID.slice(0, 23), reason: '23 characters; a request ID has 24 hex characters' },
      { text: `${ID}a`, reason: '25 characters; a request ID has 24 hex characters' },
    ]);
  });

  it('names the first character that is not hexadecimal', () => {
    const result = parseRequestIds(`${ID.slice(0, 23)}g ${ID2}`);
    expect(result.rejected).toEqual([
      { text: `${ID.slice(0, 23)}g`, reason: "contains 'g', not hexadecimal" },
    ]);
  });

  it('shows invisible characters by code point', () => {
    const result = parseRequestIds(`${ID.slice(0, 12)}\u0000${ID.slice(13)} ${ID2}`);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]!.reason).toBe('contains U+0000, not hexadecimal');
    expect(result.rejected[0]!.text).toBe(`${ID.slice(0, 12)}␀${ID.slice(13)}`);
  });

  it('names a look-alike of a hex character by code point too, and a combining mark by it alone', () => {
    // Each reads as hex on a screen: 'с' Cyrillic es, '５' fullwidth five, 'ⅾ' Roman numeral
    // five hundred; a combining acute shown between quotes sits on the quote.
    for (const [character, shown] of [
      ['\u0441', "'\u0441' (U+0441)"],
      ['\uff15', "'\uff15' (U+FF15)"],
      ['\u217e', "'\u217e' (U+217E)"],
      ['\u0301', 'U+0301'],
    ] as const) {
      const result = parseRequestIds(`${ID.slice(0, 23)}${character}`);
      expect(result.rejected[0]!.reason).toBe(`contains ${shown}, not hexadecimal`);
    }
  });

  it('rejects every token that is not an ID when the list is mostly meant as IDs', () => {
    const result = parseRequestIds(`${ID} ${ID2} oops`);
    expect(result.ids).toEqual([ID, ID2]);
    expect(result.rejected).toEqual([{ text: 'oops', reason: "contains 'o', not hexadecimal" }]);
  });

  it('ignores longer hex (a git hash, an MD5) among IDs, but explains a lone one', () => {
    const gitHash = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
    const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
    expect(parseRequestIds(`${ID}\n${gitHash}\n${md5}\n${ID2}`)).toEqual({
      ids: [ID, ID2],
      rejected: [],
    });
    expect(parseRequestIds(gitHash).rejected).toEqual([
      { text: gitHash, reason: '40 characters; a request ID has 24 hex characters' },
    ]);
  });

  it('recognises a pasted private or public key and never echoes it', () => {
    const publicKey = 'public_Hb0a3MRLL2ZqEVRN6AbEXAMPLE=';
    const result = parseRequestIds(`${ID}\n${PRIVATE_KEY}\n${publicKey}`);
    expect(result.ids).toEqual([ID]);
    expect(result.rejected).toEqual([
      { text: 'private_…', reason: 'looks like a private API key — not a request ID' },
      { text: 'public_…', reason: 'looks like a public API key — not a request ID' },
    ]);
    expect(JSON.stringify(result)).not.toContain('lRmDfe5');
    expect(JSON.stringify(result)).not.toContain('Hb0a3MRLL');
  });

  it('rejects a lone bad token with its reason', () => {
    expect(parseRequestIds('598821f949c0a938d57563b').rejected).toEqual([
      {
        text: '598821f949c0a938d57563b',
        reason: '23 characters; a request ID has 24 hex characters',
      },
    ]);
  });

  it('lists each distinct rejection once', () => {
    const bad = ID.slice(0, 20);
    expect(parseRequestIds(`${bad} ${bad} ${bad}`).rejected).toHaveLength(1);
  });
});

describe('parseRequestIds: what it rejects in structured text', () => {
  it('reports a botched ID in prose but not the words around it', () => {
    const text = `The purge ${ID.slice(0, 23)}z failed, ${ID} worked.`;
    expect(parseRequestIds(text)).toEqual({
      ids: [ID],
      rejected: [{ text: `${ID.slice(0, 23)}z`, reason: "contains 'z', not hexadecimal" }],
    });
  });

  it('ignores a git hash in prose or a deploy log', () => {
    const log = `Deployed da39a3ee5e6b4b0d3255bfef95601890afd80709 (abc1234); purge ${ID} queued`;
    expect(parseRequestIds(log)).toEqual({ ids: [ID], rejected: [] });
  });

  it('reports a requestId value that is not an ID, and takes nothing from it', () => {
    const json = JSON.stringify([
      { requestId: ID },
      { requestId: ID.slice(0, 23) },
      { requestId: `${ID2}-2` },
      { requestId: null },
      { requestId: 'pending' },
    ]);
    expect(parseRequestIds(json)).toEqual({
      ids: [ID],
      rejected: [
        { text: ID.slice(0, 23), reason: '23 characters; a request ID has 24 hex characters' },
        { text: `${ID2}-2`, reason: "contains '-', not hexadecimal" },
        { text: 'null', reason: 'the requestId value is empty' },
        { text: 'pending', reason: "contains 'p', not hexadecimal" },
      ],
    });
  });

  it('does not report long tokens that are not hex-like, nor the support ID in logged headers', () => {
    const logged = JSON.stringify({
      requestId: ID,
      headers: { 'x-ik-requestId': 'c0ffee-2024-support' },
      traceId: 'Xk9Lm2Qp8Rt5Vw3Yz7Bn4Hj',
      note: 'authentication2024failed',
    });
    expect(parseRequestIds(logged)).toEqual({ ids: [ID], rejected: [] });
  });

  it('reads an ID after a \\u escape in JS or JSON source', () => {
    expect(parseRequestIds(`const ids = "\\u00a0${ID}";`).ids).toEqual([ID]);
  });

  it('reports a key pasted as a requestId value, redacted', () => {
    const result = parseRequestIds(`{"requestId": "${PRIVATE_KEY}"}`);
    expect(result.rejected).toEqual([
      { text: 'private_…', reason: 'looks like a private API key — not a request ID' },
    ]);
    expect(JSON.stringify(result)).not.toContain('lRmDfe5');
  });

  it('reports a bad requestId in a URL query', () => {
    const result = parseRequestIds(`https://example.com/status?requestId=${ID}z&x=1`);
    expect(result.rejected).toEqual([{ text: `${ID}z`, reason: "contains 'z', not hexadecimal" }]);
  });

  it('caps the list at 50 entries and sums up the rest', () => {
    const botched = Array.from(
      { length: 80 },
      (_, n) => `{"requestId":"${n.toString(16).padStart(23, 'a')}"}`,
    );
    const result = parseRequestIds(`[${botched.join(',')}]`);
    expect(result.rejected).toHaveLength(51);
    expect(result.rejected[50]).toEqual({
      text: '…and 30 more',
      reason: 'further rejected inputs are not listed',
    });
  });

  it('cuts a long token to 64 characters in a rejection', () => {
    const long = '1234567890'.repeat(1000);
    const [entry] = parseRequestIds(long).rejected;
    expect(entry!.text).toBe(`${long.slice(0, 64)}…`);
    expect(entry!.reason).toBe('10000 characters; a request ID has 24 hex characters');
  });
});

describe('parseRequestIds: never throws, only returns IDs', () => {
  it('survives lone surrogates, NUL, controls and huge pastes', () => {
    const nasty = [
      '\ud800',
      '\udfff' + ID,
      `${ID}\ud800`,
      '\u0000'.repeat(1000),
      '"requestId":',
      'requestId=',
      '{"requestId":"\\',
      '\\u12',
      '%2',
      'private_',
      'x'.repeat(100_000),
      `{"requestId": "${'a'.repeat(10_000)}`,
    ];
    for (const text of nasty) {
      expect(() => parseRequestIds(text)).not.toThrow();
      for (const entry of parseRequestIds(text).rejected) {
        expect(entry.text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
      }
    }
    expect(parseRequestIds(`\ud800 ${ID}`).ids).toEqual([ID]);
    expect(parseRequestIds(`${ID},`.repeat(50_000)).ids).toEqual([ID]);
  });

  it('survives 10 MB of lone surrogates as one entry or one requestId value', () => {
    const surrogates = '\ud800'.repeat(10 * 1024 * 1024);
    expect(parseRequestIds(surrogates).rejected).toHaveLength(1);
    expect(parseRequestIds(`{"requestId":"${surrogates}"} ${ID}`).ids).toEqual([ID]);
  });

  it('on seeded random strings never throws and returns only canonical IDs', () => {
    const random = seededRandom(20170807);
    const alphabet = `0123456789abcdefABCDEFxyz_-{}[]":,; \n\t/\\=%.<>*\u0000\u00e9\ud83d\ude00\ud800“”`;
    const fragments = [
      ID,
      ID2,
      'requestId',
      '"requestId":"',
      'private_',
      'x-ik-requestid: ',
      '\n< ',
    ];
    for (let round = 0; round < 3000; round++) {
      let text = '';
      const length = Math.floor(random() * 200);
      while (text.length < length) {
        text +=
          random() < 0.1
            ? fragments[Math.floor(random() * fragments.length)]
            : alphabet[Math.floor(random() * alphabet.length)];
      }
      const result = parseRequestIds(text);
      for (const id of result.ids) expect(id).toMatch(/^[0-9a-f]{24}$/);
      expect(new Set(result.ids).size).toBe(result.ids.length);
      expect(result.rejected.length).toBeLessThanOrEqual(51);
    }
  });
});
