import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { MockServerOptions } from '../../src/index.js';
import { AUTH, BIGEVENTS, TestMock } from './mock.js';

const TEST_TYPES = 100;
let nextTestType = 0;

/** A registered order-payload type no other test of this process uses. */
export function uniqueActionType(): string {
  nextTestType = (nextTestType % TEST_TYPES) + 1;
  return `pretix.plugins.test.t${nextTestType}`;
}

/** The default dataset without its webhooks (they point at the internet), plus two plugin types. */
export function deliveryFixture(): object {
  const doc = JSON.parse(readFileSync(new URL('../../fixtures/default.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  return {
    ...doc,
    webhooks: [],
    webhook_next_id: 1,
    plugin_action_types: [
      { action_type: 'pretix.plugins.banktransfer.*', payload: 'order' },
      { action_type: 'pretix.plugins.example.synced' },
      // One type per test, so that tests sharing a server never match each other's webhooks.
      ...Array.from({ length: TEST_TYPES }, (_, i) => ({ action_type: `pretix.plugins.test.t${i + 1}`, payload: 'order' })),
    ],
  };
}

/** A mock on the delivery fixture; retries compressed 1000-fold unless told otherwise. */
export function startDeliveryMock(delivery: MockServerOptions['delivery'] = {}, options: MockServerOptions = {}): Promise<TestMock> {
  return TestMock.start({ fixtures: deliveryFixture(), ...options, delivery: { retryTimeScale: 0.001, ...delivery } });
}

export interface WebhookInput {
  target_url?: string;
  action_types: string[];
  all_events?: boolean;
  limit_events?: string[];
  enabled?: boolean;
}

/** Creates a bigevents webhook through the API and returns its id. */
export async function createWebhook(mock: TestMock, input: WebhookInput & { target_url: string }, path = BIGEVENTS, auth: string = AUTH.admin): Promise<number> {
  const res = await mock.call(path, {
    method: 'POST',
    auth,
    body: { all_events: input.limit_events?.length ? false : true, limit_events: [], ...input },
  });
  assert.equal(res.status, 201, res.text);
  return (res.body as { id: number }).id;
}
