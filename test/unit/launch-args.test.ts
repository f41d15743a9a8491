import { describe, expect, it } from 'vitest';
import {
  actOnLaunch,
  handedOverArgv,
  isFirstRun,
  isHiddenLaunch,
  linkConfirmation,
  plainLaunchShowsWindow,
  MAX_IDS_PER_LAUNCH,
  parseLaunchArgs,
  parseTrackLink,
} from '../../src/main/desktop/launch-args';

const A = '5f2b6c1e9a8d7c6b5a4f3e2d';
const B = '5f2b6c1e9a8d7c6b5a4f3e2e';
const C = '5f2b6c1e9a8d7c6b5a4f3e2f';
const EXE = '/opt/Purge Watch/purge-watch';

describe('parseLaunchArgs', () => {
  it('takes every ID after --track, up to the next option', () => {
    const request = parseLaunchArgs([EXE, '--track', A, B, '--original-process-start-time=1', C]);
    expect(request).toEqual({
      requestIds: [A, B],
      rejected: [],
      asksToTrack: true,
      fromLink: false,
    });
  });

  it('takes --track=<id>,<id> and lowercases IDs', () => {
    expect(parseLaunchArgs([EXE, `--track=${A.toUpperCase()},${B}`]).requestIds).toEqual([A, B]);
  });

  it('takes purgewatch://track links, with several IDs, a trailing slash, any case', () => {
    expect(parseLaunchArgs([EXE, `purgewatch://track/${A}`]).requestIds).toEqual([A]);
    expect(parseLaunchArgs([EXE, `PurgeWatch://track/${A}/${B}/`]).requestIds).toEqual([A, B]);
    expect(parseLaunchArgs([EXE, `purgewatch://track/${A},${C}?from=deploy#x`]).requestIds).toEqual(
      [A, C],
    );
    expect(parseLaunchArgs([EXE, `purgewatch:track/${B}`]).requestIds).toEqual([B]);
  });

  it('reports what is not an ID and links it does not know, without echoing a key', () => {
    const request = parseLaunchArgs([
      EXE,
      '--track',
      'abc123',
      'purgewatch://settings/private_SECRETKEY',
    ]);
    expect(request.requestIds).toEqual([]);
    expect(request.asksToTrack).toBe(true);
    expect(request.rejected.map((r) => r.text)).toContain('abc123');
    const shown = JSON.stringify(request.rejected);
    expect(shown).not.toContain('SECRETKEY');
    expect(shown).toContain('not a purgewatch://track/<id> link');
  });

  it('says a plain launch asks nothing (Electron and Chromium arguments are not IDs)', () => {
    expect(parseLaunchArgs([EXE, '.', '--no-sandbox', '--enable-logging'])).toEqual({
      requestIds: [],
      rejected: [],
      asksToTrack: false,
      fromLink: false,
    });
  });

  it('takes at most MAX_IDS_PER_LAUNCH IDs and says the rest were refused', () => {
    const ids = Array.from({ length: MAX_IDS_PER_LAUNCH + 3 }, (_, i) =>
      (0x5f000000 + i).toString(16).padStart(8, '0').padEnd(24, '0'),
    );
    const request = parseLaunchArgs(['--track', ...ids]);
    expect(request.requestIds).toHaveLength(MAX_IDS_PER_LAUNCH);
    expect(request.rejected[0]?.text).toBe('3 more request IDs');
  });
});

describe('parseTrackLink', () => {
  it('is undefined for links that are not track links', () => {
    expect(parseTrackLink('purgewatch://tracker/abc')).toBeUndefined();
    expect(parseTrackLink('https://track/abc')).toBeUndefined();
    expect(parseTrackLink('purgewatch://track')).toEqual([]);
  });
});

describe('handedOverArgv', () => {
  it("prefers the second instance's own argv sent as additionalData", () => {
    const reordered = ['--track', EXE, A];
    expect(handedOverArgv(reordered, { argv: [EXE, '--track', A] })).toEqual([EXE, '--track', A]);
  });
  it('falls back to the argv Electron passed when additionalData is missing or malformed', () => {
    expect(handedOverArgv([EXE, A], undefined)).toEqual([EXE, A]);
    expect(handedOverArgv([EXE, A], { argv: [1, 2] })).toEqual([EXE, A]);
  });
});

