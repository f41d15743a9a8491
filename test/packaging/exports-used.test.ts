// A module of src/ exports only what something outside it uses: another module, a test, a
// script or a benchmark. What only its own file uses stays private, so a module's exports are
// what others lean on, and a name nobody uses any more shows as unused. The TypeScript compiler
// resolves each import: named and default imports, re-exports, `import * as`, `import()` with
// its destructured names, and `import('…').Name` in types.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const SCANNED = ['src', 'test', 'scripts', 'bench'];
/**
 * Exported though no file imports it: another module's declaration file names it (their inferred
 * types hold it; TS4023 without the export).
 */
const NAMED_BY_DECLARATIONS = ['src/shared/record-shape.ts: Field'];

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return ['node_modules', 'dist'].includes(entry.name) ? [] : sourceFiles(full);
    }
    return /\.[cm]?tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every export of src/ that no other file uses, as "file: name". */
function exportsUsedOnlyInTheirFile(): string[] {
  const files = SCANNED.flatMap((dir) => sourceFiles(path.join(root, dir)));
  // Our files only (noResolve): packages' types are not needed to tell who imports what.
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    noEmit: true,
    noResolve: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const used = new Set<ts.Symbol>();
  /** An import uses what it names, and each re-export it goes through on the way there. */
  const use = (symbol: ts.Symbol | undefined) => {
    for (let at = symbol; at && !used.has(at);) {
      used.add(at);
      at = at.flags & ts.SymbolFlags.Alias ? checker.getImmediateAliasedSymbol(at) : undefined;
    }
  };
  /** The export `name` of the module `specifier` names (all of them without a name). */
  const useExport = (specifier: ts.Node, name?: string) => {
    const module = checker.getSymbolAtLocation(specifier);
    if (!module) return;
    for (const symbol of checker.getExportsOfModule(module)) {
      if (name === undefined || symbol.name === name) use(symbol);
    }
  };

  for (const file of program.getSourceFiles()) {
    const namespaces = new Map<string, ts.Expression>();
    const visit = (node: ts.Node): void => {
      if (ts.isImportSpecifier(node) || ts.isImportClause(node)) {
        if (node.name) use(checker.getSymbolAtLocation(node.name));
      } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
        if (!node.exportClause) useExport(node.moduleSpecifier);
        else if (ts.isNamedExports(node.exportClause)) {
          for (const element of node.exportClause.elements) {
            useExport(node.moduleSpecifier, (element.propertyName ?? element.name).text);
          }
        }
      } else if (ts.isNamespaceImport(node)) {
        const declaration = node.parent.parent;
        if (ts.isImportDeclaration(declaration)) {
          namespaces.set(node.name.text, declaration.moduleSpecifier);
        }
      } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
        const specifier = namespaces.get(node.expression.text);
        if (specifier) useExport(specifier, node.name.text);
      } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
        const name = node.qualifier && ts.isIdentifier(node.qualifier) ? node.qualifier.text : '';
        useExport(node.argument.literal, name || undefined);
      } else if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.ImportKeyword
      ) {
        const [specifier] = node.arguments;
        if (specifier) dynamicImport(node, specifier);
      }
      ts.forEachChild(node, visit);
    };
    /** `const { a, b } = await import('…')` uses a and b; any other use, every export. */
    const dynamicImport = (call: ts.CallExpression, specifier: ts.Expression) => {
      const awaited = ts.isAwaitExpression(call.parent) ? call.parent : undefined;
      const declaration = awaited?.parent;
      if (declaration && ts.isVariableDeclaration(declaration)) {
        if (ts.isObjectBindingPattern(declaration.name)) {
          for (const element of declaration.name.elements) {
            const name = element.propertyName ?? element.name;
            if (ts.isIdentifier(name)) useExport(specifier, name.text);
          }
          return;
        }
      }
      // Imported for its effects only (`await import('…/index')`): nothing of it is used.
      if (awaited && ts.isExpressionStatement(awaited.parent)) return;
      useExport(specifier);
    };
    visit(file);
  }

  const unused: string[] = [];
  for (const file of program.getSourceFiles()) {
    const relative = path.relative(root, file.fileName).split(path.sep).join('/');
    if (!relative.startsWith('src/')) continue;
    const module = checker.getSymbolAtLocation(file);
    if (!module) continue;
    for (const symbol of checker.getExportsOfModule(module)) {
      const declaredHere = symbol.declarations?.some((d) => d.getSourceFile() === file);
      if (declaredHere && !used.has(symbol)) unused.push(`${relative}: ${symbol.name}`);
    }
  }
  return unused.filter((entry) => !NAMED_BY_DECLARATIONS.includes(entry)).sort();
}

describe('the exports of src/', () => {
  it('are each used outside their own file (else they are not exported)', () => {
    expect(exportsUsedOnlyInTheirFile()).toEqual([]);
  });
});
