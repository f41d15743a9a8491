// The committed icon set (scripts/icons.ts renders it from the SVGs in build/): every file the
// tray and the installers need exists at the right size, template images are black + alpha,
// the three tray states look different, and the .icns/.ico containers hold what they claim.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ICNS_ENTRIES, ICO_SIZES } from '../../scripts/icon-containers';
import {
  LINUX_ICON_SIZES,
  TRAY_ICO_FILES,
  TRAY_ICO_SIZES,
  TRAY_ICON_FILES,
  TRAY_STATES,
} from '../../scripts/icon-set';
import { decodePng, readPngHeader, type RgbaImage } from '../../scripts/png-image';
import { projectDir } from './builder-config';

const build = path.join(projectDir, 'build');
const read = (...parts: string[]) => fs.readFileSync(path.join(build, ...parts));

/** An .ico's images: the size each entry declares, and its bytes. */
function icoImages(ico: Buffer): Array<{ size: number; data: Buffer }> {
  expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
  return Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
    const entry = 6 + 16 * i;
    const offset = ico.readUInt32LE(entry + 12);
    return {
      size: ico[entry] === 0 ? 256 : ico[entry]!,
      data: ico.subarray(offset, offset + ico.readUInt32LE(entry + 8)),
    };
  });
}

function opaqueShare(image: RgbaImage): number {
  let opaque = 0;
  for (let i = 3; i < image.pixels.length; i += 4) if (image.pixels[i]! >= 128) opaque++;
  return opaque / (image.width * image.height);
}

/** Share of pixels whose alpha differs by more than half between two same-size images. */
function shapeDifference(a: RgbaImage, b: RgbaImage): number {
  let differ = 0;
  for (let i = 3; i < a.pixels.length; i += 4)
    if (Math.abs(a.pixels[i]! - b.pixels[i]!) > 128) differ++;
  /** Colour difference counts too (white glyph on a coloured disc). */
  for (let i = 0; i < a.pixels.length; i += 4) {
    const d =
      Math.abs(a.pixels[i]! - b.pixels[i]!) +
      Math.abs(a.pixels[i + 1]! - b.pixels[i + 1]!) +
      Math.abs(a.pixels[i + 2]! - b.pixels[i + 2]!);
    if (d > 200 && a.pixels[i + 3]! > 128 && b.pixels[i + 3]! > 128) differ++;
  }
  return differ / (a.width * a.height);
}

describe('tray icons (build/tray)', () => {
  it.each(TRAY_ICON_FILES.map((icon) => [icon.file, icon] as const))(
    'build/tray/%s: its size, RGBA, an SVG source',
    (file, icon) => {
      const header = readPngHeader(read('tray', file));
      expect([header.width, header.height]).toEqual([icon.size, icon.size]);
      expect(header.colorType).toBe(6); // RGBA: transparent around the shape
      expect(fs.existsSync(path.join(build, 'tray', icon.source)), `source ${icon.source}`).toBe(
        true,
      );
    },
  );

  it('template images are pure black with alpha (macOS tints them for light and dark menu bars)', () => {
    for (const icon of TRAY_ICON_FILES.filter((i) => i.template)) {
      const image = decodePng(read('tray', icon.file));
      for (let i = 0; i < image.pixels.length; i += 4) {
        if (image.pixels[i + 3] === 0) continue;
        expect([image.pixels[i], image.pixels[i + 1], image.pixels[i + 2]], icon.file).toEqual([
          0, 0, 0,
        ]);
      }
      expect(opaqueShare(image), `${icon.file} has a visible shape`).toBeGreaterThan(0.15);
    }
  });

  it('colour images are not black-only, so they show on dark Linux and Windows panels', () => {
    for (const icon of TRAY_ICON_FILES.filter((i) => !i.template)) {
      const image = decodePng(read('tray', icon.file));
      let bright = 0;
      for (let i = 0; i < image.pixels.length; i += 4) {
        if (
          image.pixels[i + 3]! > 200 &&
          image.pixels[i]! + image.pixels[i + 1]! + image.pixels[i + 2]! > 300
        )
          bright++;
      }
      expect(bright, icon.file).toBeGreaterThan(10);
      expect(opaqueShare(image), icon.file).toBeGreaterThan(0.5);
    }
  });

  it('the three states are told apart at 16 px, in colour and as templates', () => {
    for (const template of [false, true]) {
      const images = TRAY_STATES.map((state) =>
        decodePng(read('tray', `${state}${template ? 'Template' : ''}.png`)),
      );
      for (let a = 0; a < images.length; a++) {
        for (let b = a + 1; b < images.length; b++) {
          expect(
            shapeDifference(images[a]!, images[b]!),
            `${TRAY_STATES[a]} vs ${TRAY_STATES[b]}`,
          ).toBeGreaterThan(0.08);
        }
      }
    }
  });
});

