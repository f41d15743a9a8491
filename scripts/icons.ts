// Renders every icon the installers and the tray need from the SVG sources in build/:
//
//   build/icon.svg             -> build/icons/<N>x<N>.png (Linux), build/icon.icns, build/icon.ico
//   build/tray/<state>.svg     -> build/tray/<state>.png (16 px) and <state>@2x.png (32 px)
//   build/tray/<state>Template.svg -> <state>Template.png and <state>Template@2x.png (macOS)
//   build/tray/<state>.svg     -> build/tray/<state>.ico (Windows: 16, 20, 24, 32, 48 px)
//
// for the tray states idle, pending and attention. The outputs are committed, so packaging and
// CI never need a renderer; run this after changing the artwork:
//
//   npm run icons        (needs Chromium: apt-get install chromium, or CHROMIUM_PATH=...)
//
// Chromium (the engine Electron embeds, driven by playwright-core) rasterises the SVGs at each
// exact size with a transparent background.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { encodeIcns, encodeIco, ICNS_ENTRIES, ICO_SIZES } from './icon-containers';
import { LINUX_ICON_SIZES, TRAY_ICO_FILES, TRAY_ICO_SIZES, TRAY_ICON_FILES } from './icon-set';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const build = path.join(root, 'build');

const CHROMIUM_CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
];

async function render(page: Page, svg: string, size: number): Promise<Buffer> {
  await page.setViewportSize({ width: size, height: size });
  const source = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  await page.setContent(
    `<html><body style="margin:0;background:transparent">` +
      `<img id="icon" style="display:block;width:${size}px;height:${size}px" src="${source}">` +
      `</body></html>`,
  );
  await page.waitForFunction(() => (document.getElementById('icon') as HTMLImageElement).complete);
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

function write(file: string, data: Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  console.log(`${path.relative(root, file)}  ${data.length} bytes`);
}

async function main(): Promise<void> {
  const executablePath = CHROMIUM_CANDIDATES.find(
    (candidate) => candidate && fs.existsSync(candidate),
  );
  if (!executablePath) {
    throw new Error('Chromium not found: apt-get install chromium, or set CHROMIUM_PATH');
  }
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });

    const appSvg = fs.readFileSync(path.join(build, 'icon.svg'), 'utf8');
    const sizes = new Set<number>([
      ...LINUX_ICON_SIZES,
      ...ICO_SIZES,
      ...ICNS_ENTRIES.map((e) => e.size),
    ]);
    const app = new Map<number, Buffer>();
    for (const size of [...sizes].sort((a, b) => a - b))
      app.set(size, await render(page, appSvg, size));

    for (const size of LINUX_ICON_SIZES)
      write(path.join(build, 'icons', `${size}x${size}.png`), app.get(size)!);
    write(path.join(build, 'icon.icns'), encodeIcns(app));
    write(path.join(build, 'icon.ico'), encodeIco(app));

    for (const icon of TRAY_ICON_FILES) {
      const svg = fs.readFileSync(path.join(build, 'tray', icon.source), 'utf8');
      write(path.join(build, 'tray', icon.file), await render(page, svg, icon.size));
    }
    for (const icon of TRAY_ICO_FILES) {
      const svg = fs.readFileSync(path.join(build, 'tray', icon.source), 'utf8');
      const bySize = new Map<number, Buffer>();
      for (const size of TRAY_ICO_SIZES) bySize.set(size, await render(page, svg, size));
      write(path.join(build, 'tray', icon.file), encodeIco(bySize, TRAY_ICO_SIZES));
    }
  } finally {
    await browser.close();
  }
}

await main();
