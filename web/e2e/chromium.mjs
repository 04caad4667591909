// Debian's Chromium for the browser runs (web/e2e, web/bench): headless, without the sandbox and /dev/shm
// (containers), one 1280×900 page. CHROMIUM overrides the executable.
import puppeteer from 'puppeteer-core';

export async function openPage({ timeout = 15000 } = {}) {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.setDefaultTimeout(timeout);
  return { browser, page };
}
