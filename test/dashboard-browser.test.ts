import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { buildUi } from '../scripts/build-ui.js';
import type { MockServerOptions } from '../src/index.js';
import { launchBrowser, openPage, SCREENSHOT_DIR } from './helpers/browser.js';
import { AUTH, BIGEVENTS, TestMock } from './helpers/mock.js';
import { Receiver } from './helpers/receiver.js';

/** Polls `check` until it is true (at most `ms`, as long as Playwright's own waits), for what no locator can wait for. */
async function until(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const rows = (region: Locator) => region.locator('tbody tr');

/** What a test that failed before its `done()` left open: closed after the suite, so the file ends. */
const leftOpen = new Set<() => Promise<void>>();

/** The page for a fresh mock, on one panel; fails the test on script errors or outside requests. */
async function dashboard(browser: Browser, options: MockServerOptions, tab?: string) {
  const mock = await TestMock.start(options);
  const close = async () => {
    leftOpen.delete(close);
    await mock.close();
  };
  leftOpen.add(close);
  const { page, problems } = await openPage(browser, mock.url);
  await page.goto(`${mock.url}/__admin/`);
  if (tab) await page.getByRole('tab', { name: tab }).click();
  const done = async () => {
    await page.close();
    await close();
    assert.deepEqual(problems, []);
  };
  return { mock, page, done };
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true });

