// Zoom keys for the window. The window has no menu on Windows and Linux (removeMenu), so the
// menu's zoom accelerators are gone: Ctrl+= / Ctrl+- / Ctrl+0 (Cmd on macOS) are handled here,
// from the web contents' 'before-input-event'. `zoomFor` is pure and tested as data.
import type { Input, WebContents } from 'electron';

/** Chromium's zoom levels: each step is 20 % larger; -3 to 5 is about 58 % to 250 %. */
export const MIN_ZOOM_LEVEL = -3;
export const MAX_ZOOM_LEVEL = 5;
const STEP = 0.5;

type ZoomKey = Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'alt'>;

/** The zoom level after this key press, or undefined when the press is not a zoom key. */
export function zoomFor(input: ZoomKey, level: number, platform: string): number | undefined {
  if (input.type !== 'keyDown' || input.alt) return undefined;
  const command = platform === 'darwin' ? input.meta : input.control;
  if (!command) return undefined;
  switch (input.key) {
    case '=':
    case '+':
      return Math.min(MAX_ZOOM_LEVEL, level + STEP);
    case '-':
    case '_':
      return Math.max(MIN_ZOOM_LEVEL, level - STEP);
    case '0':
      return 0;
    default:
      return undefined;
  }
}

export function installZoomKeys(
  contents: Pick<WebContents, 'on' | 'getZoomLevel' | 'setZoomLevel'>,
  platform: string = process.platform,
): void {
  contents.on('before-input-event', (event, input) => {
    const level = zoomFor(input, contents.getZoomLevel(), platform);
    if (level === undefined) return;
    event.preventDefault();
    contents.setZoomLevel(level);
  });
}
