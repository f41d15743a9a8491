// The window's zoom keys: Ctrl+= / Ctrl+- / Ctrl+0 (Cmd on macOS) zoom the page even though the
// window has no menu (removeMenu takes the menu's zoom accelerators away on Windows and Linux).
import { beforeEach, describe, expect, it } from 'vitest';
import { MockEvent, mock } from '../mocks/electron';
import { AppWindow } from '../../src/main/window/window';
import { MAX_ZOOM_LEVEL, MIN_ZOOM_LEVEL, zoomFor } from '../../src/main/window/zoom';

beforeEach(() => mock.reset({ ready: true }));

const key = (k: string, mods: Partial<{ control: boolean; meta: boolean; alt: boolean }> = {}) => ({
  type: 'keyDown',
  key: k,
  control: false,
  meta: false,
  alt: false,
  ...mods,
});

/** Presses a key in the window's page, as Electron reports it; true when the page never sees it. */
function press(contents: { emit(event: string, ...args: unknown[]): boolean }, input: object) {
  const event = new MockEvent();
  contents.emit('before-input-event', event, input);
  return event.defaultPrevented;
}

describe('zoom keys', () => {
  it('zoom the open window in, out and back to normal, and leave other keys to the page', () => {
    new AppWindow('/p.cjs').show();
    const contents = mock.windows.at(-1)!.webContents;
    const platform = process.platform === 'darwin' ? { meta: true } : { control: true };
    expect(press(contents, key('=', platform))).toBe(true);
    expect(press(contents, key('+', platform))).toBe(true);
    expect(contents.zoomLevel).toBe(1);
    expect(press(contents, key('-', platform))).toBe(true);
    expect(contents.zoomLevel).toBe(0.5);
    expect(press(contents, key('0', platform))).toBe(true);
    expect(contents.zoomLevel).toBe(0);
    // Typing "=" or "0", Ctrl+N, and key releases are the page's.
    expect(press(contents, key('='))).toBe(false);
    expect(press(contents, key('n', platform))).toBe(false);
    expect(press(contents, { ...key('=', platform), type: 'keyUp' })).toBe(false);
    expect(contents.zoomLevel).toBe(0);
  });

  it('use Cmd on macOS and Ctrl elsewhere, within bounds', () => {
    expect(zoomFor(key('=', { meta: true }), 0, 'darwin')).toBe(0.5);
    expect(zoomFor(key('=', { control: true }), 0, 'darwin')).toBeUndefined();
    expect(zoomFor(key('=', { control: true }), 0, 'linux')).toBe(0.5);
    expect(zoomFor(key('=', { meta: true }), 0, 'win32')).toBeUndefined();
    expect(zoomFor(key('=', { control: true, alt: true }), 0, 'linux')).toBeUndefined();
    expect(zoomFor(key('=', { control: true }), MAX_ZOOM_LEVEL, 'linux')).toBe(MAX_ZOOM_LEVEL);
    expect(zoomFor(key('-', { control: true }), MIN_ZOOM_LEVEL, 'linux')).toBe(MIN_ZOOM_LEVEL);
  });
});
