// The banners the window shows for states that need the user.
import { describe, expect, it } from 'vitest';
import type { KeyStatus } from '../../src/shared/ipc';
import { bannersFor } from '../../src/renderer/banners';

const STORED: KeyStatus = { source: 'keychain', keychain: 'the macOS Keychain' };
const NONE: KeyStatus = { source: 'none', keychain: 'the macOS Keychain' };
const NOW = 1_700_000_000_000;
const ids = (banners: { id: string }[]) => banners.map((b) => b.id);

describe('bannersFor', () => {
  it('shows nothing when all is well', () => {
    expect(bannersFor({ pausedFor: [] }, STORED, NOW)).toEqual([]);
  });

  it('asks for a key when none is set, saying where it will be kept', () => {
    const [banner] = bannersFor({ pausedFor: [] }, NONE, NOW);
    expect(banner?.title).toBe('No private key set');
    expect(banner?.text).toMatch(/kept in the macOS Keychain/);
    expect(banner?.action).toEqual({ kind: 'set-key', label: 'Set key' });
  });

  it('asks to replace a key ImageKit refused, with the server message', () => {
    const banners = bannersFor(
      {
        pausedFor: [],
        authProblem: { kind: 'auth', message: 'Your account cannot be authenticated.' },
      },
      STORED,
      NOW,
    );
    expect(ids(banners)).toEqual(['auth']);
    expect(banners[0]?.title).toBe('ImageKit refused the private key');
    expect(banners[0]?.text).toMatch(/^Your account cannot be authenticated\. Checking is on hold/);
    expect(banners[0]?.action?.label).toBe('Replace key');
  });

  it('explains a keychain that cannot be used, with its advice', () => {
    const banners = bannersFor(
      { pausedFor: [] },
      { ...NONE, problem: 'No keychain service is running: install and start gnome-keyring.' },
      NOW,
    );
    expect(ids(banners)).toEqual(['keychain']);
    expect(banners[0]?.text).toMatch(/install and start gnome-keyring/);
  });

  it('says where a corrupt store file went, and that saving fails', () => {
    const banners = bannersFor(
      {
        pausedFor: [],
        recoveredStore: { movedTo: '/tmp/purges.corrupt-1.json', reason: 'invalid JSON' },
        storageProblem: 'The disk is full.',
      },
      STORED,
      NOW,
    );
    expect(ids(banners)).toEqual(['recovered-store', 'storage']);
    expect(banners[0]?.text).toMatch(
      /moved aside to \/tmp\/purges\.corrupt-1\.json \(invalid JSON\)/,
    );
  });

  it('shows a rate-limit hold only while it lasts, and a user pause with a way out', () => {
    expect(ids(bannersFor({ pausedFor: [], rateLimitedUntil: NOW + 5_000 }, STORED, NOW))).toEqual([
      'rate-limit',
    ]);
    expect(bannersFor({ pausedFor: [], rateLimitedUntil: NOW - 1 }, STORED, NOW)).toEqual([]);
    const [paused] = bannersFor({ pausedFor: ['user', 'offline'] }, STORED, NOW);
    expect(paused?.action?.kind).toBe('resume-polling');
  });
});
