import { chromium } from '@playwright/test';
import { gzipSync } from 'node:zlib';
const base = 'http://127.0.0.1:4433';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'] });
for (const [email, paths] of [['admin@northwind-distribution.example', ['/dashboard', '/licenses/customers', '/reports/usage']], ['admin@keyway.example', ['/dashboard']]]) {
  for (const path of paths) {
    const context = await browser.newContext({ baseURL: base });
    await context.request.post('/api/trpc/auth.signIn', { data: { json: { email, password: 'keyway-demo' } }, headers: { Origin: base } });
    const page = await context.newPage();
    const scripts = [];
    page.on('response', async (r) => { if (r.request().resourceType() === 'script') scripts.push(r); });
    await page.goto(path, { waitUntil: 'networkidle' });
    let gz = 0; let chart = 0; const names = [];
    for (const r of scripts) { const body = await r.body(); const n = gzipSync(body, { level: 9 }).length; gz += n; const text = body.toString(); if (/lc-layout-svg|layerchart|lc-root-container/.test(text)) { chart += n; names.push(r.url().split('/').pop()); } }
    console.log(`${email.split('@')[1].split('.')[0]} ${path}: ${scripts.length} scripts, ${(gz / 1024).toFixed(1)} KB gzip; chart-library files ${names.length} = ${(chart / 1024).toFixed(1)} KB`);
    await context.close();
  }
}
await browser.close();
