import { describe, expect, it } from 'vitest';
import { BaseUrlError, DEFAULT_BASE_URL, resolveBaseUrl } from '../../src/core/imagekit/base-url';

describe('resolveBaseUrl', () => {
  it('defaults to the ImageKit API when nothing or only spaces are given', () => {
    expect(DEFAULT_BASE_URL).toBe('https://api.imagekit.io');
    expect(resolveBaseUrl(undefined)).toBe('https://api.imagekit.io');
    expect(resolveBaseUrl('')).toBe('https://api.imagekit.io');
    expect(resolveBaseUrl('   ')).toBe('https://api.imagekit.io');
  });

  it('accepts any https URL and drops trailing slashes, so paths join cleanly', () => {
    expect(resolveBaseUrl('https://api.imagekit.io/')).toBe('https://api.imagekit.io');
    expect(resolveBaseUrl(' https://proxy.example.com:8443/imagekit// ')).toBe(
      'https://proxy.example.com:8443/imagekit',
    );
    expect(resolveBaseUrl('HTTPS://API.IMAGEKIT.IO')).toBe('https://api.imagekit.io');
  });

  it.each([
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http://127.0.0.1:4010/', 'http://127.0.0.1:4010'],
    ['http://localhost:4010/', 'http://localhost:4010'],
    ['http://[::1]:4010', 'http://[::1]:4010'],
    ['http://[0:0:0:0:0:0:0:1]:4010', 'http://[::1]:4010'],
    ['http://127.0.0.2:4010', 'http://127.0.0.2:4010'],
  ])('allows plain http on loopback: %s', (input, expected) => {
    expect(resolveBaseUrl(input)).toBe(expected);
  });

  it.each([
    'http://api.imagekit.io',
    'http://192.168.1.10:4010',
    'http://[::2]:4010',
    'http://localhost.example.com',
    'http://127.0.0.1.example.com',
    'ftp://127.0.0.1',
    'file:///tmp/imagekit',
  ])('refuses %s: the key would travel in clear text', (input) => {
    expect(() => resolveBaseUrl(input)).toThrow(BaseUrlError);
    expect(() => resolveBaseUrl(input)).toThrow(/https/);
  });

  it('refuses credentials in the URL without repeating them', () => {
    const secret = 'private_abc123';
    for (const input of [
      `https://${secret}@api.imagekit.io`,
      `https://u:${secret}@api.imagekit.io`,
    ]) {
      const error = errorOf(() => resolveBaseUrl(input));
      expect(error).toBeInstanceOf(BaseUrlError);
      expect(error.message).toMatch(/credentials/);
      expect(error.message).not.toContain(secret);
    }
  });

  it('refuses text that is not a URL without echoing it (it may be a pasted key)', () => {
    const pasted = 'private_lH3xP9kQ2mZ7=';
    const error = errorOf(() => resolveBaseUrl(pasted));
    expect(error).toBeInstanceOf(BaseUrlError);
    expect(error.message).toMatch(/not a valid URL/);
    expect(error.message).not.toContain(pasted);
  });
});

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('Expected an error, none was thrown.');
}