describe('the account a launch names', () => {
  it("takes --account NAME, --account=NAME and a link's ?account=NAME", () => {
    expect(parseLaunchArgs([EXE, '--track', A, '--account', 'staging'])).toMatchObject({
      requestIds: [A],
      account: 'staging',
    });
    expect(parseLaunchArgs([EXE, '--account=client-a', '--track', A]).account).toBe('client-a');
    expect(parseLaunchArgs([EXE, `purgewatch://track/${A}/${B}?account=staging`])).toMatchObject({
      requestIds: [A, B],
      account: 'staging',
      fromLink: true,
    });
    // Windows may append a slash to the whole link; the environment's key is an account too.
    expect(parseLaunchArgs([EXE, `purgewatch://track/${A}?account=staging/`]).account).toBe(
      'staging',
    );
    expect(parseLaunchArgs([EXE, '--track', A, '--account', 'environment']).account).toBe(
      'environment',
    );
    expect(parseLaunchArgs([EXE, '--track', A]).account).toBeUndefined();
  });

  it('refuses a name that is no account name, a missing one, or two different ones', () => {
    for (const argv of [
      [EXE, `purgewatch://track/${A}?account=..%2Fetc`],
      [EXE, '--track', A, '--account'],
      [EXE, '--account', '--track', A],
      [EXE, '--track', A, '--account', 'staging', `purgewatch://track/${B}?account=production`],
    ]) {
      const request = parseLaunchArgs(argv);
      expect(request.account, argv.join(' ')).toBeUndefined();
      expect(request.accountProblem, argv.join(' ')).toBeTypeOf('string');
    }
    expect(
      parseLaunchArgs([EXE, '--track', A, '--account', 'staging', '--account=production'])
        .accountProblem,
    ).toBe('it names more than one account (staging, production)');
    // Never a key echoed back, even pasted as an account.
    const key = parseLaunchArgs([EXE, `purgewatch://track/${A}?account=private_SECRETKEY`]);
    expect(key.accountProblem).toBe('the account named looks like an API key, not an account name');
    expect(JSON.stringify(key)).not.toContain('SECRETKEY');
  });
});

