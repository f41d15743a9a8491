import { describe, expect, it } from 'vitest';
import { parsePurgeUrls } from '../../src/core/input/purge-urls';

const A = 'https://ik.imagekit.io/demo/products/shoe.jpg';
const B = 'https://ik.imagekit.io/demo/banners/*';
const C = 'http://cdn.example.com/img/logo.png?tr=w-300';

describe('parsePurgeUrls', () => {
  it('takes one URL per line, or several on a line when each is a URL, in order', () => {
    expect(parsePurgeUrls(`${A}\r\n\n  ${B}\t${C}\n`)).toEqual({ urls: [A, B, C], rejected: [] });
  });

  it('merges duplicates, including spellings of the same URL, keeping the first as written', () => {
    const shouted = 'HTTPS://IK.IMAGEKIT.IO:443/demo/products/shoe.jpg';
    expect(parsePurgeUrls(`${A}\n${C}\n${A}\n${shouted}`).urls).toEqual([A, C]);
  });

  it('keeps paths that differ only in case apart (the CDN treats them as different files)', () => {
    const upper = 'https://ik.imagekit.io/demo/products/SHOE.jpg';
    expect(parsePurgeUrls(`${A} ${upper}`).urls).toEqual([A, upper]);
  });

  it('allows a trailing * wildcard only at the end', () => {
    const bad = 'https://ik.imagekit.io/demo/*/shoe.jpg';
    expect(parsePurgeUrls(`${B}\n${bad}`)).toEqual({
      urls: [B],
      rejected: [{ text: bad, reason: 'a * wildcard is only allowed at the very end' }],
    });
  });

  it("checks ImageKit's wildcard rule before anything is spent: 2 levels, 15 characters or a file", () => {
    const allowed = [
      'https://ik.imagekit.io/acme/site/css/*', // levels
      'https://ik.imagekit.io/acme-long-prefix*', // 15 characters
      'https://ik.imagekit.io/logo.png*', // a full file path (its query-string variants)
      'https://ik.imagekit.io/acme/logo.png?*',
    ];
    const refused = [
      'https://ik.imagekit.io/acme/*',
      'https://ik.imagekit.io/*',
      'https://ik.imagekit.io/ac*',
    ];
    const result = parsePurgeUrls([...allowed, ...refused].join('\n'));
    expect(result.urls).toEqual(allowed);
    expect(result.rejected.map((r) => r.text)).toEqual(refused);
    expect(result.rejected[0]!.reason).toBe(
      'ImageKit refuses a trailing * unless the path before it has 2 levels, 15 characters or a file name',
    );
  });

  it('rejects anything that is not an http(s) URL, saying so', () => {
    const result = parsePurgeUrls(
      `${A}\nftp://files.example.com/a.jpg\nik.imagekit.io/demo/a.jpg\njavascript:alert(1)\nhttps://`,
    );
    expect(result.urls).toEqual([A]);
    expect(result.rejected).toEqual([
      { text: 'ftp://files.example.com/a.jpg', reason: 'not an http(s) URL' },
      { text: 'ik.imagekit.io/demo/a.jpg', reason: 'not an http(s) URL' },
      { text: 'javascript:alert(1)', reason: 'not an http(s) URL' },
      { text: 'https://', reason: 'not an http(s) URL' },
    ]);
  });

  it('never echoes credentials or a pasted API key', () => {
    const result = parsePurgeUrls(
      'https://admin:hunter2@cdn.example.com/a.jpg\nprivate_lRmDfe5yFf8VKpCoSb3U/jUr5P0=',
    );
    expect(result.urls).toEqual([]);
    expect(result.rejected).toEqual([
      { text: 'https://cdn.example.com/a.jpg', reason: 'contains a user name or password' },
      { text: 'private_…', reason: 'looks like a private API key — not a URL' },
    ]);
    expect(JSON.stringify(result)).not.toMatch(/hunter2|lRmDfe5/);
    const mixed = parsePurgeUrls('the key is private_lRmDfe5yFf8VKpCoSb3U/jUr5P0= ok');
    expect(mixed.rejected).toEqual([
      { text: 'private_…', reason: 'looks like a private API key — not a URL' },
    ]);
  });

  it('takes a line as one entry: words are one rejection, a space in a URL is refused', () => {
    expect(
      parsePurgeUrls(`not a url
${A}`),
    ).toEqual({
      urls: [A],
      rejected: [{ text: 'not a url', reason: 'not an http(s) URL' }],
    });
    expect(parsePurgeUrls(`purge ${A} please`).rejected).toEqual([
      { text: `purge ${A} please`, reason: 'not an http(s) URL' },
    ]);
    const spaced = 'https://ik.imagekit.io/demo/my photo.jpg';
    expect(parsePurgeUrls(spaced)).toEqual({
      urls: [],
      rejected: [{ text: spaced, reason: 'contains a space (write it as %20)' }],
    });
  });

  it("refuses a URL holding a colour code or a bidi mark (the app's paste box too), naming it by code point", () => {
    // Percent-encoded by the URL parser, it would purge another path than the one shown.
    const coloured = 'https://ik.imagekit.io/demo/\u001b[31mshoe\u001b[0m.jpg';
    const reversed = 'https://ik.imagekit.io/demo/\u202egpj.eohs';
    expect(parsePurgeUrls(`${coloured}\n${reversed}\n${A}`)).toEqual({
      urls: [A],
      rejected: [
        {
          text: 'https://ik.imagekit.io/demo/␛[31mshoe␛[0m.jpg',
          reason: 'contains an invisible character (U+001B), e.g. a terminal colour code',
        },
        {
          text: reversed,
          reason: 'contains an invisible character (U+202E), e.g. a terminal colour code',
        },
      ],
    });
  });

  it('refuses a URL holding a character nothing draws (a zero width space, a tag), naming it', () => {
    // Shown as the URL typed, it would purge the percent-encoded path ImageKit never serves.
    const hidden = 'https://ik.imagekit.io/demo/sh\u200boe.jpg';
    const tagged = 'https://ik.imagekit.io/demo/shoe\u{E0041}.jpg';
    const { urls, rejected } = parsePurgeUrls(`${hidden}\n${tagged}\n${A}`);
    expect(urls).toEqual([A]);
    expect(rejected.map((entry) => entry.reason)).toEqual([
      'contains an invisible character (U+200B), e.g. a terminal colour code',
      'contains an invisible character (U+E0041), e.g. a terminal colour code',
    ]);
  });

  it('caps rejections and cuts long texts', () => {
    const junk = Array.from({ length: 60 }, (_, n) => `junk${n}`).join('\n');
    const result = parsePurgeUrls(`${junk}\n${'x'.repeat(500)}`);
    expect(result.rejected).toHaveLength(51);
    expect(result.rejected[50]!.text).toBe('…and 11 more');
    expect(parsePurgeUrls('y'.repeat(500)).rejected[0]!.text).toBe(`${'y'.repeat(64)}…`);
  });

  it('never throws on hostile input', () => {
    for (const text of [
      '',
      '\ud800',
      'https://\ud800',
      'http://[::1',
      '\u0000'.repeat(100),
      'https://a.b/' + 'x'.repeat(20_000),
    ]) {
      expect(() => parsePurgeUrls(text)).not.toThrow();
    }
    expect(parsePurgeUrls('\ud800'.repeat(10 * 1024 * 1024)).rejected).toHaveLength(1);
    expect(parsePurgeUrls('https://a.b/' + 'x'.repeat(20_000)).rejected[0]!.reason).toBe(
      'longer than 8192 characters',
    );
  });
});
