// Opens the dashboard in headless Chromium against a running node whose courier simulator is
// driving, signs in, watches a simulated courier's marker move on the map and an ETA appear,
// changes an order's status and checks that its row changes live, opens the order's timeline,
// copies its customer's tracking link and opens it, then the courier's track, and saves a screenshot.
// Exits non-zero on any failure.
// Usage: node dashboard.mjs <base-url> <api-key> <order-id> <screenshot.png>
import { launch } from './chromium.mjs';

const [baseUrl, apiKey, orderId, screenshot] = process.argv.slice(2);
const headers = { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' };

async function post(path, body, method = 'POST') {
  const response = await fetch(baseUrl + path, { method, headers, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
}

const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(baseUrl + '/');
  await page.fill('#api-key', apiKey);
  await page.click('#sign-in button[type=submit]');
  await page.waitForSelector('#connection.live', { timeout: 15000 });
  console.log('signed in; the feed is live');

  // The node's simulated couriers post fixes through the public API; one of their markers must move.
  // Any of them: one may be waiting at a hub or a door, or have just delivered, when first seen.
  await page.waitForSelector('circle[data-shipment]', { timeout: 30000 });
  const seen = await page.$$eval('circle[data-shipment]', (all) => Object.fromEntries(all.map((m) =>
    [m.getAttribute('data-shipment'), `${m.getAttribute('cx')},${m.getAttribute('cy')}`])));
  const moved = await page.waitForFunction((before) => [...document.querySelectorAll('circle[data-shipment]')]
    .map((m) => [m.getAttribute('data-shipment'), `${m.getAttribute('cx')},${m.getAttribute('cy')}`])
    .find(([id, at]) => before[id] !== undefined && before[id] !== at)?.[0], seen, { timeout: 30000 });
  const shipmentId = await moved.jsonValue();
  console.log(`the simulated courier of ${shipmentId} moved on the map`);
  const eta = await page.waitForFunction(() => [...document.querySelectorAll('td.eta')]
    .map((td) => td.textContent).find((text) => / km|arriving/.test(text)), null, { timeout: 30000 });
  console.log(`an ETA is shown: ${await eta.jsonValue()}`);

  await post(`/v1/orders/${orderId}/status`, { status: 'PREPARING' }, 'PUT');
  await page.waitForFunction((id) => document.querySelector(`tr[data-order="${id}"] td.status`)?.textContent === 'PREPARING',
    orderId, { timeout: 15000 });
  console.log('the order row changed to PREPARING live');

  await page.click(`tr[data-order="${orderId}"]`);
  await page.waitForFunction(() => document.querySelectorAll('#detail .timeline li').length >= 3, null, { timeout: 15000 });
  console.log('the order detail shows its timeline');
  await page.click('#copy-tracking-link');
  const link = await page.waitForFunction(() => document.querySelector('#detail a.tracking-link')?.href, null, { timeout: 15000 });
  const href = await link.jsonValue();
  const opened = await fetch(href);
  if (!href.includes('/t/') || opened.status !== 200 || !(await opened.text()).includes('id="status"')) {
    throw new Error(`the copied tracking link ${href} answered ${opened.status}`);
  }
  console.log("the order's copied tracking link opens its page");

  // Clicking the simulated courier's marker opens its detail with the track drawn on the map.
  await page.$eval(`circle[data-shipment="${shipmentId}"]`,
    (m) => m.dispatchEvent(new MouseEvent('click', { bubbles: true })));
  await page.waitForFunction(() => /[1-9]\d* positions on the track/.test(document.getElementById('detail').textContent)
    && document.querySelector('#map .track')?.getAttribute('points')?.includes(' '), null, { timeout: 15000 });
  console.log('the courier detail shows its track');
  await page.screenshot({ path: screenshot });
  console.log(`screenshot saved to ${screenshot}`);
  if (problems.length) throw new Error(`errors in the page: ${problems.join('; ')}`);
} finally {
  await browser.close();
}
