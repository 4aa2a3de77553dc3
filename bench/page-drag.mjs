#!/usr/bin/env node
// Benchmark: while dragging the start point, each frame recomputes every configuration's
// path (4 × 2,000 steps by default) and redraws the map. Drives headless Chromium, drags across
// the map, and reads the page's own `drag-frame` Performance API measures.
// Usage: node bench/page-drag.mjs   (after ./scripts/serve.sh or the test command has built www/)
import { startSession, openPage } from '../tests/e2e/harness.mjs';

const session = await startSession();
try {
  for (const [path, label] of [['/', 'simd128'], ['/?build=scalar', 'scalar']]) {
    const { page, problems } = await openPage(session, path);
    await page.waitForSelector('body[data-ready="true"]');
    const configs = await page.locator('.config').count();
    const steps = await page.inputValue('#steps');
    // The first screen is the answer: the map is further down, out of the pointer's reach.
    await page.locator('#map').scrollIntoViewIfNeeded();
    const box = await page.locator('#map').boundingBox();
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.3);
    await page.mouse.down();
    for (let i = 0; i <= 120; i++) {
      const t = i / 120;
      await page.mouse.move(box.x + box.width * (0.2 + 0.6 * t), box.y + box.height * (0.3 + 0.4 * Math.sin(t * 6)));
      await page.waitForTimeout(8);
    }
    await page.mouse.up();
    const times = await page.evaluate(() => performance.getEntriesByName('drag-frame').map((e) => e.duration));
    times.sort((a, b) => a - b);
    const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
    console.log(
      `${label.padEnd(8)} ${configs} configs × ${steps} steps: ${times.length} drag frames, ` +
        `median ${q(0.5).toFixed(2)} ms, p95 ${q(0.95).toFixed(2)} ms, max ${times.at(-1).toFixed(2)} ms (budget 16 ms)`,
    );
    if (problems.length) console.log('problems:', problems);
    await page.close();
  }
} finally {
  await session.close();
}
