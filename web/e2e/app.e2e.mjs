// Browser end-to-end test of the web app, as a new user would use it, against a real `budgethub serve`
// (started by tests/e2e/test_web.py). Drives Debian's Chromium with puppeteer-core; saves a screenshot per
// page in SCREENSHOT_DIR; fails on any browser console error that the step did not provoke on purpose.
//   BASE_URL=http://127.0.0.1:PORT SCREENSHOT_DIR=build/web-screenshots node web/e2e/app.e2e.mjs
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { openPage } from './chromium.mjs';

const base = process.env.BASE_URL;
const mailpit = process.env.MAILPIT_API; // the stack's Mailpit: the reset e-mail is read from it
const shots = process.env.SCREENSHOT_DIR ?? 'build/web-screenshots';
if (!base) throw new Error('BASE_URL is not set');
if (!mailpit) throw new Error('MAILPIT_API is not set (scripts/stack up writes it to endpoints.env)');
mkdirSync(shots, { recursive: true });

const { browser, page } = await openPage();

// Console errors: a failed API call shows as "Failed to load resource ... status of N"; only the statuses a
// step provokes on purpose (expect(status)) are allowed, once each.
const consoleErrors = [];
let allowed = [];
let refusedUrl = null; // a call the current step expects the server to refuse, whatever the status
page.on('console', (msg) => {
  if (msg.type() !== 'error') return;
  const text = `${msg.text()} ${msg.location()?.url ?? ''}`;
  const m = /status of (\d+)/.exec(text);
  const i = m ? allowed.indexOf(Number(m[1])) : -1;
  if (refusedUrl && refusedUrl.test(text)) return;
  if (i >= 0) allowed.splice(i, 1);
  else consoleErrors.push(text);
});
page.on('pageerror', (err) => consoleErrors.push(`page error: ${err.message}`));
const expectFailure = (status) => allowed.push(status);

let steps = 0;
async function step(name, fn) {
  process.stdout.write(`- ${name} ... `);
  await fn();
  steps += 1;
  console.log('ok');
}
// Accessibility: axe-core on every page a screenshot is taken of; any serious or critical WCAG 2.1 A/AA
// violation fails the run (listed at the end).
const axeSource = readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const a11yViolations = [];
let a11yPages = 0;
async function checkA11y(name) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource);
  // The page at rest: no pointer hovering the button just clicked, no colour half-way through a transition.
  await page.mouse.move(0, 0);
  await page.evaluate(() => {
    if (document.getElementById('bh-a11y-still')) return;
    const style = Object.assign(document.createElement('style'), { id: 'bh-a11y-still' });
    style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
    document.head.appendChild(style);
  });
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  a11yPages += 1;
  for (const v of found) a11yViolations.push(`${name}: ${v}`);
}
async function shot(name) {
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  if (name !== 'failure') await checkA11y(name);
}
const text = (selector) => page.$eval(selector, (e) => e.textContent.trim());
const waitText = (t, selector = 'main') =>
  page.waitForFunction((s, t) => document.querySelector(s)?.textContent.includes(t), {}, selector, t);
