import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * Core is one folder per navigation area plus a few shared blocks (the files directly under src/).
 * A folder is used only through its entry, index.ts, so what an area offers is written down in one
 * place; and the folders import one another one way only, never round a loop. A loop through the
 * entries is also a loop in module loading: an entry still being evaluated hands out undefined, and
 * a schema built from it fails at run time, not at type-check. This walks every import in src/ and
 * names each file that breaks a rule.
 */

const SRC = dirname(fileURLToPath(import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The folder a file lies in (`licenses`), or the shared block it is (`paging.ts`). */
function unitOf(path: string): string {
  return relative(SRC, path).split(sep)[0]!;
}

interface Import {
  from: string;
  to: string;
  specifier: string;
}

/**
 * The messages paraglide compiles into `paraglide/` are generated, not an area: they belong to the
 * i18n block (`i18n.ts`), the one file that imports them. Files outside src/ (the compiler's own
 * options) are not part of the tree either.
 */
const GENERATED = join(SRC, 'paraglide') + sep;

function relativeImports(): Import[] {
  return sourceFiles(SRC)
    .filter((from) => !from.startsWith(GENERATED))
    .flatMap((from) => {
      const { importedFiles } = ts.preProcessFile(readFileSync(from, 'utf8'), true, true);
      return importedFiles
        .filter(({ fileName }) => fileName.startsWith('.'))
        .map(({ fileName }) => ({ from, to: resolve(dirname(from), fileName), specifier: fileName }))
        .filter(({ to }) => to.startsWith(SRC + sep) && !to.startsWith(GENERATED));
    });
}

const isTest = (path: string) => path.endsWith('.test.ts');
const show = (path: string) => relative(SRC, path);

describe('core boundaries', () => {
  const imports = relativeImports();

  it('reaches another folder only through its index.ts', () => {
    const offending = imports
      .filter(({ from, to }) => {
        const target = relative(SRC, to).split(sep);
        if (target.length < 2 || unitOf(from) === target[0]) return false;
        return target.length !== 2 || target[1] !== 'index.ts';
      })
      .map(({ from, specifier }) => `${show(from)} imports '${specifier}'`);
    expect(offending, 'import the folder’s index.ts, and export what is needed from there').toEqual([]);
  });

  it('keeps the shared blocks free of areas', () => {
    const offending = imports
      .filter(({ from }) => !show(from).includes(sep) && show(from) !== 'index.ts')
      .filter(({ from, to }) => !isTest(from) && relative(SRC, to).includes(sep))
      .map(({ from, specifier }) => `${show(from)} imports '${specifier}'`);
    expect(offending, 'a shared block is used by areas and uses none').toEqual([]);
  });

  it('has no folders that import each other, directly or round a longer loop', () => {
    const edges = new Map<string, Map<string, string>>();
    for (const { from, to, specifier } of imports) {
      if (isTest(from) || show(from) === 'index.ts' || unitOf(from) === unitOf(to)) continue;
      const targets = edges.get(unitOf(from)) ?? new Map<string, string>();
      if (!targets.has(unitOf(to))) targets.set(unitOf(to), `${show(from)} imports '${specifier}'`);
      edges.set(unitOf(from), targets);
    }

    const loops: string[] = [];
    const done = new Set<string>();
    const path: string[] = [];
    const visit = (unit: string) => {
      path.push(unit);
      for (const next of edges.get(unit)?.keys() ?? []) {
        const at = path.indexOf(next);
        if (at >= 0) {
          const loop = [...path.slice(at), next];
          loops.push(loop.slice(1).map((to, i) => edges.get(loop[i]!)!.get(to)!).join(', '));
        } else if (!done.has(next)) visit(next);
      }
      path.pop();
      done.add(unit);
    };
    for (const unit of [...edges.keys()].sort()) if (!done.has(unit)) visit(unit);

    expect(loops, 'move the shared piece to the folder it belongs to, or to a shared block').toEqual([]);
  });

  it('exports one entry per folder and no wildcard', () => {
    const pkg = JSON.parse(readFileSync(join(SRC, '..', 'package.json'), 'utf8')) as { exports: Record<string, string> };
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'cli')
      .map((entry) => entry.name);
    for (const [key, target] of Object.entries(pkg.exports)) {
      expect(key, 'no wildcard export').not.toContain('*');
      const name = key.slice(2);
      if (folders.includes(name)) expect(target).toBe(`./src/${name}/index.ts`);
      else if (key !== '.') expect(target).toBe(`./src/${name}.ts`);
    }
  });
});
