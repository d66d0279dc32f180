// Works one task in Camunda Tasklist like a person, in headless Chromium (Playwright, playwright-core only: the
// browser is the machine's own). Used by TasklistBrowserTest (journey-engine tests), which checks the result in the
// engine.
//
//   node tasklist.mjs '<JSON step>'
//
// The step: { chromium, base, user, password, filter, task, claim, fields, artifacts, name }
//   - logs in on Tasklist's login page as `user`, opens the filter named `filter` (e.g. "My tasks") and waits for
//     the task named `task` in its list;
//   - without `fields`: only reports the list;
//   - otherwise opens the task from the list, claims it when `claim` (the Claim button), waits for its Camunda Form,
//     fills `fields` in order and clicks Complete, then waits until the task has left the list.
// A field is { id, choose } (a radio group by its form component id, the option by its label), { id, type } (a text
// box, text area or number field by its component id) or { label, type } (a field by its label).
// Screenshots `<name>-<n>-<what>.png` go to `artifacts`; on a failure also `<name>-failed.png` and `.html`.
// Prints one JSON line: the list before and after, the form's text, the page errors; exits 1 on a failure.
import { chromium } from 'playwright-core';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

const step = JSON.parse(process.argv[2]);
const TIMEOUT = 30_000; // real UI events: logins, REST round trips, form rendering on a busy 2-core machine
const report = { step: step.name, user: step.user, errors: [], screenshots: [] };
let shot = 0;

const browser = await chromium.launch({
  executablePath: step.chromium,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
page.setDefaultTimeout(TIMEOUT);
page.on('pageerror', (e) => report.errors.push(String(e)));

async function screenshot(what) {
  const file = path.join(step.artifacts, `${step.name}-${++shot}-${what}.png`);
  await page.screenshot({ path: file, fullPage: true });
  report.screenshots.push(file);
}

const taskLinks = page.locator('ol.tasks-list li.task h4.task a');
const taskLink = () => taskLinks.filter({ hasText: step.task });
const listed = async () => (await taskLinks.allInnerTexts()).map((t) => t.trim());
const completeButton = page.locator('button.btn-primary[type=submit]', { hasText: 'Complete' });

/** Waits until the task list has an answer on screen: its loader hidden, and tasks or the "no task" notice shown. */
async function listLoaded() {
  await page.waitForFunction(() => {
    const list = document.querySelector('[cam-tasks]');
    const loader = list && list.querySelector('.loader');
    return list && !(loader && !loader.classList.contains('ng-hide')) && !!list.querySelector('.well, li.task');
  }, null, { timeout: TIMEOUT });
}

function field(f) {
  if (f.label) {
    return page.locator('.fjs-form').getByLabel(f.label, { exact: true });
  }
  if (f.choose) { // form-js gives a radio option the id <field's id>-<index>
    return page.locator(`.fjs-form-field-radio:has(input[id$="-${f.id}-0"])`).getByLabel(f.choose, { exact: true });
  }
  return page.locator(`.fjs-form [id$="-${f.id}"]`);
}

try {
  await page.goto(`${step.base}/camunda/app/tasklist/default/#/login`);
  // Fill the form only once Tasklist's scripts have loaded and bound it: a value typed into the bare HTML is not
  // in the form's model, and the login then goes out empty (seen once in CI: the page stayed on "Log in").
  await page.waitForLoadState('networkidle');
  const login = page.locator('form[name=signinForm].ng-scope');
  await login.locator('input[type=text]').fill(step.user);
  await login.locator('input[type=password]').fill(step.password);
  await screenshot('login');
  await login.locator('button[type=submit]').click();
  await login.waitFor({ state: 'detached', timeout: TIMEOUT });

  // Tasklist focuses its first filter and loads that list; switching filters while it loads can leave the first
  // list's answer on screen, so (like a person) wait for the list before picking another filter.
  await page.locator('.task-filters .task-filter.active').waitFor();
  await listLoaded();
  const filter = page.locator('.task-filters .task-filter', { hasText: step.filter });
  if (!(await filter.getAttribute('class')).split(/\s+/).includes('active')) {
    await filter.click();
    await page.locator('.task-filters .task-filter.active', { hasText: step.filter }).waitFor();
  }
  await taskLink().first().waitFor();
  report.before = await listed();
  await screenshot('task-list');

  if (step.fields) {
    await taskLink().first().click();
    if (step.claim) {
      await page.locator('button.claim').click();
      await page.locator('button.claim').waitFor({ state: 'detached' });
    }
    const form = page.locator('.fjs-form');
    await form.waitFor();
    await field(step.fields[0]).first().waitFor(); // the form rendered its fields from the task's variables
    report.form = await form.innerText();
    await screenshot('form');
    for (const f of step.fields) {
      if (f.choose) {
        await field(f).check();
      } else {
        await field(f).fill(f.type);
      }
    }
    for (const f of step.fields) { // the form kept what was entered (it was not rendered again meanwhile)
      const kept = f.choose ? await field(f).isChecked() : (await field(f).inputValue()) === f.type;
      if (!kept) {
        throw new Error(`the form lost the value of ${f.id || f.label}`);
      }
    }
    await screenshot('filled');
    await page.waitForFunction(() => { // Tasklist enables Complete once the form validates
      const b = [...document.querySelectorAll('button.btn-primary[type=submit]')]
        .find((e) => e.textContent.trim() === 'Complete');
      return b && !b.disabled;
    }, null, { timeout: TIMEOUT });
    await completeButton.click();
    await taskLink().waitFor({ state: 'detached' }); // Tasklist reloads the list after a completion
    report.after = await listed();
    await screenshot('completed');
  }
  console.log(JSON.stringify(report));
} catch (e) {
  report.failure = String(e && e.stack || e);
  try {
    await page.screenshot({ path: path.join(step.artifacts, `${step.name}-failed.png`), fullPage: true });
    await writeFile(path.join(step.artifacts, `${step.name}-failed.html`), await page.content());
    report.form = report.form ?? await page.locator('body').innerText();
  } catch (ignored) { /* the page itself is gone */ }
  console.log(JSON.stringify(report));
  process.exitCode = 1;
} finally {
  await browser.close();
}
