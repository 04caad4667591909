// Time to interactive of the dashboard, with the Performance API, in Debian's headless Chromium (puppeteer-core).
// Each run is a cold load of `/` (HTTP cache off) by a signed-in ADMIN. Recorded per run:
//   fcp          first contentful paint;
//   ready        every part of the dashboard shown (alerts, usage table or "no types", latest movements),
//                seen by a MutationObserver installed before the app starts;
//   tti          max(ready, end of the last long task (> 50 ms main-thread task) before a quiet window of
//                QUIET_MS with no long task) — Lighthouse's definition, with "ready" in place of its network rule;
//   api          duration of each API call the dashboard makes (resource timing).
// Prints one JSON line: the medians and the 90th percentiles.
//   BASE_URL=http://127.0.0.1:PORT TOKEN=... REFRESH=... RUNS=9 node web/bench/dashboard-tti.mjs
// (here, beside web/node_modules, so that puppeteer-core resolves; bench/web/dashboard_tti.sh runs it).
import { openPage } from '../e2e/chromium.mjs';

const base = process.env.BASE_URL;
const runs = Number(process.env.RUNS ?? 9);
const quietMs = Number(process.env.QUIET_MS ?? 5000);
if (!base || !process.env.TOKEN || !process.env.REFRESH) throw new Error('BASE_URL, TOKEN and REFRESH are required');

const { browser, page } = await openPage({ timeout: 60000 });
await page.setCacheEnabled(false);
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

await page.goto(`${base}/sign-in`, { waitUntil: 'load' });
await page.evaluate((token, refreshToken) => {
  localStorage.setItem('budgethub.session', JSON.stringify({ token, refreshToken }));
}, process.env.TOKEN, process.env.REFRESH);

await page.evaluateOnNewDocument(() => {
  const probe = { longTasks: [], ready: null };
  window.__tti = probe;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) probe.longTasks.push([e.startTime, e.startTime + e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  const shown = () => {
    const d = document.querySelector('bh-dashboard');
    if (!d || !d.querySelector('[data-testid=recent-movements]') || !d.querySelector('[data-testid=alerts]')) return false;
    if ([...d.querySelectorAll('[role=status]')].some((e) => e.textContent.includes('Loading'))) return false;
    return !!d.querySelector('[data-testid=usage]') || d.textContent.includes('No budget types yet');
  };
  new MutationObserver((_, observer) => {
    if (probe.ready === null && shown()) {
      probe.ready = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
});

const samples = [];
for (let i = 0; i < runs; i++) {
  await page.goto(`${base}/`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__tti.ready !== null, { polling: 50 });
  // Wait for the quiet window after the later of "ready" and the last long task.
  for (;;) {
    const { last, now } = await page.evaluate(() => {
      const p = window.__tti;
      return { last: Math.max(p.ready, ...p.longTasks.map((t) => t[1])), now: performance.now() };
    });
    if (now - last >= quietMs) break;
    await new Promise((r) => setTimeout(r, Math.min(500, quietMs - (now - last) + 10)));
  }
  samples.push(await page.evaluate(() => {
    const p = window.__tti;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
    const api = {};
    for (const r of performance.getEntriesByType('resource')) {
      const path = new URL(r.name).pathname;
      if (path.startsWith('/api/')) api[path] = r.duration;
    }
    const tti = Math.max(p.ready, ...p.longTasks.map((t) => t[1]));
    return { fcp, ready: p.ready, tti, longTasks: p.longTasks.length, api };
  }));
}
await browser.close();
if (errors.length) throw new Error(`console errors: ${errors.join(' | ')}`);

const pick = (values, q) => {
  const s = [...values].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] * 10) / 10;
};
const summary = { runs };
for (const key of ['fcp', 'ready', 'tti', 'longTasks']) {
  summary[key] = { p50: pick(samples.map((s) => s[key]), 0.5), p90: pick(samples.map((s) => s[key]), 0.9) };
}
summary.api = {};
for (const path of Object.keys(samples[0].api)) {
  summary.api[path] = { p50: pick(samples.map((s) => s.api[path] ?? 0), 0.5), p90: pick(samples.map((s) => s.api[path] ?? 0), 0.9) };
}
console.log(JSON.stringify(summary));
