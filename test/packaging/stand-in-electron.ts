// A stand-in for the unpacked Electron distribution (electronDist), so electron-builder packs
// app.asar without downloading Electron. Its `electron` file carries the fuse wire the way the
// real binary does (the @electron/fuses sentinel, version 1, length, one byte per fuse) set to
// Electron's defaults, so electron-builder's fuse flipping runs on it and can be read back.
import fs from 'node:fs';
import path from 'node:path';

export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** Electron's default fuse wire ('1' on, '0' off), in @electron/fuses' V1 order. */
export const ELECTRON_DEFAULT_FUSES = {
  RunAsNode: '1',
  EnableCookieEncryption: '0',
  EnableNodeOptionsEnvironmentVariable: '1',
  EnableNodeCliInspectArguments: '1',
  EnableEmbeddedAsarIntegrityValidation: '0',
  OnlyLoadAppFromAsar: '0',
  LoadBrowserProcessSpecificV8Snapshot: '0',
  GrantFileProtocolExtraPrivileges: '1',
} as const;

/** Writes the stand-in into `dir` (created) for Electron `version`. */
export function writeStandInElectron(dir: string, version: string): void {
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  const wire = Object.values(ELECTRON_DEFAULT_FUSES).join('');
  const binary = Buffer.concat([
    Buffer.from('stand-in for the Electron binary (packaging tests only)\n'),
    Buffer.from(FUSE_SENTINEL, 'latin1'),
    Buffer.from([1, wire.length]),
    Buffer.from(wire, 'latin1'),
    Buffer.from('\n'),
  ]);
  fs.writeFileSync(path.join(dir, 'electron'), binary, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'version'), `${version}\n`);
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'stand-in\n');
}
