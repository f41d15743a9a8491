// The two icon containers the installers need, written from rendered PNGs:
// - icon.icns (macOS): a list of typed PNG entries, 16 px to 1024 px (512 @2x).
// - icon.ico (Windows): 16 px to 256 px; 256 as PNG, the smaller sizes as 32-bit bitmaps,
//   which every Windows shell, rcedit and NSIS read.
import { decodePng, readPngHeader } from './png-image';

/** ICNS entry types and the pixel size each holds (Apple's iconutil set). */
export const ICNS_ENTRIES = [
  { type: 'icp4', size: 16 },
  { type: 'ic11', size: 32 }, // 16 @2x
  { type: 'icp5', size: 32 },
  { type: 'ic12', size: 64 }, // 32 @2x
  { type: 'ic07', size: 128 },
  { type: 'ic13', size: 256 }, // 128 @2x
  { type: 'ic08', size: 256 },
  { type: 'ic14', size: 512 }, // 256 @2x
  { type: 'ic09', size: 512 },
  { type: 'ic10', size: 1024 }, // 512 @2x
] as const;

/** The sizes icon.ico carries: shell lists, title bars, taskbar, Explorer's large views. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

/** `pngBySize` maps a pixel size to its rendered PNG. */
export function encodeIcns(pngBySize: ReadonlyMap<number, Buffer>): Buffer {
  const chunks = ICNS_ENTRIES.map(({ type, size }) => {
    const png = requireSize(pngBySize, size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([head, body]);
}

export function encodeIco(
  pngBySize: ReadonlyMap<number, Buffer>,
  sizes: readonly number[] = ICO_SIZES,
): Buffer {
  const images = sizes.map((size) => {
    const png = requireSize(pngBySize, size);
    return { size, data: size >= 256 ? png : bitmapEntry(png) };
  });
  const directory = Buffer.alloc(6 + 16 * images.length);
  directory.writeUInt16LE(0, 0); // reserved
  directory.writeUInt16LE(1, 2); // 1 = icon
  directory.writeUInt16LE(images.length, 4);
  let offset = directory.length;
  images.forEach(({ size, data }, i) => {
    const entry = 6 + 16 * i;
    directory.writeUInt8(size >= 256 ? 0 : size, entry); // 0 means 256
    directory.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    directory.writeUInt8(0, entry + 2); // no palette
    directory.writeUInt8(0, entry + 3);
    directory.writeUInt16LE(1, entry + 4); // planes
    directory.writeUInt16LE(32, entry + 6); // bits per pixel
    directory.writeUInt32LE(data.length, entry + 8);
    directory.writeUInt32LE(offset, entry + 12);
    offset += data.length;
  });
  return Buffer.concat([directory, ...images.map((image) => image.data)]);
}

/** A 32-bit BGRA DIB as ICO stores it: double height, bottom-up rows, then an AND mask. */
function bitmapEntry(png: Buffer): Buffer {
  const { width, height, pixels } = decodePng(png);
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(width, 4);
  header.writeInt32LE(height * 2, 8); // colour rows + mask rows
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(0, 16); // BI_RGB
  header.writeUInt32LE(width * height * 4, 20);
  const colour = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 4;
      const to = ((height - 1 - y) * width + x) * 4;
      colour[to] = pixels[from + 2]!;
      colour[to + 1] = pixels[from + 1]!;
      colour[to + 2] = pixels[from]!;
      colour[to + 3] = pixels[from + 3]!;
    }
  }
  const maskStride = Math.ceil(width / 32) * 4;
  const mask = Buffer.alloc(maskStride * height); // all 0: the alpha channel decides
  return Buffer.concat([header, colour, mask]);
}

function requireSize(pngBySize: ReadonlyMap<number, Buffer>, size: number): Buffer {
  const png = pngBySize.get(size);
  if (!png) throw new Error(`no ${size} px rendering`);
  const header = readPngHeader(png);
  if (header.width !== size || header.height !== size) {
    throw new Error(`the ${size} px rendering is ${header.width}x${header.height}`);
  }
  return png;
}
