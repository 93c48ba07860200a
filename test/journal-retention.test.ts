import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AUTH, BIGEVENTS, TestMock } from './helpers/mock.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

// A journal entry once held, through a closure, the whole request and response (socket and
// parser included): about 10 KB each, 10 MB for the default 1,000 entries (issue 17).
test('the journal keeps what it shows, not the requests: answered requests (warm-up included) can be garbage-collected', async () => {
  const mock = await TestMock.start();
  const requests: Array<WeakRef<IncomingMessage>> = [];
  const onStart = (message: unknown) => void requests.push(new WeakRef((message as { request: IncomingMessage }).request));
  subscribe('http.server.request.start', onStart);
  try {
    for (let i = 0; i < 20; i++) {
      const res = await mock.call(BIGEVENTS, { auth: AUTH.admin });
      assert.equal(res.status, 200);
    }
  } finally {
    unsubscribe('http.server.request.start', onStart);
  }
  try {
    assert.equal(await mock.server.countRequests({ path: BIGEVENTS }), 20);
    // The connection keeps its last request until the next one: all but a few must go. deref()
    // keeps its target alive until the current job ends, so each collection runs in a job of its own.
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    const collected = () => requests.filter((r) => r.deref() === undefined).length;
    const deadline = Date.now() + 5000;
    let seen = 0;
    while (Date.now() < deadline) {
      await turn();
      gc();
      await turn();
      seen = collected();
      if (seen >= requests.length - 2) break;
    }
    assert.ok(seen >= requests.length - 2, `${seen} of ${requests.length} requests collected`);
  } finally {
    await mock.close();
  }
});
