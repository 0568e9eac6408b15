import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';

/**
 * Words a person reads must come from the messages (`m.…()`), never be written into a component:
 * a literal in markup or in an attribute a person hears or sees (`aria-label`, `title`,
 * `placeholder`, `alt`, `label`, `header`, `description`) stays English for every reader.
 * Names that are the same in every language (the product's own, formats, units of the trade) are
 * listed below.
 */
const SAME_IN_EVERY_LANGUAGE = new Set(['Keyway', 'Markdown']);
const SHOWN_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label', 'header', 'description', 'heading', 'empty']);
const src = new URL('..', import.meta.url).pathname;

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'paraglide' || entry.name === 'ui' ? [] : svelteFiles(path);
    return entry.name.endsWith('.svelte') ? [path] : [];
  });
}

/**
 * Whether a piece of static text holds words: letters with a lower-case one among them (codes and
 * abbreviations such as NFR or PP-XXXX are written alike everywhere), outside web addresses and
 * paths, beyond the names above.
 */
function hasWords(text: string): boolean {
  const prose = text.replace(/\S*[/:]\S*/g, ' ');
  const words = prose.match(/\p{L}[\p{L}'’-]*/gu) ?? [];
  return words.some((word) => /\p{Ll}/u.test(word) && !SAME_IN_EVERY_LANGUAGE.has(word));
}

type Node = { type: string; start: number; data?: string; name?: string; value?: unknown; [key: string]: unknown };

function literals(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const ast = parse(source, { modern: true }) as unknown as { fragment: Node };
  const found: string[] = [];
  const line = (at: number) => source.slice(0, at).split('\n').length;
  const visit = (node: unknown, parent?: Node): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((child) => visit(child, parent));
    const n = node as Node;
    if (n.type === 'Text' && parent?.type !== 'Attribute' && hasWords(n.data ?? '')) {
      const inStyle = parent?.name === 'style' || parent?.name === 'script';
      if (!inStyle) found.push(`${line(n.start)}: ${(n.data ?? '').trim().slice(0, 60)}`);
    }
    if (n.type === 'Attribute' && SHOWN_ATTRIBUTES.has(n.name ?? '') && Array.isArray(n.value)) {
      for (const part of n.value as Node[]) {
        if (part.type === 'Text' && hasWords(part.data ?? '')) found.push(`${line(part.start)}: ${n.name}="${part.data}"`);
      }
    }
    for (const [key, value] of Object.entries(n)) {
      if (key !== 'metadata' && key !== 'expression' && typeof value === 'object') visit(value, n);
    }
  };
  visit(ast.fragment);
  return found;
}

describe('console components', () => {
  it('write no words into markup: every word a person reads is a message', () => {
    const offenders = svelteFiles(src).flatMap((file) => literals(file).map((hit) => `${relative(src, file)}:${hit}`));
    expect(offenders, `${offenders.length} literals`).toEqual([]);
  });
});
