// Opens a customer's tracking page in headless Chromium, on a phone (390x844) and on a desktop at
// once, drives a courier to the door through the public API and watches both pages follow: the
// status, the live map appearing and the courier moving on it, the ETA, the arrival, a new scan
// on the journey, and the delivery, which hides the map. Also checks that the page reads without
// JavaScript. Saves a screenshot per viewport. Exits non-zero on any failure.
// Usage: node tracking-page.mjs <base-url> <api-key> <order-id> <shipment-id> <page-path> <screenshot-prefix>
import { launch } from './chromium.mjs';

const [baseUrl, apiKey, orderId, shipmentId, pagePath, screenshots] = process.argv.slice(2);
const headers = { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' };
const METERS_PER_DEGREE = 111195.08;
const destination = { lat: 52.52, lon: 13.405 };
let clock = Date.now() - 120_000;

async function call(method, path, body) {
  const response = await fetch(baseUrl + path, { method, headers, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
}

/** A fix this many metres south of the destination, each a few seconds after the last. */
async function fixAt(meters, speed = 9) {
  clock += 10_000;
  await call('POST', `/v1/shipments/${shipmentId}/locations`, {
    lat: destination.lat - meters / METERS_PER_DEGREE, lon: destination.lon,
    recordedAt: new Date(clock).toISOString(), speed,
  });
}

async function everyPage(pages, check, what) {
  await Promise.all(pages.map(({ page }) => page.waitForFunction(check, null, { timeout: 20000 })));
  console.log(`both pages: ${what}`);
}

const browser = await launch();
try {
  const problems = [];
  const pages = [];
  for (const [name, viewport, isMobile] of [['phone', { width: 390, height: 844 }, true], ['desktop', { width: 1280, height: 800 }, false]]) {
    const context = await browser.newContext({ viewport, isMobile, hasTouch: isMobile });
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`${name}: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`${name}: ${m.text()}`); });
    await page.goto(baseUrl + pagePath);
    pages.push({ name, page });
  }

  const plain = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await plain.goto(baseUrl + pagePath);
  const plainStatus = await plain.textContent('#status');
  if (!/Out for delivery/.test(plainStatus)) throw new Error(`without JavaScript the status reads "${plainStatus}"`);
  console.log('without JavaScript the page reads: ' + plainStatus);

  await everyPage(pages, () => document.getElementById('status').textContent === 'Out for delivery', 'Out for delivery');

  await fixAt(3000);
  await everyPage(pages, () => !document.getElementById('map-section').hidden && document.getElementById('courier'),
    'the live map shows the courier');
  const before = await Promise.all(pages.map(({ page }) => page.$eval('#courier', (c) => c.dataset.lat)));
  await fixAt(2000);
  await Promise.all(pages.map(({ page }, i) => page.waitForFunction((lat) => document.getElementById('courier')?.dataset.lat !== lat,
    before[i], { timeout: 20000 })));
  console.log('both pages: the courier moved on the map');
  await everyPage(pages, () => /^Arrives around \S/.test(document.getElementById('eta').textContent)
    && !document.getElementById('eta').hidden, 'an arrival time is shown');
  await everyPage(pages, () => /km away|m away/.test(document.getElementById('distance').textContent), 'the distance is shown');

  await call('POST', `/v1/shipments/${shipmentId}/checkpoints`, { facility: 'Berlin Mitte depot', type: 'DEPARTED',
    at: new Date(clock + 1000).toISOString() });
  await everyPage(pages, () => [...document.querySelectorAll('#timeline li')].some((li) => li.textContent.includes('Left Berlin Mitte depot')),
    'a new scan joins the journey');

  // Inside the geofence for its dwell (20 s of device time): arriving.
  await fixAt(150);
  await fixAt(100);
  await fixAt(60);
  await everyPage(pages, () => /Arriving/.test(document.getElementById('status').textContent), 'the courier is arriving');
  for (const { name, page } of pages) {
    await page.screenshot({ path: `${screenshots}-${name}.png`, fullPage: true });
  }
  const overflow = await pages[0].page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) throw new Error(`the phone page scrolls sideways by ${overflow}px`);

  await call('PUT', `/v1/orders/${orderId}/status`, { status: 'DELIVERED' });
  await everyPage(pages, () => document.getElementById('status').textContent === 'Delivered'
    && document.getElementById('map-section').hidden, 'Delivered, and the map is gone');
  console.log(`screenshots saved to ${screenshots}-phone.png and ${screenshots}-desktop.png`);
  if (problems.length) throw new Error(`errors in the page: ${problems.join('; ')}`);
} finally {
  await browser.close();
}
