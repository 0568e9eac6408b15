/**
 * The JavaScript a first visit of a console route loads: the client entry plus the scripts of the
 * route's layouts and page, as SvelteKit preloads them, counted from a built console's manifest
 * (gzip level 9, what the Node adapter's precompressed files weigh).
 *
 *   npm run build -w @keyway/console && node scripts/js-per-route.ts [apps/console]
 *
 * `--by-source` also splits each route's weight by where the code comes from (an npm package, the
 * messages, the console's own folders), from a build with source maps:
 *
 *   (cd apps/console && npx vite build --sourcemap) && node scripts/js-per-route.ts --by-source
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SourceMapConsumer } from 'source-map-js';

const args = process.argv.slice(2);
const bySource = args.includes('--by-source');
const app = args.find((arg) => !arg.startsWith('--')) ?? 'apps/console';
const server = join(app, '.svelte-kit/output/server');
const client = join(app, '.svelte-kit/output/client');
const ROUTES = ['/(auth)/sign-in', '/(app)/dashboard', '/(app)/licenses/customers', '/(app)/licenses/customers/[id]/licenses'];

const manifest = readFileSync(join(server, 'manifest.js'), 'utf8');
const list = (text: string) => JSON.parse(`[${text}]`) as string[];
const entry = list(/client: \{[^}]*?imports:\[([^\]]*)\]/.exec(manifest)![1]!);
const nodeImports = (index: number) =>
  list(/export const imports = \[([^\]]*)\]/.exec(readFileSync(join(server, `nodes/${index}.js`), 'utf8'))![1]!);

/** What a source file counts under: its npm package, the messages, or the console folder it is in. */
function origin(source: string | null): string {
  if (!source) return '(framework glue)';
  const modules = source.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [scope, name] = source.slice(modules + 'node_modules/'.length).split('/');
    return scope!.startsWith('@') ? `${scope}/${name}` : scope!;
  }
  const path = source.slice(Math.max(0, source.indexOf('src/')));
  if (path.includes('paraglide/messages')) return 'messages';
  if (path.includes('paraglide/')) return 'paraglide runtime';
  return path.split('/').slice(0, 4).join('/');
}

/** Splits a script's gzip weight over its sources in proportion to the bytes each produced. */
function weighBySource(code: string, file: string, gzip: number, into: Map<string, number>) {
  const mapFile = join(client, `${file}.map`);
  if (!existsSync(mapFile)) {
    into.set('(no source map)', (into.get('(no source map)') ?? 0) + gzip);
    return;
  }
  const map = new SourceMapConsumer(JSON.parse(readFileSync(mapFile, 'utf8')));
  const lineStarts = [0];
  for (let at = code.indexOf('\n'); at >= 0; at = code.indexOf('\n', at + 1)) lineStarts.push(at + 1);
  const segments: { at: number; source: string | null }[] = [];
  map.eachMapping((m) => segments.push({ at: lineStarts[m.generatedLine - 1]! + m.generatedColumn, source: m.source }));
  segments.sort((a, b) => a.at - b.at);
  segments.forEach(({ at, source }, i) => {
    const bytes = (segments[i + 1]?.at ?? code.length) - at;
    into.set(origin(source), (into.get(origin(source)) ?? 0) + (bytes / code.length) * gzip);
  });
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1).padStart(6);

for (const id of ROUTES) {
  const at = manifest.indexOf(`id: "${id}"`);
  const page = /page: \{ layouts: \[([\d,]*)\], errors: \[[^\]]*\], leaf: (\d+) \}/.exec(manifest.slice(at))!;
  const nodes = [...page[1]!.split(',').filter(Boolean).map(Number), Number(page[2])];
  const files = new Set([...entry, ...nodes.flatMap(nodeImports)]);
  let gzip = 0;
  const sources = new Map<string, number>();
  for (const file of files) {
    const code = readFileSync(join(client, file), 'utf8');
    const weight = gzipSync(code, { level: 9 }).length;
    gzip += weight;
    if (bySource) weighBySource(code, file, weight, sources);
  }
  console.log(`${id.padEnd(42)} ${String(files.size).padStart(3)} scripts ${kb(gzip)} KB gzip`);
  for (const [source, weight] of [...sources].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 15))) {
    console.log(`  ${kb(weight)} KB  ${source}`);
  }
}
