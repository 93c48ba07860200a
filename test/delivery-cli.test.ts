import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { CLI_ENTRY } from './helpers/cli-entry.js';
import { test } from 'node:test';
import { connectMockServer } from '../src/client/mock-client.js';
import { AUTH, BIGEVENTS } from './helpers/mock.js';
import { Receiver } from './helpers/receiver.js';


function run(args: string[]): ChildProcess {
  return spawn(process.execPath, [...CLI_ENTRY, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PORT: '', HOST: '' } });
}

/** Resolves to the exit code and output; kills the process after `timeout` ms. */
async function finish(child: ChildProcess, timeout = 90_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c));
  child.stderr!.on('data', (c: Buffer) => (stderr += c));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

test('bad delivery flags exit 2 with a message', async () => {
  const CASES: Array<[string[], RegExp]> = [
    [['--retry-time-scale', 'abc'], /--retry-time-scale <factor>' argument 'abc' is invalid\. must be a number from 0 to 1000\./],
    [['--retry-time-scale', '-1'], /--retry-time-scale/],
    [['--delivery-timeout', '0'], /argument '0' is invalid\. must be a number above 0, at most 3600\./],
    [['--delivery-log-size', '0'], /--delivery-log-size <records>' argument '0' is invalid/],
    [['--delivery-queue-size', 'many'], /--delivery-queue-size <calls>' argument 'many' is invalid/],
    [['--delivery-concurrency', '0'], /--delivery-concurrency <calls>' argument '0' is invalid/],
    [['--delivery-user-agent', 'a\r\nX-Injected: 1'], /--delivery-user-agent <text>' argument 'a[^]*' is invalid/],
  ];
  await Promise.all(CASES.map(async ([args, message]) => {
    // Seven CLIs start at once: on a loaded machine that takes a while.
    const { code, stderr } = await finish(run(args), 60_000);
    assert.equal(code, 2, args.join(' '));
    assert.match(stderr, message);
  }));
});

test('the CLI delivers with --retry-time-scale and --delivery-timeout, and stops on SIGTERM', async () => {
  const receiver = await Receiver.start(['hang', 200]);
  // A 2 s timeout: long enough for the 200 of the retry even on a loaded machine.
  const child = run(['--port', '0', '--retry-time-scale', '0.001', '--delivery-timeout', '2', '--delivery-user-agent', 'acme-check/1.0', '--log-level', 'warn']);
  const done = finish(child);
  try {
    let banner = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL in: ${banner}`)), 15_000);
      child.stdout!.on('data', (c: Buffer) => {
        banner += c;
        const m = /listening on (http:\/\/\S+)/.exec(banner);
        if (m && banner.includes('Webhook delivery:')) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    assert.match(banner, /Webhook delivery: timeout 2 s, retries at 0\.001x pretix's schedule, private networks allowed/);
    const created = await fetch(`${url}${BIGEVENTS}`, {
      method: 'POST',
      headers: { authorization: AUTH.admin, 'content-type': 'application/json' },
      body: JSON.stringify({ target_url: receiver.url(), all_events: true, limit_events: [], action_types: ['pretix.event.order.paid'] }),
    });
    const webhook = ((await created.json()) as { id: number }).id;
    const client = await connectMockServer(url);
    await client.notify({ organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.order.paid', code: 'CLI42' });
    const [second, first] = await client.deliveries.waitFor((r) => r.length >= 2, { filter: { webhook }, timeout: 30_000 });
    assert.deepEqual([first!.return_code, second!.return_code, second!.retry_count], [0, 200, 1]);
    assert.match(first!.response_body, /Read timed out\. \(read timeout=2\)$/);
    assert.deepEqual(receiver.received.map((r) => r.headers['user-agent']), ['acme-check/1.0', 'acme-check/1.0']);
  } finally {
    child.kill('SIGTERM');
    const { code } = await done;
    await receiver.close(); // before asserting: an open receiver would keep this file from ending
    assert.equal(code, 0);
  }
});
