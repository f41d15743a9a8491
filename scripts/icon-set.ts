// What the icon set contains: the names and pixel sizes scripts/icons.ts writes to build/, which
// the main process (tray), electron-builder (app icons) and the packaging tests rely on.

/** The tray states the main process shows. */
export const TRAY_STATES = ['idle', 'pending', 'attention'] as const;
export type TrayState = (typeof TRAY_STATES)[number];

export interface TrayIconFile {
  state: TrayState;
  /** Relative to build/tray/. */
  file: string;
  /** Its SVG source, relative to build/tray/. */
  source: string;
  size: 16 | 32;
  /** macOS template image: black + alpha only, tinted by the menu bar. */
  template: boolean;
}

/** build/tray/<state>[Template][@2x].png: 16 px at 1x, 32 px at 2x. */
export const TRAY_ICON_FILES: readonly TrayIconFile[] = TRAY_STATES.flatMap((state) =>
  [false, true].flatMap((template) => {
    const name = template ? `${state}Template` : state;
    return [
      { state, file: `${name}.png`, source: `${name}.svg`, size: 16 as const, template },
      { state, file: `${name}@2x.png`, source: `${name}.svg`, size: 32 as const, template },
    ];
  }),
);

/**
 * build/tray/<state>.ico, the Windows tray icon: one image per size Windows picks from at
 * 100 %, 125 %, 150 %, 200 % and 300 % display scaling (16, 20, 24, 32, 48 px), so none is
 * scaled from a PNG of another size.
 */
export const TRAY_ICO_SIZES = [16, 20, 24, 32, 48] as const;
export const TRAY_ICO_FILES = TRAY_STATES.map((state) => ({
  state,
  file: `${state}.ico`,
  source: `${state}.svg`,
}));

/** Linux hicolor sizes electron-builder installs from build/icons/<N>x<N>.png. */
export const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;
