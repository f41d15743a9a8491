// The real-Electron tier's probe (src/main/automation-probe.ts): exposed only on request AND
// unpackaged; it reads the tray and the notifications and picks a tray item as a click does.
import { afterEach, describe, expect, it } from 'vitest';
import type { AutomationProbe } from '../../src/main/automation-probe';
import { exposeAutomationProbe, PROBE_GLOBAL } from '../../src/main/automation-probe';
import type { TrayView } from '../../src/main/tray/tray-menu';
import type { TrayAction } from '../../src/main/tray/tray-menu-items';

const global = globalThis as Record<string, unknown>;
afterEach(() => {
  delete global[PROBE_GLOBAL];
});

const view: TrayView = {
  icon: 'idle',
  tooltip: 'Purge Watch — no purges pending',
  title: '',
  menu: [
    { type: 'normal', label: 'Check all now', enabled: false, action: { type: 'check-now' } },
    {
      type: 'submenu',
      label: 'a.jpg',
      enabled: true,
      submenu: [
        {
          type: 'normal',
          label: 'Remove',
          enabled: true,
          action: { type: 'remove', requestId: 'x' },
        },
      ],
    },
    { type: 'normal', label: 'Quit Purge Watch', enabled: true, action: { type: 'quit' } },
  ],
};

describe('the automation probe', () => {
  it('is not there in a packaged app, nor without PURGE_WATCH_AUTOMATION=1', () => {
    const sources = { tray: () => view, dispatch: () => undefined };
    expect(exposeAutomationProbe(sources, { PURGE_WATCH_AUTOMATION: '1' }, true)).toBeUndefined();
    expect(exposeAutomationProbe(sources, {}, false)).toBeUndefined();
    expect(
      exposeAutomationProbe(sources, { PURGE_WATCH_AUTOMATION: 'yes' }, false),
    ).toBeUndefined();
    expect(global[PROBE_GLOBAL]).toBeUndefined();
  });

  it('unpackaged and asked for: shows the tray, picks enabled items, records notifications', () => {
    const picked: TrayAction[] = [];
    const recorder = exposeAutomationProbe(
      { tray: () => view, dispatch: (action) => picked.push(action) },
      { PURGE_WATCH_AUTOMATION: '1' },
      false,
    )!;
    const probe = global[PROBE_GLOBAL] as AutomationProbe;
    expect(probe.tray()?.tooltip).toBe('Purge Watch — no purges pending');
    expect(probe.pick('Quit Purge Watch')).toBe(true);
    expect(probe.pick('Remove')).toBe(true);
    expect(probe.pick('Check all now')).toBe(false); // disabled: a click does nothing
    expect(probe.pick('No such item')).toBe(false);
    expect(picked).toEqual([{ type: 'quit' }, { type: 'remove', requestId: 'x' }]);

    const notice = { kind: 'completed', title: 'Purge completed', body: 'a.jpg', target: {} };
    recorder.observeNotification('n1', notice as never, 'created');
    expect(probe.notifications()).toEqual([
      { title: 'Purge completed', body: 'a.jpg', outcome: 'created' },
    ]);
    recorder.observeNotification('n1', notice as never, 'shown');
    expect(probe.notifications()).toEqual([
      { title: 'Purge completed', body: 'a.jpg', outcome: 'shown' },
    ]);
    expect(probe.errors()).toEqual([]);
  });
});
