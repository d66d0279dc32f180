// Pictures for docs/journeys.md, in headless Chromium (Debian's chromium; UPSKILL_CHROMIUM overrides the path).
//
//   npm ci && node render.mjs                      every bpmn/*.bpmn as docs/images/<name>.png (bpmn-js viewer)
//   node render.mjs --tasklist USER PASSWORD [OUT] logs into Tasklist on http://127.0.0.1:8080 (bin/start running),
//                                                  opens USER's first task and saves a screenshot (default
//                                                  docs/images/tasklist-<task key>.png); prints the tasks it saw
import { chromium } from 'playwright-core';
import { readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const images = join(root, 'docs', 'images');
mkdirSync(images, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.UPSKILL_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  if (process.argv[2] === '--tasklist') {
    await tasklist(process.argv[3], process.argv[4], process.argv[5]);
  } else {
    await diagrams();
  }
} finally {
  await browser.close();
}

async function diagrams() {
  const viewer = readFileSync(join(here, 'node_modules/bpmn-js/dist/bpmn-viewer.production.min.js'), 'utf8');
  const css = ['diagram-js.css', 'bpmn-js.css', 'bpmn-font/css/bpmn.css']
    .map((f) => readFileSync(join(here, 'node_modules/bpmn-js/dist/assets', f), 'utf8')).join('\n');
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1 });
  for (const file of readdirSync(join(root, 'bpmn')).filter((f) => f.endsWith('.bpmn')).sort()) {
    const xml = readFileSync(join(root, 'bpmn', file), 'utf8');
    await page.setContent(`<html><head><style>${css} html,body{margin:0;background:#fff}
      #canvas{width:1600px;height:900px}</style></head><body><div id="canvas"></div></body></html>`);
    await page.addScriptTag({ content: viewer });
    const size = await page.evaluate(async (xml) => {
      const viewer = new window.BpmnJS({ container: '#canvas' });
      await viewer.importXML(xml);
      const canvas = viewer.get('canvas');
      canvas.zoom('fit-viewport');
      const box = canvas.viewbox().inner;
      // Draw at scale 1 on a canvas of the diagram's size plus a margin.
      const width = Math.ceil(box.width + 40);
      const height = Math.ceil(box.height + 40);
      document.getElementById('canvas').style.width = `${width}px`;
      document.getElementById('canvas').style.height = `${height}px`;
      canvas.resized();
      canvas.viewbox({ x: box.x - 20, y: box.y - 20, width, height });
      return { width, height };
    }, xml);
    await page.setViewportSize({ width: Math.max(size.width, 200), height: Math.max(size.height, 100) });
    const out = join(images, basename(file, '.bpmn') + '.png');
    await page.locator('#canvas').screenshot({ path: out });
    console.log(`${out} (${size.width}x${size.height})`);
  }
}

async function tasklist(user, password, out) {
  const base = 'http://127.0.0.1:8080';
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${base}/camunda/app/tasklist/default/#/login`);
  await page.locator('input[type=text]').first().fill(user);
  await page.locator('input[type=password]').first().fill(password);
  await page.locator('button[type=submit]').first().click();
  await page.waitForSelector('.task-list, [cam-tasks], .tasks-list', { timeout: 30_000 }).catch(() => {});
  // The task list as Tasklist's own API gives it to the logged-in user.
  const tasks = await page.evaluate(async () => {
    const response = await fetch('/camunda/api/engine/engine/default/task', { headers: { Accept: 'application/json' } });
    return response.ok ? response.json() : [];
  });
  console.log(`${user} sees ${tasks.length} task(s): ${tasks.map((t) => `${t.name} [${t.taskDefinitionKey}]`).join(', ')}`);
  if (tasks.length === 0) {
    process.exitCode = 1;
    return;
  }
  await page.goto(`${base}/camunda/app/tasklist/default/#/?task=${tasks[0].id}`);
  await page.waitForSelector('.fjs-form', { timeout: 30_000 });
  await page.waitForTimeout(1500); // expressions and templates settle
  const target = out || join(images, `tasklist-${tasks[0].taskDefinitionKey}.png`);
  await page.screenshot({ path: target });
  console.log(target);
}
