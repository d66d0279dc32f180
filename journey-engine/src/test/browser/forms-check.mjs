// Opens one task in Camunda Tasklist as a user, reports what its Camunda Form rendered, fills it in like a person and
// completes it. Used by AssessmentFormsBrowserTest (journey-engine tests), which checks the result in the engine.
//
//   node forms-check.mjs <chromium> <tasklist base URL> <task id> <user> <password> <take|review> <screenshot.png>
//
// take:   picks the first option of every multiple-choice question and writes ANSWER into every free-text box.
// review: corrects the first grade to 50 % and accepts the others.
// Prints one JSON object: the text the form shows, the radio groups, options, text boxes and number fields it has,
// the field errors it shows and whether Complete was enabled; exits 3 when it was not.
import { chromium } from 'playwright-core';

const [executablePath, base, taskId, user, password, mode, screenshot] = process.argv.slice(2);
const ANSWER = 'WHERE filters the rows before they are grouped; HAVING filters the groups after the aggregation.';

const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 2400 } });
  page.setDefaultTimeout(30_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  await page.goto(`${base}/camunda/app/tasklist/default/#/login`);
  await page.locator('input[type=text]').first().fill(user);
  await page.locator('input[type=password]').first().fill(password);
  await page.locator('button[type=submit]').first().click();
  await page.waitForSelector('.task-list, [cam-tasks], .tasks-list', { timeout: 30_000 }).catch(() => {});

  await page.goto(`${base}/camunda/app/tasklist/default/#/?task=${taskId}`);
  await page.waitForSelector('.fjs-form', { timeout: 30_000 });
  await page.waitForTimeout(1500); // expressions and templates settle

  const report = {
    text: await page.locator('.fjs-form').innerText(),
    radioGroups: await page.locator('.fjs-form-field-radio').count(),
    radios: await page.locator('.fjs-form-field-radio input[type=radio]').count(),
    textareas: await page.locator('.fjs-form-field-textarea textarea').count(),
    numbers: await page.locator('.fjs-form-field-number input').count(),
    errors,
  };

  if (mode === 'take') {
    const groups = page.locator('.fjs-form-field-radio');
    for (let i = 0; i < await groups.count(); i++) {
      await groups.nth(i).locator('input[type=radio]').first().check();
    }
    const boxes = page.locator('.fjs-form-field-textarea textarea');
    for (let i = 0; i < await boxes.count(); i++) {
      await boxes.nth(i).fill(ANSWER);
    }
  } else {
    const groups = page.locator('.fjs-form-field-radio');
    for (let i = 0; i < await groups.count(); i++) {
      await groups.nth(i).locator('input[type=radio]').nth(i === 0 ? 1 : 0).check();
    }
    await page.waitForTimeout(500);
    report.numbersAfterCorrect = await page.locator('.fjs-form-field-number input').count();
    if (report.numbersAfterCorrect > 0) {
      await page.locator('.fjs-form-field-number input').first().fill('50');
    }
  }
  await page.waitForTimeout(500);
  report.fieldErrors = await page.locator('.fjs-form-field-error').allInnerTexts();
  report.fieldsWithErrors = await page.locator('.fjs-has-errors').evaluateAll(
    (fields) => fields.map((f) => f.className + ' ' + (f.querySelector('[id]') || {}).id));
  report.completeDisabled = await page.locator('button:has-text("Complete")').first().isDisabled();
  if (screenshot) {
    await page.screenshot({ path: screenshot, fullPage: true });
  }
  if (report.completeDisabled) { // Tasklist found the form invalid: report what it shows and fail
    console.log(JSON.stringify(report));
    process.exit(3);
  }
  await page.locator('button:has-text("Complete")').first().click();
  // Tasklist leaves the task once the completion went through.
  await page.waitForFunction((id) => !window.location.hash.includes(id), taskId, { timeout: 30_000 })
    .catch(() => { report.completeTimeout = true; });
  await page.waitForTimeout(1000);
  console.log(JSON.stringify(report));
} finally {
  await browser.close();
}
