/**
 * The JavaScript a first visit of a console route loads: the client entry plus the scripts of the
 * route's layouts and page, as SvelteKit preloads them, counted from a built console's manifest
 * (gzip level 9, what the Node adapter's precompressed files weigh).
 *
 *   npm run build -w @keyway/console && node scripts/js-per-route.ts [apps/console]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const app = process.argv[2] ?? 'apps/console';
const server = join(app, '.svelte-kit/output/server');
const client = join(app, '.svelte-kit/output/client');
const ROUTES = ['/(auth)/sign-in', '/(app)/dashboard', '/(app)/licenses/customers', '/(app)/licenses/customers/[id]/licenses'];

const manifest = readFileSync(join(server, 'manifest.js'), 'utf8');
const list = (text: string) => JSON.parse(`[${text}]`) as string[];
const entry = list(/client: \{[^}]*?imports:\[([^\]]*)\]/.exec(manifest)![1]!);
const nodeImports = (index: number) =>
  list(/export const imports = \[([^\]]*)\]/.exec(readFileSync(join(server, `nodes/${index}.js`), 'utf8'))![1]!);

for (const id of ROUTES) {
  const at = manifest.indexOf(`id: "${id}"`);
  const page = /page: \{ layouts: \[([\d,]*)\], errors: \[[^\]]*\], leaf: (\d+) \}/.exec(manifest.slice(at))!;
  const nodes = [...page[1]!.split(',').filter(Boolean).map(Number), Number(page[2])];
  const files = new Set([...entry, ...nodes.flatMap(nodeImports)]);
  let gzip = 0;
  for (const file of files) {
    const text = readFileSync(join(client, file));
    gzip += gzipSync(text, { level: 9 }).length;
  }
  console.log(`${id.padEnd(42)} ${String(files.size).padStart(3)} scripts ${(gzip / 1024).toFixed(1).padStart(6)} KB gzip`);
}
