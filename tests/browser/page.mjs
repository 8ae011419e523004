// Drives the verifier's web page (anycred-verifier serve) in headless
// Chromium through playwright-core, as a person would: paste a credential,
// paste a tampered one, upload a baked PNG, drop a baked PNG.
//
// Usage: node page.mjs BASE_URL VALID.json TAMPERED.json BADGE.png
// Prints one line per step and exits 0 when every step saw what it must,
// 1 otherwise, 2 when the browser cannot start. CHROMIUM overrides the
// browser path (default /usr/bin/chromium).
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [base, validPath, tamperedPath, pngPath] = process.argv.slice(2);
if (!pngPath) {
  console.error('usage: node page.mjs BASE_URL VALID.json TAMPERED.json BADGE.png');
  process.exit(2);
}
const failures = [];
function expect(step, condition, detail) {
  console.log(`${condition ? 'ok  ' : 'FAIL'} ${step}${condition ? '' : `: ${detail}`}`);
  if (!condition) failures.push(step);
}

let browser;
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    // Root in a container: Chromium's own sandbox needs user namespaces it
    // does not get here; the page is our own, served on loopback.
    args: ['--no-sandbox', '--headless=new', '--no-proxy-server',
           '--disable-gpu', '--disable-dev-shm-usage'],
    timeout: 60000,
  });
} catch (err) {
  console.error(`cannot start Chromium: ${err.message}`);
  process.exit(2);
}

try {
  const page = await browser.newPage();
  const outside = [];
  page.on('request', (req) => {
    if (!req.url().startsWith(base) && !req.url().startsWith('data:')) outside.push(req.url());
  });
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(e.message));

  await page.goto(`${base}/`, { waitUntil: 'load' });
  expect('page title', (await page.title()).includes('Check a credential'), await page.title());
  expect('labelled controls', await page.getByLabel(/paste the credential/i).count() === 1 &&
    await page.getByLabel(/choose a file/i).count() === 1, 'missing labels');

  async function verdictAfter(action) {
    await page.evaluate(() => document.getElementById('result').replaceChildren());
    await action();
    await page.waitForSelector('#status', { timeout: 30000 });
    return (await page.textContent('#status')).trim();
  }

  // 1. A valid badge, pasted.
  const valid = readFileSync(validPath, 'utf8');
  let status = await verdictAfter(async () => {
    await page.fill('#paste', valid);
    await page.click('#check-button');
  });
  expect('valid credential shows Verified', status === 'Verified', status);
  const result = await page.textContent('#result');
  expect('shows the achievement', result.includes('Welding Safety Fundamentals'), result.slice(0, 200));
  expect('shows the issuer', result.includes('Riverside Career & Technical Center'), 'no issuer');
  expect('shows competencies with framework and code',
    result.includes('State CTE Welding Technology Standards') && result.includes('WLD.1.2'), 'no alignment');
  expect('shows credits', result.includes('0.5 earned of 0.5 available'), 'no credits');
  expect('shows whether the issuer is recognized', result.includes('Recognized'), 'no recognition row');
  const proofOk = await page.getAttribute('#checks li[data-check="proof"]', 'data-outcome');
  expect('signature check ok', proofOk === 'ok', proofOk);

  // 2. A tampered badge: which check failed, and why.
  const tampered = readFileSync(tamperedPath, 'utf8');
  status = await verdictAfter(async () => {
    await page.fill('#paste', tampered);
    await page.click('#check-button');
  });
  expect('tampered credential shows Not verified', status === 'Not verified', status);
  const proofBad = await page.getAttribute('#checks li[data-check="proof"]', 'data-outcome');
  expect('signature check failed', proofBad === 'failed', proofBad);
  const reason = await page.textContent('#checks li[data-check="proof"]');
  expect('the failed check names SIGNATURE_INVALID', reason.includes('SIGNATURE_INVALID'), reason);
  expect('in plain words', reason.includes('Failed') && reason.includes('Signature'), reason);

  // 3. A baked PNG, uploaded with the file chooser.
  status = await verdictAfter(async () => {
    await page.fill('#paste', '');
    await page.setInputFiles('#file-input', pngPath);
  });
  expect('uploaded baked PNG shows Verified', status === 'Verified', status);

  // 4. The same PNG dropped on the drop zone.
  const png = [...readFileSync(pngPath)];
  status = await verdictAfter(async () => {
    const dataTransfer = await page.evaluateHandle((bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], 'badge.png', { type: 'image/png' }));
      return dt;
    }, png);
    await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer });
  });
  expect('dropped baked PNG shows Verified', status === 'Verified', status);
  expect('chosen file is named', (await page.textContent('#file-name')).includes('badge.png'), 'no name');

  expect('no outside resources requested', outside.length === 0, outside.join(' '));
  expect('no script errors', consoleErrors.length === 0, consoleErrors.join(' | '));
} catch (err) {
  expect('page run', false, err.stack || err.message);
} finally {
  await browser.close();
}
process.exit(failures.length ? 1 : 0);