describe('the dashboard in Chromium', { timeout: 120_000 }, () => {
  let browser: Browser;
  before(async () => {
    await buildUi();
    browser = await launchBrowser();
  });
  after(async () => {
    await Promise.all([...leftOpen].map((close) => close()));
    await browser?.close();
  });

  test('Datasets: a webhook created through the API appears; sandboxes are created and deleted; reset', async () => {
    const { mock, page, done } = await dashboard(browser, {});
    const hooks = page.getByRole('region', { name: 'Webhooks', exact: true });
    await hooks.getByText('https://httpstat.us/200').waitFor();
    const created = await mock.call(BIGEVENTS, {
      method: 'POST', auth: AUTH.admin, body: { target_url: 'https://created.example/hook', limit_events: [], action_types: ['pretix.event.order.placed'] },
    });
    assert.equal(created.status, 201);
    await hooks.getByText('https://created.example/hook').waitFor();
    await page.getByRole('region', { name: 'Credentials' }).getByText('sandbox-bigevents-admin', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Create sandbox' }).click();
    const list = page.getByRole('region', { name: 'Datasets list' });
    const sandbox = list.getByRole('button', { name: /^sbx_/ });
    await sandbox.waitFor();
    const id = await sandbox.innerText();
    await page.getByRole('heading', { name: `Dataset ${id}` }).waitFor();
    assert.deepEqual(((await mock.call('/__admin/sandboxes')).body as { results: Array<{ id: string }> }).results.map((s) => s.id), [id]);
    await hooks.getByText('https://httpstat.us/200').waitFor(); // the sandbox starts from the fixtures
    assert.equal(await hooks.getByText('https://created.example/hook').count(), 0);
    await shot(page, 'datasets');

    await page.getByRole('button', { name: `Delete ${id}` }).click();
    await sandbox.waitFor({ state: 'detached' });
    assert.equal(((await mock.call('/__admin/sandboxes')).body as { count: number }).count, 0);
    await page.getByRole('heading', { name: 'Dataset shared' }).waitFor();
    await page.getByRole('button', { name: 'Reset shared' }).click();
    await hooks.getByText('https://created.example/hook').waitFor({ state: 'detached' });
    await done();
  });

  test('Requests: the journal live, newest first, redacted, filtered, in full; no layout jump', async () => {
    const { mock, page, done } = await dashboard(browser, {}, 'Requests');
    const journal = page.getByRole('region', { name: 'Journal' });
    await journal.getByText('No requests yet.').waitFor();
    const box = await journal.boundingBox();
    const detailBox = await page.getByRole('region', { name: 'Selected request' }).boundingBox();
    assert.equal((await mock.call(BIGEVENTS, { auth: AUTH.admin })).status, 200);
    assert.equal((await mock.call(BIGEVENTS)).status, 401);
    for (let i = 0; i < 12; i++) await mock.call(`${BIGEVENTS}${i + 1}/`, { auth: AUTH.readonly });
    await until('14 journal rows', async () => (await rows(journal).count()) === 14);
    assert.deepEqual(await journal.boundingBox(), box, 'the journal keeps its size as entries arrive');
    assert.deepEqual(await page.getByRole('region', { name: 'Selected request' }).boundingBox(), detailBox);
    const first = await rows(journal).first().locator('td').allInnerTexts();
    assert.deepEqual([first[3], first[4], first[6], first[8]], ['GET', `${BIGEVENTS}12/`, 'Token sand…', 'getWebhook']);

    await page.getByLabel('Status').fill('401');
    // The journal polls while one types: a refresh before Tab must not undo the typing (it did,
    // and under load the filter then never applied).
    await mock.call(`${BIGEVENTS}13/`, { auth: AUTH.readonly });
    await until('the 15th journal row', async () => (await rows(journal).count()) === 15);
    assert.equal(await page.getByLabel('Status').inputValue(), '401');
    await page.getByLabel('Status').press('Tab');
    await until('one 401 row', async () => (await rows(journal).count()) === 1);
    const only = await rows(journal).first().locator('td').allInnerTexts();
    assert.deepEqual([only[3], only[4], only[5], only[6], only[8]], ['GET', BIGEVENTS, '401', '—', 'listWebhooks']);
    await rows(journal).first().getByRole('button').click();
    await page.getByRole('region', { name: 'Selected request' }).getByText('Authentication credentials were not provided.').waitFor();
    await shot(page, 'requests');

    await page.getByLabel('Status').fill('');
    await page.getByLabel('Status').press('Tab');
    await page.getByLabel('Operation').selectOption('listWebhooks');
    await until('two listWebhooks rows', async () => (await rows(journal).count()) === 2);
    await done();
  });

  test('Deliveries: a notification from the form reaches a receiver, fails with 500, is retried on Expedite', async () => {
    const receiver = await Receiver.start([500, 200]);
    try {
      const { mock, page, done } = await dashboard(browser, { delivery: { retryTimeScale: 100 } }, 'Deliveries');
      const hook = await mock.call(BIGEVENTS, {
        method: 'POST', auth: AUTH.admin, body: { target_url: receiver.url(), limit_events: [], action_types: ['pretix.event.order.placed'] },
      });
      assert.equal(hook.status, 201);
      await page.getByLabel('Action type').selectOption('pretix.event.order.placed');
      await page.getByLabel('Order code (optional)').fill('ABC12');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      const matched = page.getByRole('region', { name: 'Matched webhooks' });
      await matched.getByText(receiver.url()).waitFor();
      assert.equal(await rows(matched).count(), 1);
      await receiver.waitFor(1);
      assert.equal(JSON.parse(receiver.received[0]!.body.toString()).code, 'ABC12');

      const attempts = page.getByRole('region', { name: 'Delivery attempts' });
      const pending = page.getByRole('region', { name: 'Pending retries' });
      await attempts.getByText('500', { exact: true }).waitFor();
      await pending.getByText(/\(in (8|9) min\)/).waitFor(); // 5 s of pretix time × 100
      await shot(page, 'deliveries');
      await pending.getByRole('button', { name: 'Expedite', exact: true }).click();
      await receiver.waitFor(2);
      await attempts.getByText('200', { exact: true }).waitFor();
      await pending.getByText('No retries pending.').waitFor();
      const newest = await rows(attempts).first().locator('td').allInnerTexts();
      assert.deepEqual([newest[4], newest[5], newest[6]], ['pretix.event.order.placed', '1', '200']);
      await rows(attempts).first().getByRole('button').click();
      await page.getByRole('region', { name: 'Selected attempt' }).getByText('response_body').waitFor();
      await done();
    } finally {
      await receiver.close();
    }
  });

  test('Faults and coverage: a rule added in the form hits, is removed; the matrix marks unexercised cells', async () => {
    const { mock, page, done } = await dashboard(browser, {}, 'Faults and coverage');
    const rules = page.getByRole('region', { name: 'Fault rules' });
    await rules.getByText('No fault rules.').waitFor();
    await page.getByLabel(/New rule/).fill('{"effect": {"type": "delay"}}');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByText('/body/effect/ms: is required for a delay effect').waitFor();
    await page.getByLabel(/New rule/).fill('{"match": {"operationId": "createWebhook"}, "times": 1, "effect": {"type": "respond", "status": 503}}');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await until('one rule, unused', async () => (await rows(rules).first().locator('td').allInnerTexts()).slice(3, 5).join() === '0,1');
    const faulted = await mock.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: { target_url: 'https://x.example/', limit_events: [], action_types: [] } });
    assert.equal(faulted.status, 503);
    assert.equal((await mock.call(BIGEVENTS, { auth: AUTH.admin })).status, 200);
    await until('the rule hit once', async () => (await rows(rules).first().locator('td').allInnerTexts()).slice(3, 5).join() === '1,0');

    const matrix = page.getByRole('region', { name: 'Coverage matrix' });
    const listRow = matrix.locator('tr').filter({ has: page.getByRole('rowheader', { name: 'listWebhooks', exact: true }) });
    await until('listWebhooks 200 exercised', async () => (await listRow.locator('td.exercised').allInnerTexts()).join() === '1');
    assert.ok((await matrix.locator('td.unexercised').count()) > 10);
    await shot(page, 'faults');

    await rules.getByRole('button', { name: 'Remove rule 1' }).click();
    await rules.getByText('No fault rules.').waitFor();
    assert.deepEqual((await mock.call('/__admin/faults')).body, { count: 0, results: [] });
    await done();
  });

  test('behind --admin-token the page asks for the token; the tabs work from the keyboard', async () => {
    const { page, done } = await dashboard(browser, { adminToken: 'sekrit-token' });
    const ask = page.getByRole('heading', { name: 'Admin token needed' });
    await ask.waitFor();
    await page.getByLabel('Admin token', { exact: true }).fill('wrong');
    await page.getByLabel('Admin token', { exact: true }).press('Enter');
    await ask.waitFor();
    await page.getByLabel('Admin token', { exact: true }).fill('sekrit-token');
    await page.getByRole('button', { name: 'Use token' }).click();
    await page.getByRole('region', { name: 'Webhooks', exact: true }).getByText('https://httpstat.us/200').waitFor();
    assert.equal(await ask.count(), 0);

    await page.getByRole('tab', { name: 'Datasets' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: 'Requests', selected: true }).waitFor();
    assert.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'tab-requests');
    await page.getByRole('region', { name: 'Journal' }).getByText('No requests yet.').waitFor();
    await page.keyboard.press('End');
    await page.getByRole('tab', { name: 'Faults and coverage', selected: true }).waitFor();
    await page.getByRole('region', { name: 'Coverage matrix' }).waitFor();
    await done();
  });
});
