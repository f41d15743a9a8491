// afterPack hook for the smoke pack only (test/packaging/smoke-pack.test.ts): writes the
// .desktop entry that the deb and AppImage targets would install, computed by electron-builder's
// own LinuxTargetHelper from this config. Those targets need fpm and appimagetool, which
// electron-builder downloads and this machine cannot, so the entry is checked this way.
import fs from 'node:fs';
import path from 'node:path';
import { LinuxTargetHelper } from 'app-builder-lib/out/targets/LinuxTargetHelper.js';

export default async function writeDesktopEntry(context) {
  if (context.electronPlatformName !== 'linux') return;
  const packager = context.packager;
  const options = { ...packager.platformSpecificBuildOptions, ...packager.config.deb };
  const helper = new LinuxTargetHelper(packager);
  const entry = await helper.computeDesktopEntry(options);
  fs.writeFileSync(path.join(context.outDir, 'deb.desktop'), entry);
  // The name the targets install it under (/usr/share/applications/<name>.desktop).
  fs.writeFileSync(path.join(context.outDir, 'deb.desktop-name'), helper.getDesktopFileName());
}