describe('app icons', () => {
  it.each(LINUX_ICON_SIZES.map((size) => [size]))('build/icons/%ix%i.png for Linux', (size) => {
    const header = readPngHeader(read('icons', `${size}x${size}.png`));
    expect([header.width, header.height]).toEqual([size, size]);
  });

  it('icon.icns holds every macOS size, 16 px to 1024 px (512 @2x), each a PNG of its size', () => {
    const icns = read('icon.icns');
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found = new Map<string, number>();
    for (let offset = 8; offset < icns.length;) {
      const type = icns.toString('latin1', offset, offset + 4);
      const length = icns.readUInt32BE(offset + 4);
      found.set(type, readPngHeader(icns.subarray(offset + 8, offset + length)).width);
      offset += length;
    }
    expect(Object.fromEntries(found)).toEqual(
      Object.fromEntries(ICNS_ENTRIES.map((e) => [e.type, e.size])),
    );
    expect(Math.max(...found.values())).toBe(1024);
  });

  it('icon.ico holds 16 px to 256 px; its bitmaps show the same picture as the PNGs', () => {
    const images = icoImages(read('icon.ico'));
    for (const { size, data } of images) {
      if (data.subarray(1, 4).toString('latin1') === 'PNG') {
        expect(readPngHeader(data).width).toBe(size);
        continue;
      }
      // BITMAPINFOHEADER: 32 bpp, double height (colour + mask), rows bottom-up, BGRA.
      expect([
        data.readUInt32LE(0),
        data.readInt32LE(4),
        data.readInt32LE(8),
        data.readUInt16LE(14),
      ]).toEqual([40, size, size * 2, 32]);
      if (!(LINUX_ICON_SIZES as readonly number[]).includes(size)) continue;
      const png = decodePng(read('icons', `${size}x${size}.png`));
      for (const [x, y] of [
        [size >> 1, size >> 1],
        [size >> 1, Math.floor(size * 0.2)],
        [2, 2],
      ] as const) {
        const from = (y * size + x) * 4;
        const to = 40 + ((size - 1 - y) * size + x) * 4;
        expect(
          [data[to + 2], data[to + 1], data[to], data[to + 3]],
          `${size} px at ${x},${y}`,
        ).toEqual([...png.pixels.subarray(from, from + 4)]);
      }
    }
    expect(images.map((image) => image.size)).toEqual([...ICO_SIZES]);
  });
});

describe('Windows tray icons (build/tray/<state>.ico)', () => {
  it.each(TRAY_ICO_FILES.map((icon) => [icon.file, icon] as const))(
    '%s holds an image drawn at each scaling’s size (16 to 48 px), as its 16 px PNG at 16 px',
    (file, icon) => {
      const images = icoImages(read('tray', file));
      expect(images.map((image) => image.size)).toEqual([...TRAY_ICO_SIZES]);
      for (const { size, data } of images) {
        expect([data.readUInt32LE(0), data.readInt32LE(4), data.readInt32LE(8)]).toEqual([
          40,
          size,
          size * 2,
        ]);
      }
      const small = images[0]!.data;
      const png = decodePng(read('tray', `${icon.state}.png`));
      const [x, y] = [8, 8];
      const to = 40 + ((16 - 1 - y) * 16 + x) * 4;
      const from = (y * 16 + x) * 4;
      expect([small[to + 2], small[to + 1], small[to], small[to + 3]]).toEqual([
        ...png.pixels.subarray(from, from + 4),
      ]);
    },
  );
});
