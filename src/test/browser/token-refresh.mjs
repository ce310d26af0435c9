// Signs in to the dashboard of a node whose stream tokens live a few seconds, then moves orders
// through their statuses while the feed's tokens expire one after another. Each expiry ends the
// stream; the dashboard must fetch a new token and resume from the last event it saw, so that
// every status change reaches the page: no gap. Every event the page's EventSources deliver is
// recorded by wrapping EventSource before the page's own scripts run.
// Exits non-zero on any failure.
// Usage: node token-refresh.mjs <base-url> <api-key> <order-id,order-id,...> <token-ttl-seconds>
import { launch } from './chromium.mjs';

const [baseUrl, apiKey, orderList, ttlSeconds] = process.argv.slice(2);
const orders = orderList.split(',');
const headers = { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function move(orderId, status) {
  const response = await fetch(`${baseUrl}/v1/orders/${orderId}/status`,
    { method: 'PUT', headers, body: JSON.stringify({ status }) });
  if (!response.ok) throw new Error(`PUT ${orderId} ${status}: ${response.status} ${await response.text()}`);
}

const browser = await launch();
try {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const tokens = [];
  const streams = [];
  page.on('request', (request) => {
    if (request.url().includes('/v1/stream-tokens')) tokens.push(request.url());
    if (request.url().includes('/v1/events?')) streams.push(request.url());
  });
  await page.addInitScript(() => {
    window.recordedEvents = [];
    const Native = window.EventSource;
    window.EventSource = class extends Native {
      addEventListener(type, listener, options) {
        super.addEventListener(type, (e) => window.recordedEvents.push({ type, id: e.lastEventId, data: e.data }), options);
        return super.addEventListener(type, listener, options);
      }
    };
  });
  await page.goto(baseUrl + '/');
  await page.fill('#api-key', apiKey);
  await page.click('#sign-in button[type=submit]');
  await page.waitForSelector('#connection.live', { timeout: 15000 });
  console.log('signed in; the feed is live');

  // Nine changes spread over about three token lifetimes, so some happen while no stream is open.
  const changes = [];
  const pause = (Number(ttlSeconds) * 3000) / 9;
  for (const status of ['PREPARING', 'OUT_FOR_DELIVERY', 'DELIVERED']) {
    for (const orderId of orders) {
      await move(orderId, status);
      changes.push(`${orderId} ${status}`);
      await sleep(pause);
    }
  }
  console.log(`made ${changes.length} status changes over ${Math.round((pause * changes.length) / 1000)} s`);

  const seen = async () => page.evaluate(() => window.recordedEvents.filter((e) => e.type === 'status')
    .map((e) => JSON.parse(e.data)).map((d) => `${d.orderId ?? d.id} ${d.status}`));
  const deadline = Date.now() + 20000;
  let missing = changes;
  while (Date.now() < deadline) {
    const got = new Set(await seen());
    missing = changes.filter((c) => !got.has(c));
    if (missing.length === 0) break;
    await sleep(250);
  }
  if (missing.length) throw new Error(`status changes the page never received: ${missing.join(', ')}`);
  const resumed = streams.filter((url) => url.includes('lastEventId='));
  if (tokens.length < 3) throw new Error(`only ${tokens.length} stream tokens were fetched: the tokens did not expire`);
  if (resumed.length < 2) throw new Error(`only ${resumed.length} streams resumed from a last event id`);
  console.log(`${tokens.length} stream tokens fetched, ${resumed.length} streams resumed from the last event seen`);
  await page.waitForFunction((ids) => ids.every((id) =>
    document.querySelector(`tr[data-order="${id}"] td.status`)?.textContent === 'DELIVERED'), orders, { timeout: 15000 });
  console.log('every status change reached the page with no gap, and every row shows DELIVERED');
  if (problems.length) throw new Error(`errors in the page: ${problems.join('; ')}`);
} finally {
  await browser.close();
}
