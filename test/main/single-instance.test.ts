import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { MockEvent, mock } from '../mocks/electron';
import { claimSingleInstance, registerLinkScheme } from '../../src/main/desktop/single-instance';
import { parseLaunchArgs } from '../../src/main/desktop/launch-args';

const A = '5f2b6c1e9a8d7c6b5a4f3e2d';
const B = '5f2b6c1e9a8d7c6b5a4f3e2e';
const EXE = '/opt/purge-watch/purge-watch';

beforeEach(() => mock.reset());

describe('claimSingleInstance', () => {
  it('in a second instance: sends its exact argv to the running one and quits', () => {
    mock.app.singleInstanceLock = false;
    const argv = [EXE, '--track', A, B];
    const instance = claimSingleInstance(argv);
    expect(instance.primary).toBe(false);
    expect(mock.app.lockRequests).toEqual([{ argv }]);
    expect(mock.app.quitCalls).toBe(1);
    expect(mock.app.listenerCount('second-instance')).toBe(0);
  });

  it('in the running instance: hands over the second launch’s IDs', () => {
    const instance = claimSingleInstance([EXE]);
    expect(instance.primary).toBe(true);
    const received: string[][] = [];
    instance.deliverTo((argv) => received.push(parseLaunchArgs(argv).requestIds));
    // Chromium reordered the argv; additionalData carries the original.
    mock.app.emit('second-instance', new MockEvent(), ['--track', EXE, '--x=1', A], '/tmp', {
      argv: [EXE, '--track', A, B],
    });
    expect(received).toEqual([[A, B]]);
  });

  it('hands over a purgewatch:// link given as an argument (Windows, Linux)', () => {
    const instance = claimSingleInstance([EXE]);
    const received: string[][] = [];
    instance.deliverTo((argv) => received.push(parseLaunchArgs(argv).requestIds));
    mock.app.emit('second-instance', new MockEvent(), [EXE, `purgewatch://track/${A}/`], '/', null);
    expect(received).toEqual([[A]]);
  });

  it('hands over links opened on macOS (open-url), even before anyone listens', () => {
    const instance = claimSingleInstance([EXE]);
    const early = new MockEvent();
    mock.app.emit('open-url', early, `purgewatch://track/${A}`);
    expect(early.defaultPrevented).toBe(true);
    const received: string[][] = [];
    instance.deliverTo((argv) => received.push(parseLaunchArgs(argv).requestIds));
    mock.app.emit('open-url', new MockEvent(), `purgewatch://track/${B}`);
    expect(received).toEqual([[A], [B]]);
  });
});

describe('registerLinkScheme', () => {
  it('registers purgewatch:// (from sources on Windows: with the app directory, so the link starts this app)', () => {
    const saved = { defaultApp: process.defaultApp, argv1: process.argv[1] };
    try {
      mock.reset({ platform: 'win32' });
      Object.assign(process, { defaultApp: true });
      process.argv[1] = 'some/app/dir';
      expect(registerLinkScheme()).toBe(true);
      expect(mock.app.protocolClients).toEqual([
        { protocol: 'purgewatch', path: process.execPath, args: [path.resolve('some/app/dir')] },
      ]);
      Object.assign(process, { defaultApp: false });
      registerLinkScheme();
      expect(mock.app.protocolClients[1]).toEqual({ protocol: 'purgewatch' });
      // The system may refuse (a registry or xdg-settings failure): Electron answers false.
      mock.app.protocolClientRefused = true;
      expect(registerLinkScheme()).toBe(false);
    } finally {
      Object.assign(process, { defaultApp: saved.defaultApp });
      process.argv[1] = saved.argv1 ?? '';
    }
  });
});
