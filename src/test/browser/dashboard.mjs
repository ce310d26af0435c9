// Opens the dashboard in headless Chromium against a running node, signs in, plays a courier
// through the public API and checks that its marker moves on the map, changes an order's status
// and checks that its row changes live, then saves a screenshot. Exits non-zero on any failure.
// Usage: node dashboard.mjs <base-url> <api-key> <order-id> <shipment-id> <screenshot.png>
import { chromium } from 'playwright-core';

const [baseUrl, apiKey, orderId, shipmentId, screenshot] = process.argv.slice(2);
const headers = { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' };
const project = (lon, lat) => [((lon + 180) / 360) * 1000, ((90 - lat) / 180) * 500];

async function post(path, body, method = 'POST') {
  const response = await fetch(baseUrl + path, { method, headers, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(baseUrl + '/');
  await page.fill('#api-key', apiKey);
  await page.click('#sign-in button[type=submit]');
  await page.waitForSelector('#connection.live', { timeout: 15000 });
  console.log('signed in; the feed is live');

  // A courier on its way from Frankfurt towards Berlin, posting through the public API.
  let last;
  for (let i = 0; i <= 10; i++) {
    last = { lat: 50.11 + i * 0.24, lon: 8.68 + i * 0.47 };
    await post(`/v1/shipments/${shipmentId}/locations`,
      { ...last, recordedAt: new Date(Date.now() - (10 - i) * 1000).toISOString(), courierId: 'browser-test' });
  }
  const [x, y] = project(last.lon, last.lat);
  await page.waitForFunction(([id, x, y]) => {
    const marker = document.querySelector(`circle[data-shipment="${id}"]`);
    return marker && Math.abs(+marker.getAttribute('cx') - x) < 0.05 && Math.abs(+marker.getAttribute('cy') - y) < 0.05;
  }, [shipmentId, x, y], { timeout: 15000 });
  console.log(`the courier's marker moved to ${last.lat.toFixed(2)}, ${last.lon.toFixed(2)}`);

  await post(`/v1/orders/${orderId}/status`, { status: 'PREPARING' }, 'PUT');
  await page.waitForFunction((id) => document.querySelector(`tr[data-order="${id}"] td.status`)?.textContent === 'PREPARING',
    orderId, { timeout: 15000 });
  console.log('the order row changed to PREPARING live');

  await page.click(`tr[data-order="${orderId}"]`);
  await page.waitForFunction(() => document.querySelectorAll('#detail .timeline li').length >= 3, null, { timeout: 15000 });
  console.log('the order detail shows its timeline');
  await page.screenshot({ path: screenshot });
  console.log(`screenshot saved to ${screenshot}`);
  if (problems.length) throw new Error(`errors in the page: ${problems.join('; ')}`);
} finally {
  await browser.close();
}
