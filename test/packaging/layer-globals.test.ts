// Each layer is typechecked for the environment it runs in (src/<layer>/tsconfig.json, built
// by `npm run typecheck`): the DOM does not exist in the engine, Node does not exist in the
// window. A probe file is compiled with each layer's own options; a forbidden global must
// fail, and the globals the layer does have must pass (so the probe proves something).
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');

/** Library files (lib.*.d.ts, @types/node) parsed once for all the programs below. */
const parsed = new Map<string, ts.SourceFile | undefined>();

/**
 * The errors each probe (file name → source) gets as a file of `src/<layer>`, compiled with
 * that layer's tsconfig.json.
 */
function typeErrors(layer: string, probes: Record<string, string>): Record<string, string[]> {
  const configPath = path.join(root, 'src', layer, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error(`${configPath} could not be read`);
  const options = { ...config.options, noEmit: true, composite: false, emitDeclarationOnly: false };
  const files = new Map(
    Object.entries(probes).map(([name, source]) => [path.join(root, 'src', layer, name), source]),
  );
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const probe = files.get(fileName);
    if (probe !== undefined) return ts.createSourceFile(fileName, probe, languageVersion);
    if (!parsed.has(fileName))
      parsed.set(fileName, getSourceFile(fileName, languageVersion, ...rest));
    return parsed.get(fileName);
  };
  const program = ts.createProgram({ rootNames: [...files.keys()], options, host });
  const errors: Record<string, string[]> = {};
  for (const [fileName] of files) {
    errors[path.basename(fileName)] = ts
      .getPreEmitDiagnostics(program, program.getSourceFile(fileName))
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  }
  return errors;
}

const PROBES = {
  'node-probe.ts': 'export const probe = [process.env.HOME, Buffer.from("x")];',
  'dom-probe.ts': 'export const probe = [document.title, window.location.href];',
  'plain-probe.ts': 'export const probe = [1, 2].at(-1);',
};
/** Compiling with @types/node and the DOM's lib takes seconds on a busy machine. */
const SLOW = { timeout: 120_000 };

describe('globals by layer', () => {
  it('the solution builds every layer with its own tsconfig', () => {
    const { config } = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile) as {
      config: { references: { path: string }[] };
    };
    const layers = ['shared', 'core', 'cli', 'main', 'preload', 'renderer'];
    expect(config.references.map((reference) => reference.path)).toEqual(
      expect.arrayContaining(layers.map((layer) => `src/${layer}`)),
    );
  });

  it.each(['core', 'cli', 'main'])('src/%s has Node but not the DOM', SLOW, (layer) => {
    const errors = typeErrors(layer, PROBES);
    expect(errors['node-probe.ts']).toEqual([]);
    expect(errors['dom-probe.ts']!.join('\n')).toMatch(/Cannot find name 'document'/);
  });

  it('src/renderer has the DOM but not Node', SLOW, () => {
    const errors = typeErrors('renderer', PROBES);
    expect(errors['dom-probe.ts']).toEqual([]);
    expect(errors['node-probe.ts']!.join('\n')).toMatch(/Cannot find name 'process'/);
    expect(errors['node-probe.ts']!.join('\n')).toMatch(/Cannot find name 'Buffer'/);
  });

  it('src/shared has neither', SLOW, () => {
    const errors = typeErrors('shared', PROBES);
    expect(errors['plain-probe.ts']).toEqual([]);
    expect(errors['dom-probe.ts']!.join('\n')).toMatch(/Cannot find name 'document'/);
    expect(errors['node-probe.ts']!.join('\n')).toMatch(/Cannot find name 'process'/);
  });
});
