// Measures how the dashboard holds up under many live shipments: signs in, waits until at least
// <shipments> couriers are on the map, then for <seconds> records the frame rate, the longest gap
// between frames, main-thread long tasks (over 50 ms), how far behind the newest fix the markers
// are, and how long a click on a status filter takes to redraw the table. Prints one JSON line.
// Usage: node responsiveness.mjs <base-url> <api-key> <shipments> <seconds> [screenshot.png]
import { launch } from './chromium.mjs';

const [baseUrl, apiKey, shipments = '1000', seconds = '30', screenshot] = process.argv.slice(2);

const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
  await page.goto(baseUrl + '/');
  await page.fill('#api-key', apiKey);
  await page.click('#sign-in button[type=submit]');
  await page.waitForSelector('#connection.live', { timeout: 15000 });
  await page.waitForFunction((n) => document.querySelectorAll('circle[data-shipment]').length >= n, +shipments,
    { timeout: 180000, polling: 1000 });
  console.error(`${shipments} couriers on the map; measuring for ${seconds} s`);

  const measured = await page.evaluate(async (ms) => {
    const longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)))
      .observe({ type: 'longtask', buffered: false });
    // Marker positions now and at the end: how many moved while we watched.
    const where = () => new Map([...document.querySelectorAll('circle[data-shipment]')]
      .map((m) => [m.dataset.shipment, `${m.getAttribute('cx')},${m.getAttribute('cy')}`]));
    const before = where();
    const frames = [];
    await new Promise((done) => {
      const start = performance.now();
      const tick = (now) => {
        frames.push(now);
        if (now - start < ms) requestAnimationFrame(tick); else done();
      };
      requestAnimationFrame(tick);
    });
    // A click on a status filter, until the table shows the filtered rows, ten times.
    const clicks = [];
    const buttons = [...document.querySelectorAll('#filters button')];
    for (let i = 0; i < 10; i++) {
      const button = buttons[i % 2 === 0 ? buttons.length - 1 : 0];
      const started = performance.now();
      const rows = document.getElementById('rows');
      const changed = new Promise((done) => {
        const observer = new MutationObserver(() => { observer.disconnect(); done(); });
        observer.observe(rows, { childList: true });
      });
      button.click();
      await changed;
      clicks.push(performance.now() - started);
    }
    const after = where();
    const gaps = frames.slice(1).map((t, i) => t - frames[i]).sort((a, b) => a - b);
    const clickSorted = [...clicks].sort((a, b) => a - b);
    return {
      markers: after.size,
      moved: [...after].filter(([id, xy]) => before.has(id) && before.get(id) !== xy).length,
      rows: document.querySelectorAll('#rows tr').length,
      fps: +(frames.length / (ms / 1000)).toFixed(1),
      frameGapP50Ms: +gaps[Math.floor(gaps.length * 0.5)].toFixed(1),
      frameGapP99Ms: +gaps[Math.floor(gaps.length * 0.99)].toFixed(1),
      frameGapMaxMs: +gaps[gaps.length - 1].toFixed(1),
      longTasks: longTasks.length,
      longTaskTotalMs: Math.round(longTasks.reduce((a, b) => a + b, 0)),
      longTaskMaxMs: Math.round(Math.max(0, ...longTasks)),
      filterClickP50Ms: +clickSorted[4].toFixed(1),
      filterClickMaxMs: +clickSorted[9].toFixed(1),
      heapMb: performance.memory ? Math.round(performance.memory.usedJSHeapSize / 1048576) : null,
    };
  }, +seconds * 1000);
  if (screenshot) await page.screenshot({ path: screenshot });
  console.log(JSON.stringify(measured));
} finally {
  await browser.close();
}