const waitPath = (p) => page.waitForFunction((p) => location.pathname === p, {}, p);
async function fill(selector, value) {
  await page.waitForSelector(selector); // the page may still be rendering after its URL changed
  await page.$eval(selector, (e) => { e.value = ''; });
  await page.type(selector, value);
}
async function clickText(selector, t) {
  const el = await page.waitForSelector(`${selector}::-p-text(${t})`);
  await el.click();
}
const session = () => page.evaluate(() => JSON.parse(localStorage.getItem('budgethub.session') ?? 'null'));
async function api(method, path, body) {
  const { token } = await session();
  const r = await fetch(base + path, {
    method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.status === 204 ? null : r.json();
}

const tag = Date.now().toString(36);
const email = `ada.${tag}@budgethub.test`;
const password = 'Correct-Horse-9';
const typeName = `Operations ${tag}`;
const subName = `Travel ${tag}`;
let typeId;

try {
  await step('a deep link while signed out lands on sign-in with the return URL', async () => {
    await page.goto(`${base}/budget-types`, { waitUntil: 'networkidle0' });
    await waitPath('/sign-in');
    const url = new URL(page.url());
    if (url.searchParams.get('returnUrl') !== '/budget-types') throw new Error(`returnUrl: ${page.url()}`);
    await page.waitForSelector('label[for=email]');
    await shot('01-sign-in');
  });

  await step('register: server field errors shown next to the field, then the first user (ADMIN) is in', async () => {
    await clickText('main a', 'Register');
    await waitPath('/register');
    await fill('#firstName', 'Ada');
    await fill('#lastName', 'Lovelace');
    await fill('#email', email);
    await fill('#password', 'short');
    await fill('#nif', String(100000000 + (Date.now() % 899999999)));
    await fill('#phoneNumber', '+3519' + String(10000000 + (Date.now() % 89999999)));
    await page.$eval('#dateOfBirth', (e) => { e.value = '1990-05-17'; e.dispatchEvent(new Event('input')); });
    expectFailure(400);
    await page.click('button[type=submit]');
    await page.waitForSelector('#password-error');
    await shot('02-register-errors');
    await fill('#password', password);
    await page.click('button[type=submit]');
    await waitPath('/');
    await waitText('No budget types yet');
    const who = await text('[data-testid=who]');
    if (!who.includes(email) || !who.includes('ADMIN')) throw new Error(`navbar shows ${who}`);
    await shot('03-dashboard-empty');
  });

  await step('sign out, then sign in again', async () => {
    await clickText('nav button', 'Sign out');
    await waitPath('/sign-in');
    await fill('#email', email);
    await fill('#password', password);
    await page.click('button[type=submit]');
    await waitPath('/');
    await page.waitForSelector('a.nav-link::-p-text(Budget types)');
  });

  await step('budget type: amount with three decimals refused, server validation shown per field, then created', async () => {
    await clickText('nav a', 'Budget types');
    await waitPath('/budget-types');
    await waitText('No budget types yet');
    await clickText('main a', 'New budget type');
    await waitPath('/budget-types/new');
    await fill('#name', typeName);
    await fill('#availableFunds', '1000.505');
    await page.click('button[type=submit]');
    await waitText('at most two decimals', '#funds-error');
    await fill('#availableFunds', '1000.50');
    expectFailure(400); // no description: the server's errors[] names it
    await page.click('button[type=submit]');
    await page.waitForSelector('#description-error');
    await shot('04-budget-type-errors');
    await fill('#description', 'Running costs');
    await page.click('button[type=submit]');
    await waitPath('/budget-types');
    await waitText(typeName);
    await waitText('1000,50');
    await clickText('th button', 'Name');
    await page.waitForSelector('th[aria-sort=descending]');
    await waitText(typeName);
    await shot('05-budget-types');
  });

  await step('subtype created inside the type', async () => {
    await clickText('nav a', 'Subtypes');
    await waitPath('/budget-subtypes');
    await clickText('main a', 'New subtype');
    await page.waitForFunction((n) => [...document.querySelectorAll('#budgetTypeId option')].some((o) => o.textContent.includes(n)), {}, typeName);
    typeId = await page.$$eval('#budgetTypeId option', (os, n) => os.find((o) => o.textContent.includes(n)).value, typeName);
    await page.select('#budgetTypeId', typeId);
    await fill('#name', subName);
    await fill('#description', 'Trips');
    await fill('#availableFunds', '200');
    await shot('06-subtype-form');
    await page.click('button[type=submit]');
    await waitPath('/budget-subtypes');
    await waitText(subName);
    // Filtered by its type and by part of its name, in another case: the one row.
    await page.waitForFunction((id) => [...document.querySelectorAll('#type-filter option')].some((o) => o.value === id), {}, typeId);
    await page.select('#type-filter', typeId);
    await fill('#name-filter', subName.slice(2).toUpperCase());
    await clickText('form button', 'Filter');
    await page.waitForFunction((n) => document.querySelectorAll('tbody tr').length === 1 &&
      document.querySelector('tbody').textContent.includes(n), {}, subName);
    await shot('07-budget-subtypes');
    await clickText('form button', 'Clear');
  });

  await step('dashboard shows the type and its subtype, with the chart', async () => {
    await clickText('nav a', 'Dashboard');
    await waitPath('/');
    await page.waitForSelector('[data-testid=usage]');
    await waitText(typeName, '[data-testid=usage]');
    await waitText(subName, '[data-testid=usage]');
    await page.waitForSelector('canvas');
    await shot('08-dashboard');
  });

  await step('an expired access token mid-work: one refresh, the page still loads', async () => {
    const before = await session();
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('budgethub.session'));
      // A token the server refuses (401): the app must refresh once and retry.
      s.token = s.token.slice(0, -4) + 'AAAA';
      localStorage.setItem('budgethub.session', JSON.stringify(s));
    });
    expectFailure(401);
    await page.goto(`${base}/budget-types`, { waitUntil: 'networkidle0' });
    await waitText(typeName);
    const after = await session();
    if (!after || after.refreshToken === before.refreshToken) throw new Error('the session was not refreshed');
    allowed = allowed.filter((s) => s !== 401); // whether Chromium logs the refused call is its choice
  });

  await step('editing a stale version shows the conflict with a reload', async () => {
    await (await page.waitForSelector(`a[aria-label="Edit ${typeName}"]`)).click();
    await page.waitForSelector('#description');
    await page.waitForFunction(() => document.querySelector('#description').value === 'Running costs');
    const current = await api('GET', `/api/v1/budget/type/${typeId}`);
    await api('PUT', '/api/v1/budget/type/update', { ...current, description: 'Changed by a colleague' });
    await fill('#description', 'My change');
    expectFailure(409);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=conflict]');
    await shot('09-conflict');
    await clickText('[data-testid=conflict] button', 'Reload');
    await page.waitForFunction(() => document.querySelector('#description').value === 'Changed by a colleague');
    await fill('#description', 'My change');
    await page.click('button[type=submit]');
    await waitPath('/budget-types');
    await waitText('My change');
  });

  await step('suppliers: create, a clashing NIF refused with the reason, edit, delete after confirmation', async () => {
    const company = `Acme ${tag}`;
    const nif = `PT${tag}`.slice(0, 20);
    await clickText('nav a', 'Suppliers');
    await waitPath('/suppliers');
    await waitText('No suppliers yet');
    await clickText('main a', 'New supplier');
    await waitPath('/suppliers/new');
    await fill('#companyName', company);
    await fill('#responsibleName', 'Grace Hopper');
    await fill('#nif', nif);
    await fill('#email', `billing.${tag}@acme.test`);
    await page.click('button[type=submit]');
    await waitPath('/suppliers');
    await waitText(company);
    await clickText('main a', 'New supplier');
    await waitPath('/suppliers/new');
    await fill('#companyName', `Other ${tag}`);
    await fill('#responsibleName', 'Alan Turing');
    await fill('#nif', nif);
    expectFailure(409);
    await page.click('button[type=submit]');
    // The server's 409 names the clash in its message only (no errors[] for clashes yet).
    await waitText('NIF already exists', '[data-testid=form-error]');
    await shot('11-supplier-clash');
    await clickText('main a', 'Cancel');
    await waitPath('/suppliers');
    await (await page.waitForSelector(`a[aria-label="Edit ${company}"]`)).click();
    await page.waitForFunction((n) => document.querySelector('#nif')?.value === n, {}, nif);
    await fill('#responsibleName', 'Katherine Johnson');
    await page.click('button[type=submit]');
    await waitPath('/suppliers');
    await waitText('Katherine Johnson');
    await shot('12-suppliers');
    await fill('#name-filter', nif);
    await clickText('form button', 'Filter');
    await page.waitForFunction((c) => document.querySelectorAll('tbody tr').length === 1 &&
      document.querySelector('tbody').textContent.includes(c), {}, company);
    await fill('#name-filter', `nothing-${tag}`);
    await clickText('form button', 'Filter');
    await waitText('No suppliers match this filter');
    await clickText('form button', 'Clear');
    await waitText(company);
    await (await page.waitForSelector(`button[aria-label="Delete ${company}"]`)).click();
    await (await page.waitForSelector('[data-testid=confirm-delete]')).click();
    await waitText('No suppliers yet');
  });

  await step('payments: over budget refused with what is left, created, confirmed, partly refunded, with history', async () => {
    // A budget of their own (the UI-made subtype is deleted below, which a payment's movements would stop).
    const type = await api('POST', '/api/v1/budget/type/create', { name: `Pay ${tag}`, description: 'd', availableFunds: 1000 });
    const sub = await api('POST', '/api/v1/budget/subtype/create',
      { name: `Purchases ${tag}`, description: 'd', availableFunds: 100, budgetTypeId: type.id });
    const supplier = await api('POST', '/api/v1/supplier/create',
      { companyName: `Chairs ${tag}`, responsibleName: 'Ana', nif: String(300000000 + (Date.now() % 599999999)) });
    await clickText('nav a', 'Payments');
    await waitPath('/payments');
    await waitText('No payments yet');
    await clickText('main a', 'New payment');
    await waitPath('/payments/new');
    await page.waitForFunction((id) => [...document.querySelectorAll('#subtype-0 option')].some((o) => o.value === id), {}, sub.id);
    await page.waitForFunction((id) => [...document.querySelectorAll('#supplier-0 option')].some((o) => o.value === id), {}, supplier.id);
    await fill('#description', `Office chairs ${tag}`);
    await page.select('#subtype-0', sub.id);
    await page.select('#supplier-0', supplier.id);
    await fill('#name-0', 'chairs');
    await fill('#amount-0', '90');
    await waitText('110,70', '[data-testid=total]');
    expectFailure(400);
    await clickText('form button', 'Create payment');
    await waitText('Available: 100.00', '[data-testid=form-error]');
    await shot('17-payment-over-budget');
    await fill('#amount-0', '40');
    await clickText('form button', 'Create payment');
    await page.waitForFunction(() => /^\/payments\/[0-9a-f-]{36}$/.test(location.pathname));
    await page.waitForSelector('[data-testid=payment-status][data-status=CREATED]');
    await waitText('reserved on the budget', '[data-testid=notice]');
    await waitText('49,20', '[data-testid=amount]');
    await shot('18-payment-created');
    await clickText('main button', 'Confirm payment');
    await page.waitForSelector('[data-testid=payment-status][data-status=SUCCEEDED]');
    await fill('#refund-amount', '9.20');
    await clickText('form button', 'Refund');
    await page.waitForSelector('[data-testid=payment-status][data-status=PARTIALLY_REFUNDED]');
    await waitText('9,20', '[data-testid=refunded]');
    await page.waitForSelector('[data-testid=refunds]');
    await waitText('SUCCEEDED', '[data-testid=history]');
    await shot('19-payment-detail');
    await clickText('main a', 'Payments');
    await waitPath('/payments');
    await waitText(`Office chairs ${tag}`);
    await page.select('#status', 'CANCELED');
    await clickText('form button', 'Filter');
    await waitText('No payments match these filters');
    await page.select('#status', '');
    await clickText('form button', 'Filter');
    await waitText('Partly refunded');
    await shot('20-payments');
  });

  await step('movements: an over-budget attempt says what is left, then created, filtered, deleted', async () => {
    const supplier = await api('POST', '/api/v1/supplier/create',
      { companyName: `Paper ${tag}`, responsibleName: 'Rui', nif: String(400000000 + (Date.now() % 499999999)) });
    const subs = await api('GET', '/api/v1/budget/subtype/all?size=100');
    const sub = subs.content.find((t) => t.name === subName);
    const doc = `DOC-${tag}`;
    await clickText('nav a', 'Movements');
    await waitPath('/movements');
    await waitText(`Office chairs ${tag}`); // the payment's movement, linked to its payment
    await page.waitForSelector('a[aria-label^="Payment of PAY-"]');
    await clickText('main a', 'New movement');
    await waitPath('/movements/new');
    await page.waitForFunction((id) => [...document.querySelectorAll('#budget option')].some((o) => o.value === id), {}, `s:${sub.id}`);
    await page.waitForFunction((id) => [...document.querySelectorAll('#supplierId option')].some((o) => o.value === id), {}, supplier.id);
    await fill('#documentNumber', doc);
    await fill('#description', 'Printer paper');
    await page.select('#supplierId', supplier.id);
    await page.select('#budget', `s:${sub.id}`);
    await fill('#valueWithoutIva', '300');
    expectFailure(400);
    await page.click('button[type=submit]');
    await waitText('has only 200,00', '[data-testid=form-error]');
    await shot('21-movement-over-budget');
    await fill('#valueWithoutIva', '100');
    await page.click('button[type=submit]');
    await waitPath('/movements');
    await waitText(doc);
    await page.select('#status', 'SUCCEEDED');
    await page.select('#subtype', sub.id);
    await clickText('form button', 'Filter');
    await page.waitForFunction((d) => [...document.querySelectorAll('tbody tr')].length === 1 &&
      document.querySelector('tbody').textContent.includes(d), {}, doc);
    await shot('22-movements');
    await page.select('#status', 'REFUSED');
    await clickText('form button', 'Filter');
    await waitText('No movements match these filters');
    await clickText('form button', 'Clear');
    await (await page.waitForSelector(`button[aria-label="Delete ${doc}"]`)).click();
    await (await page.waitForSelector('[data-testid=confirm-delete]')).click();
    await waitText(`Movement “${doc}” deleted`);
  });

  // Files the app hands to the browser (receipt, workbook) land here.
  const downloads = `${shots}/downloads`;
  mkdirSync(downloads, { recursive: true });
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  async function downloaded(name) {
    for (let i = 0; i < 100; i++) {
      const path = `${downloads}/${name}`;
      if (existsSync(path) && !existsSync(`${path}.crdownload`)) return readFileSync(path);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${name} was not downloaded (found: ${readdirSync(downloads).join(', ')})`);
  }
  // A budget, a supplier and a movement of their own (the UI-made subtype is deleted below).
  const fileType = await api('POST', '/api/v1/budget/type/create', { name: `Files ${tag}`, description: 'd', availableFunds: 500 });
  const fileSub = await api('POST', '/api/v1/budget/subtype/create',
    { name: `Receipts ${tag}`, description: 'd', availableFunds: 500, budgetTypeId: fileType.id });
  const fileSupplier = await api('POST', '/api/v1/supplier/create',
    { companyName: `Toner ${tag}`, responsibleName: 'Eva', nif: String(500000000 + (Date.now() % 399999999)) });
  const today = new Date().toISOString().slice(0, 10);
  const edited = await api('POST', '/api/v1/movement/create', {
    documentNumber: `TON-${tag}`, dateOfEmission: today, description: 'Toner', type: 'DEBIT', status: 'SUCCEEDED',
    supplierId: fileSupplier.id, budgetSubtypeId: fileSub.id, valueWithoutIva: 40, ivaRate: 23 });

  await step('movements: edited; a stale edit shows the conflict with a reload', async () => {
    await page.goto(`${base}/movements`, { waitUntil: 'networkidle0' });
    await (await page.waitForSelector(`a[aria-label="Edit TON-${tag}"]`)).click();
    await waitPath(`/movements/${edited.id}`);
    await page.waitForFunction(() => document.querySelector('#description')?.value === 'Toner');
    // Someone else saves first.
    await api('PUT', '/api/v1/movement/update', { ...edited, description: 'Toner, black' });
    await fill('#description', 'Toner, colour');
    expectFailure(409);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=conflict]');
    await shot('25-movement-conflict');
    await clickText('[data-testid=conflict] button', 'Reload');
    await page.waitForFunction(() => document.querySelector('#description')?.value === 'Toner, black');
    await fill('#description', 'Toner, colour');
    await fill('#valueWithoutIva', '50');
    await page.click('button[type=submit]');
    await waitPath('/movements');
    await waitText('Toner, colour');
    await waitText('61,50'); // 50 + 23 % VAT
  });

  await step('dashboard: a subtype past 80 % is an alert, the latest movements are listed', async () => {
    await api('POST', '/api/v1/movement/create', {
      documentNumber: `FULL-${tag}`, dateOfEmission: today, description: 'Large toner order', type: 'DEBIT',
      status: 'SUCCEEDED', supplierId: fileSupplier.id, budgetSubtypeId: fileSub.id, valueWithoutIva: 350, ivaRate: 0 });
    await clickText('nav a', 'Dashboard');
    await waitPath('/');
    await waitText(`Receipts ${tag}`, '[data-testid=alerts]'); // 61.50 + 350 of 500: 82 %
    await waitText('82 %', '[data-testid=alerts]');
    await waitText('88,50', '[data-testid=alerts]'); // what is left
    await waitText(`FULL-${tag}`, '[data-testid=recent-movements]');
    await page.waitForSelector('canvas');
    await shot('08b-dashboard-alerts');
  });

  await step('invoices: a wrong file refused, a receipt dropped and saved, previewed, downloaded, deleted', async () => {
    await clickText('nav a', 'Invoices');
    await waitPath('/invoices');
    await clickText('main a', 'New invoice');
    await waitPath('/invoices/new');
    await page.waitForFunction((id) => [...document.querySelectorAll('#movementId option')].some((o) => o.value === id), {}, edited.id);
    await fill('#description', `Toner invoice ${tag}`);
    await page.select('#movementId', edited.id);
    // The picker: a text file is refused before anything is sent.
    const notes = `${downloads}/notes.txt`;
    writeFileSync(notes, 'not a receipt');
    await (await page.$('#file')).uploadFile(notes);
    await waitText('is not a PDF, PNG or JPEG', '#file-error');
    // Dropped on the page: a PNG drawn by the browser.
    await page.evaluate(async () => {
      const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 120 });
      const g = canvas.getContext('2d');
      g.fillStyle = '#fff'; g.fillRect(0, 0, 320, 120);
      g.fillStyle = '#000'; g.font = '24px sans-serif'; g.fillText('RECEIPT · Toner · 61,50 €', 10, 70);
      const blob = await new Promise((r) => canvas.toBlob(r, 'image/png'));
      const dt = new DataTransfer();
      dt.items.add(new File([blob], 'toner-receipt.png', { type: 'image/png' }));
      const zone = document.querySelector('[data-testid=drop-zone]');
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await waitText('toner-receipt.png', '#file-chosen');
    await shot('26-invoice-new');
    await page.click('button[type=submit]');
    await waitPath('/invoices');
    await waitText(`Toner invoice ${tag}`);
    await waitText(`TON-${tag}`);
    await page.waitForSelector(`button[aria-label$="download the receipt of Toner invoice ${tag}"]`);
    await shot('27-invoices');
    const [invoice] = (await api('GET', '/api/v1/invoice/all?size=100')).content.filter((i) => i.description === `Toner invoice ${tag}`);
    await (await page.waitForSelector(`button[aria-label$="download the receipt of Toner invoice ${tag}"]`)).click();
    const fromList = await downloaded(invoice.fileKey.slice(invoice.fileKey.lastIndexOf('/') + 1));
    if (fromList.subarray(1, 4).toString() !== 'PNG') throw new Error('the downloaded receipt is not the PNG');
    await (await page.waitForSelector(`a[aria-label="Edit Toner invoice ${tag}"]`)).click();
    await waitPath(`/invoices/${invoice.id}`);
    await clickText('main button', 'Preview');
    await page.waitForFunction(() => document.querySelector('section img')?.naturalWidth === 320);
    await shot('28-invoice-preview');
    await clickText('main a', 'Cancel');
    await waitPath('/invoices');
    await (await page.waitForSelector(`button[aria-label="Delete Toner invoice ${tag}"]`)).click();
    await (await page.waitForSelector('[data-testid=confirm-delete]')).click();
    await waitText(`Invoice “Toner invoice ${tag}” deleted`);
  });

  await step('export: dates and status chosen, progress to done, the workbook downloaded, the e-mail arrives', async () => {
    await clickText('nav a', 'Movements');
    await waitPath('/movements');
    await clickText('main a', 'Export to Excel');
    await waitPath('/movements/export');
    await page.evaluate((d) => {
      for (const id of ['startDate', 'endDate']) {
        const e = document.getElementById(id);
        e.value = d;
        e.dispatchEvent(new Event('input', { bubbles: true }));
      }
    }, today);
    await page.select('#status', 'SUCCEEDED');
    await clickText('form button', 'Export');
    await page.waitForFunction(() => /[?&]job=[0-9a-f-]{36}/.test(location.search));
    await waitText('Done:', '[data-testid=export-progress]');
    await waitText('Export ready', '[data-testid=export-job]');
    await shot('29-export');
    const jobId = new URL(page.url()).searchParams.get('job');
    const job = await api('GET', `/api/v1/movement/export-movements-report/${jobId}`);
    if (job.rowsTotal < 1 || job.rowsWritten !== job.rowsTotal) throw new Error(`export rows ${job.rowsWritten}/${job.rowsTotal}`);
    await (await page.waitForSelector('[data-testid=export-download]')).click();
    const workbook = await downloaded(`${jobId}.xlsx`);
    if (workbook.subarray(0, 2).toString() !== 'PK' || workbook.length !== job.sizeBytes) throw new Error('the workbook download is not the export');
    let mailed = false;
    for (let i = 0; i < 150 && !mailed; i++) {
      const found = await (await fetch(`${mailpit}/api/v1/search?limit=20&query=${encodeURIComponent(`to:"${email}"`)}`)).json();
      mailed = (found.messages ?? []).some((m) => m.Attachments > 0 || /export/i.test(m.Subject));
      if (!mailed) await new Promise((r) => setTimeout(r, 200));
    }
    if (!mailed) throw new Error(`no export e-mail to ${email}`);
    // A reload follows the same job.
    await page.reload({ waitUntil: 'networkidle0' });
    await waitText('Export ready', '[data-testid=export-job]');
  });

  await step('delete the subtype and the type, each after confirmation', async () => {
    await clickText('nav a', 'Subtypes');
    await waitText(subName);
    await (await page.waitForSelector(`button[aria-label="Delete ${subName}"]`)).click();
    await page.waitForSelector('[data-testid=confirm-delete]');
    await shot('10-delete-confirmation');
    await page.click('[data-testid=confirm-delete]');
    await waitText('deleted');
    await page.waitForFunction((n) => !document.querySelector('tbody').textContent.includes(n), {}, subName);
    await clickText('nav a', 'Budget types');
    await waitText(typeName);
    await (await page.waitForSelector(`button[aria-label="Delete ${typeName}"]`)).click();
    await (await page.waitForSelector('[data-testid=confirm-delete]')).click();
    await waitText('deleted');
    await page.waitForFunction((n) => !document.querySelector('tbody').textContent.includes(n), {}, typeName);
  });

  await step('forgot password and a reset link that is not valid', async () => {
    await clickText('nav button', 'Sign out');
    await waitPath('/sign-in');
    await clickText('main a', 'Forgot your password?');
    await waitPath('/forgot-password');
    await page.waitForSelector('h1::-p-text(Forgot your password?)');
    await fill('#email', email);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=sent]');
    await shot('13-forgot-password');
    await page.goto(`${base}/reset-password?token=not-a-real-token`, { waitUntil: 'networkidle0' });
    await fill('#newPassword', 'Another-Horse-7');
    await fill('#confirm', 'Another-Horse-7');
    refusedUrl = /reset-password/;
    await page.click('button[type=submit]');
    await waitText('invalid or has expired', '[data-testid=form-error]');
    await shot('14-reset-password');
    refusedUrl = null;
  });

  await step('the e-mailed reset link opens the reset page; the new password signs in', async () => {
    let link = null;
    for (let i = 0; i < 150 && !link; i++) {
      const found = await (await fetch(`${mailpit}/api/v1/search?limit=5&query=${encodeURIComponent(`to:"${email}"`)}`)).json();
      for (const m of found.messages ?? []) {
        const body = await (await fetch(`${mailpit}/api/v1/message/${m.ID}`)).json();
        link = /https?:\/\/[^\s"<>]*\/reset-password\?token=[^\s"<>&]+/.exec(`${body.Text} ${body.HTML}`)?.[0] ?? link;
      }
      if (!link) await new Promise((r) => setTimeout(r, 200));
    }
    if (!link) throw new Error(`no reset e-mail with a link to ${email}`);
    if (!link.startsWith(`${base}/reset-password?token=`)) throw new Error(`the link does not open this app: ${link}`);
    await page.goto(link, { waitUntil: 'networkidle0' });
    await fill('#newPassword', 'Another-Horse-7');
    await fill('#confirm', 'Another-Horse-7');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=done]');
    await shot('15-reset-done');
    await clickText('[data-testid=done] a', 'Sign in');
    await waitPath('/sign-in');
    await fill('#email', email);
    await fill('#password', 'Another-Horse-7');
    await page.click('button[type=submit]');
    await waitPath('/');
    await clickText('nav button', 'Sign out');
    await waitPath('/sign-in');
  });

  await step('a user without a budget role sees no budget pages', async () => {
    await clickText('main a', 'Register');
    await waitPath('/register');
    await page.waitForSelector('#firstName');
    await fill('#firstName', 'Bob');
    await fill('#lastName', 'Employee');
    await fill('#email', `bob.${tag}@budgethub.test`);
    await fill('#password', password);
    await fill('#nif', String(200000000 + (Date.now() % 799999999)));
    await fill('#phoneNumber', '+3519' + String(10000000 + ((Date.now() + 7) % 89999999)));
    await page.$eval('#dateOfBirth', (e) => { e.value = '1992-02-29'; e.dispatchEvent(new Event('input')); });
    await page.click('button[type=submit]');
    await waitPath('/');
    await waitText('no budget role');
    if (await page.$('a.nav-link[href="/budget-types"]')) throw new Error('budget links shown to a user without a role');
    await shot('16-dashboard-no-role');
    await page.goto(`${base}/budget-types`, { waitUntil: 'networkidle0' });
    await waitPath('/');
    await clickText('nav button', 'Sign out');
    await waitPath('/sign-in');
  });

  await step('administration: the ADMIN grants EMPLOYEE, who then may pay; the last ADMIN keeps the role', async () => {
    const bob = `bob.${tag}@budgethub.test`;
    await fill('#email', email);
    await fill('#password', 'Another-Horse-7');
    await page.click('button[type=submit]');
    await waitPath('/');
    await clickText('nav a', 'Users');
    await waitPath('/admin/users');
    await (await page.waitForSelector(`button[aria-label="Grant EMPLOYEE to ${bob}"]`)).click();
    await waitText(`EMPLOYEE granted to ${bob}`, '[data-testid=notice]');
    await page.waitForSelector(`button[aria-label="Revoke EMPLOYEE from ${bob}"]`);
    expectFailure(409);
    await (await page.waitForSelector(`button[aria-label="Revoke ADMIN from ${email}"]`)).click();
    await waitText('last ADMIN', '[data-testid=list-error]');
    await shot('23-admin-users');
    await clickText('nav button', 'Sign out');
    await waitPath('/sign-in');
    await fill('#email', bob);
    await fill('#password', password);
    await page.click('button[type=submit]');
    await waitPath('/');
    await page.waitForSelector('a.nav-link[href="/payments"]');
    if (await page.$('a.nav-link[href="/admin/users"]')) throw new Error('the users page is shown to an EMPLOYEE');
    await clickText('nav a', 'Payments');
    await waitText('No payments yet'); // an EMPLOYEE sees only their own
    await page.goto(`${base}/admin/users`, { waitUntil: 'networkidle0' });
    await waitPath('/');
    await clickText('nav button', 'Sign out');
    await waitPath('/sign-in');
  });

  await step('account: profile edited, a wrong current password refused by field, password changed, account deleted', async () => {
    const bob = `bob.${tag}@budgethub.test`;
    await fill('#email', bob);
    await fill('#password', password);
    await page.click('button[type=submit]');
    await waitPath('/');
    await page.click('a[data-testid=account-link]');
    await waitPath('/account');
    await page.waitForFunction(() => document.querySelector('#lastName')?.value === 'Employee');
    await fill('#lastName', 'Builder');
    await fill('#password', 'Wrong-Horse-1');
    expectFailure(401);
    expectFailure(400);
    refusedUrl = /user-credentials\/update/;
    await clickText('form button', 'Save changes');
    await page.waitForSelector('[data-testid=form-error]');
    await fill('#password', password);
    await fill('#newPassword', 'Newer-Horse-8');
    await clickText('form button', 'Save changes');
    await waitText('Your password changed', '[data-testid=notice]');
    refusedUrl = null;
    await shot('24-account');
    await fill('#deletePassword', 'Newer-Horse-8');
    await clickText('section button', 'Delete my account');
    await waitPath('/sign-in');
    await page.waitForSelector('[data-testid=deleted]');
    await fill('#email', bob);
    await fill('#password', 'Newer-Horse-8');
    expectFailure(401);
    refusedUrl = /auth\/sign-in/;
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=form-error]');
    refusedUrl = null;
    allowed = []; // whichever of the refusals above Chromium chose to log
  });

  await step('signed out: the budget pages send back to sign-in', async () => {
    await page.goto(`${base}/budget-subtypes`, { waitUntil: 'networkidle0' });
    await waitPath('/sign-in');
  });

  if (consoleErrors.length) throw new Error(`console errors:\n${consoleErrors.join('\n')}`);
  if (a11yViolations.length) throw new Error(`axe-core, serious or critical:\n${a11yViolations.join('\n')}`);
  console.log(`web e2e: ${steps} steps passed, no console errors, axe-core clean on ${a11yPages} pages`);
} catch (err) {
  await page.screenshot({ path: `${shots}/failure.png`, fullPage: true }).catch(() => {});
  console.log('FAILED');
  console.error(err);
  if (consoleErrors.length) console.error(`console errors:\n${consoleErrors.join('\n')}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