describe('actOnLaunch', () => {
  function ports() {
    const calls = { tracked: [] as string[][], shown: 0, warnings: [] as string[] };
    return {
      calls,
      ports: {
        track: (ids: string[], account?: string) =>
          calls.tracked.push(account === undefined ? ids : [...ids, `account=${account}`]),
        showWindow: () => calls.shown++,
        warn: (message: string) => calls.warnings.push(message),
      },
    };
  }

  it("opens the window for a plain launch, not for the login item's (--hidden)", () => {
    const plain = ports();
    actOnLaunch([EXE], plain.ports, { showWindowWhenPlain: true });
    expect(plain.calls.shown).toBe(1);
    const atLogin = ports();
    actOnLaunch([EXE, '--hidden'], atLogin.ports, { showWindowWhenPlain: true });
    expect(atLogin.calls.shown).toBe(0);
    expect(isHiddenLaunch([EXE, '--hidden'])).toBe(true);
    // A launch that hands IDs over tracks them and opens nothing.
    const tracking = ports();
    actOnLaunch([EXE, '--track', A], tracking.ports, { showWindowWhenPlain: true });
    expect(tracking.calls).toMatchObject({ shown: 0, tracked: [[A]] });
  });

  it('shows the window at a plain first launch except on macOS (menu bar icon, no --hidden)', () => {
    expect(plainLaunchShowsWindow('linux')).toBe(true);
    expect(plainLaunchShowsWindow('win32')).toBe(true);
    expect(plainLaunchShowsWindow('darwin')).toBe(false);
  });

  it('asks before tracking more than a few purges from a link, and tracks only on yes', async () => {
    const ids = Array.from(
      { length: 6 },
      (_, i) => `5f2b6c1e9a8d7c6b5a4f3e${(i + 16).toString(16)}`,
    );
    const link = `purgewatch://track/${ids.join('/')}`;
    for (const answer of [false, true]) {
      const { calls, ports: p } = ports();
      const asked: number[] = [];
      actOnLaunch(
        [EXE, link],
        { ...p, confirmLink: async (n) => (asked.push(n), answer) },
        {
          showWindowWhenPlain: true,
        },
      );
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(asked).toEqual([6]);
      expect(calls.tracked).toEqual(answer ? [ids] : []);
    }
    // A few from a link, or many from a script's --track, need no question.
    const { calls, ports: p } = ports();
    const confirmLink = async () => false;
    actOnLaunch(
      [EXE, `purgewatch://track/${ids.slice(0, 5).join('/')}`],
      { ...p, confirmLink },
      {
        showWindowWhenPlain: true,
      },
    );
    actOnLaunch([EXE, '--track', ...ids], { ...p, confirmLink }, { showWindowWhenPlain: true });
    expect(calls.tracked).toEqual([ids.slice(0, 5), ids]);
  });

  it('declined link purges are only noted: the user said no, nothing to tell them', async () => {
    const ids = Array.from(
      { length: 6 },
      (_, i) => `5f2b6c1e9a8d7c6b5a4f3e${(i + 16).toString(16)}`,
    );
    const { calls, ports: p } = ports();
    const notes: string[] = [];
    actOnLaunch(
      [EXE, `purgewatch://track/${ids.join('/')}`],
      { ...p, confirmLink: async () => false, note: (message) => notes.push(message) },
      { showWindowWhenPlain: true },
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls.warnings).toEqual([]);
    expect(notes).toEqual(['Not tracked: 6 request IDs from a link (not confirmed)']);
  });

  it('tracks the IDs of a launch and warns about the rest', () => {
    const { calls, ports: p } = ports();
    actOnLaunch([EXE, '--track', A, 'nope'], p, { showWindowWhenPlain: true });
    expect(calls.tracked).toEqual([[A]]);
    expect(calls.shown).toBe(0);
    expect(calls.warnings).toEqual([expect.stringContaining('nope')]);
  });

  it('tracks with the account named; with an unusable one, tracks nothing and says why', () => {
    const { calls, ports: p } = ports();
    actOnLaunch([EXE, `purgewatch://track/${A}?account=staging`], p, { showWindowWhenPlain: true });
    expect(calls.tracked).toEqual([[A, 'account=staging']]);
    actOnLaunch([EXE, '--track', B, '--account', 'not a name'], p, { showWindowWhenPlain: true });
    expect(calls.tracked).toHaveLength(1);
    expect(calls.warnings).toEqual([
      'Not tracked: 1 request ID ("not a name" is not an account name (letters, digits, ".", "_" and "-"))',
    ]);
    expect(calls.shown).toBe(0);
  });

  it('opens the window for a plain relaunch, not for the first launch', () => {
    const first = ports();
    actOnLaunch([EXE], first.ports, { showWindowWhenPlain: false });
    expect(first.calls.shown).toBe(0);
    const again = ports();
    actOnLaunch([EXE], again.ports, { showWindowWhenPlain: true });
    expect(again.calls.shown).toBe(1);
  });

  it('does not open the window when a hand-off held only bad IDs', () => {
    const { calls, ports: p } = ports();
    actOnLaunch([EXE, '--track', 'zzz'], p, { showWindowWhenPlain: true });
    expect(calls.shown).toBe(0);
    expect(calls.tracked).toEqual([]);
  });
});

describe('what a start shows', () => {
  it('opens the key settings on a first run only: a plain launch, no key, nothing tracked', () => {
    const plain = parseLaunchArgs([EXE]);
    expect(isFirstRun(plain, { accounts: 0, tracked: 0 })).toBe(true);
    expect(isFirstRun(plain, { accounts: 1, tracked: 0 })).toBe(false);
    expect(isFirstRun(plain, { accounts: 0, tracked: 3 })).toBe(false);
    // A launch handing IDs over tracks them; it does not open a window.
    expect(isFirstRun(parseLaunchArgs([EXE, '--track', A]), { accounts: 0, tracked: 0 })).toBe(
      false,
    );
    // The login item's launch starts quietly, key or not.
    expect(isFirstRun(plain, { accounts: 0, tracked: 0 }, true)).toBe(false);
  });

  it("asks before a link's purges are tracked, Cancel being the default", () => {
    const dialog = linkConfirmation(12);
    expect(dialog.buttons).toEqual(['Track 12 purges', 'Cancel']);
    expect(dialog.defaultId).toBe(1);
    expect(dialog.cancelId).toBe(1);
    expect(dialog.message).toBe('A link asks Purge Watch to track 12 purges.');
    expect(dialog.detail).toMatch(/any web page or app/);
  });
});
