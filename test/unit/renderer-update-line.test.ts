// The update line in the window's settings, as data: what it says and offers for each state the
// updater can be in, in the tray's words where both say the same thing.
import { describe, expect, it } from 'vitest';
import { updateItems } from '../../src/main/tray/tray-menu-update';
import { FAILING_NOTICE_MS } from '../../src/shared/update';
import { updateLine } from '../../src/renderer/window-words';

const NOW = Date.UTC(2026, 11, 8, 12, 0, 0);
const DAY = 24 * 60 * 60_000;
const line = (status: Parameters<typeof updateLine>[0], checksOn = true) =>
  updateLine(status, checksOn, NOW, '1.2.3');

describe('the update line', () => {
  it('says whether this version is up to date, and offers a look now', () => {
    expect(line({ route: 'self', phase: 'idle', upToDate: true })).toEqual({
      text: 'Purge Watch 1.2.3 is up to date.',
      offer: 'check',
    });
    expect(line({ route: 'self', phase: 'idle' })).toEqual({
      text: 'Purge Watch 1.2.3. No look for a new version yet.',
      offer: 'check',
    });
    expect(line({ route: 'self', phase: 'idle' }, false)).toEqual({
      text: 'Purge Watch 1.2.3. Looking for new versions is off.',
      offer: 'check',
    });
  });

  it('is busy while a look or a download runs; offers "Restart to update" once downloaded', () => {
    expect(line({ route: 'self', phase: 'checking' })).toEqual({
      text: 'Looking for a new version…',
      offer: 'busy',
    });
    expect(line({ route: 'self', phase: 'downloading', version: '2.0.0' })).toEqual({
      text: 'Downloading Purge Watch 2.0.0…',
      offer: 'busy',
    });
    expect(line({ route: 'self', phase: 'downloaded', version: '2.0.0' })).toEqual({
      text: 'Purge Watch 2.0.0 is downloaded and ready to install.',
      offer: 'install',
    });
  });

  it('a version to download by hand: says why, and offers its release page when known', () => {
    const status = {
      route: 'manual',
      why: 'this build is not signed',
      phase: 'available',
      version: '2.0.0',
    } as const;
    expect(line({ ...status, releasePage: 'https://example.com/v2.0.0' })).toEqual({
      text: 'Purge Watch 2.0.0 is out. This copy cannot install it itself (this build is not signed).',
      offer: 'download',
    });
    expect(line(status).offer).toBe('check');
  });

  it('a failed look is no alarm; a day of them is, in the words of the tray', () => {
    expect(line({ route: 'self', phase: 'failed', failingSince: NOW - DAY + 1 })).toEqual({
      text: 'The last look for a new version failed. Purge Watch looks again in a few hours.',
      offer: 'check',
    });
    expect(line({ route: 'self', phase: 'failed' }, false).text).toBe(
      'The last look for a new version failed. Looking for new versions is off.',
    );
    const failingSince = NOW - FAILING_NOTICE_MS;
    const failing = line({ route: 'self', phase: 'failed', failingSince });
    expect(failing).toEqual({
      text: 'Updates have failed for 1 day: the log says why (tray menu → Help → Open log folder).',
      warning: true,
      offer: 'check',
    });
    const [tray] = updateItems({ state: { phase: 'failed', error: 'x' }, failingSince }, NOW);
    expect(tray?.type === 'normal' && tray.label).toBe(
      'Updates have failed for 1 day: open the log…',
    );
  });

  it('where this copy never updates: says so and why, and offers nothing', () => {
    expect(line({ route: 'none', why: 'neither an AppImage nor a deb' })).toEqual({
      text: 'This copy of Purge Watch does not update itself (neither an AppImage nor a deb).',
      offer: 'none',
    });
  });
});
