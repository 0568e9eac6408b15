import type { ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { availableParallelism } from 'node:os';
import { createSession, sessionCookie } from '@keyway/core/auth';
import { navigationFor } from '@keyway/core/navigation';
import { permissionsOf } from '@keyway/core/privileges';
import { closeDb, createDb } from '@keyway/db';
import type { Dataset } from './dataset.ts';
import { builtConsoleMissing, freePort, startConsole, stopConsole, type BenchServer } from './server.ts';
import { fmt, formatTable, loadAverage, ms, percentile, ratio, sampleCalls } from './stats.ts';

export interface PagesBenchOptions {
  /** Timed requests per page. */
  iterations: number;
}

/** The list filters the dashboard links to that are hardest to serve at a million customers. */
const FILTERED = ['/licenses/customers?status=disabled', '/licenses/customers?q=solutions', '/licenses/customers?license=expiring-soon'];

/**
 * The console's own pages over HTTP, as a browser asks for them: every page of the navigation bar
 * of the largest channel's administrator on the benchmark data set, and the filtered lists its
 * dashboard links to, one request at a time on a kept-alive connection. Time to first byte is the
 * time to the response's headers: the console renders a page whole on the server before it
 * answers, so it is the page's server time. `/healthz` (no session, no database) measured in the
 * same run is the floor the ratios are against.
 */
export async function runPagesBenchmark(server: BenchServer, dataset: Dataset, options: PagesBenchOptions): Promise<void> {
  if (builtConsoleMissing('pages')) return;
  const db = createDb(server.url, { max: 1 });
  let app: ChildProcess | null = null;
  try {
    const { token } = await createSession(db, dataset.actorUserId, { userAgent: 'keyway-bench' });
    const cookie = `${sessionCookie(false).name}=${token}`;
    const port = await freePort();
    app = await startConsole(server.url, port);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const ttfb = (path: string, withSession = true) => timeToFirstByte(agent, port, path, withSession ? cookie : undefined);
    // An area's own address redirects to its first tab: the tab is the page a click shows.
    const pages: string[] = [];
    for (const href of [...navigationFor(permissionsOf({ role: 'admin', tier: 'tier1' })).flatMap((group) => group.items.map((item) => item.href)), ...FILTERED]) {
      pages.push(await landingOf(agent, port, href, cookie));
    }

    console.log(`\nConsole pages benchmark — ${new Date().toISOString().slice(0, 10)}`);
    console.log(
      `  ${fmt(dataset.customers)} customers, ${fmt(dataset.partners)} partners; signed in as the administrator of the largest channel; ` +
        `${availableParallelism()} CPUs, load ${loadAverage()}`,
    );
    const floor = await sampleCalls(() => ttfb('/healthz', false), 20, options.iterations, 10_000);
    const floorP50 = percentile(floor.samples, 50);
    const rows: string[][] = [];
    let worst = { path: '', p95: 0 };
    for (const path of pages) {
      const { samples } = await sampleCalls(() => ttfb(path), 3, options.iterations, 20_000);
      const p50 = percentile(samples, 50);
      const p95 = percentile(samples, 95);
      if (p95 > worst.p95) worst = { path, p95 };
      rows.push([path, fmt(samples.length), ms(p50), ms(p95), ratio(p50 / floorP50)]);
    }
    rows.push(['/healthz (the floor)', fmt(floor.samples.length), ms(floorP50), ms(percentile(floor.samples, 95)), ratio(1)]);
    console.log(
      '\n' +
        formatTable(
          [{ title: 'page' }, { title: 'requests', right: true }, { title: 'TTFB p50 ms', right: true }, { title: 'p95 ms', right: true }, { title: 'p50 / floor', right: true }],
          rows,
        ),
    );
    console.log(`\n  slowest p95: ${worst.path} ${ms(worst.p95)} ms (goal: every page ≤ 100 ms)`);
    agent.destroy();
  } finally {
    await stopConsole(app);
    await closeDb(db);
  }
}

/** Where a GET of `path` lands after the console's own redirects. */
async function landingOf(agent: Agent, port: number, path: string, cookie: string): Promise<string> {
  for (let hops = 0; hops < 5; hops++) {
    const location = await new Promise<string | undefined>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path, agent, headers: { cookie } }, (res) => {
        res.resume();
        resolve(res.statusCode && res.statusCode >= 300 && res.statusCode < 400 ? res.headers.location : undefined);
      })
        .on('error', reject)
        .end();
    });
    if (!location) return path;
    if (!location.startsWith('/')) throw new Error(`GET ${path} redirects away, to ${location}.`);
    path = location;
  }
  throw new Error(`GET ${path} redirects more than five times.`);
}

/** Milliseconds from sending a GET to its response's headers; the body is read and dropped. */
function timeToFirstByte(agent: Agent, port: number, path: string, cookie: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request({ host: '127.0.0.1', port, path, agent, headers: cookie ? { cookie } : {} }, (res) => {
      const elapsed = performance.now() - started;
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`GET ${path} answered ${res.statusCode}${res.headers.location ? ` → ${res.headers.location}` : ''}.`));
        return;
      }
      res.on('end', () => resolve(elapsed)).on('error', reject).resume();
    });
    req.on('error', reject);
    req.end();
  });
}
