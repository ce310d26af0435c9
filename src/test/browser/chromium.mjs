// Debian's headless Chromium for the browser tests: playwright-core cannot download a browser
// here, and without the background-networking flags Chromium keeps trying hosts it cannot reach.
import { chromium } from 'playwright-core';

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run',
      '--disable-component-update', '--disable-sync'],
  });
}
