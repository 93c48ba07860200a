/**
 * `npm run conformance:schemathesis`: Schemathesis (from PyPI, conformance/schemathesis/install.sh)
 * against a fresh in-process pretix-mock and the pretix API of its document, all checks but those
 * conformance/schemathesis/conflicts.json lists with its reasons, a fixed seed and a bounded budget.
 * Exits with Schemathesis's status: any failure of any other check fails.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../src/paths.js';
import { startMockServer } from '../src/index.js';

const dir = join(PACKAGE_ROOT, 'conformance', 'schemathesis');
const seed = process.env['SCHEMATHESIS_SEED'] ?? '18';
const maxExamples = process.env['SCHEMATHESIS_MAX_EXAMPLES'] ?? '30';
const conflicts = (JSON.parse(readFileSync(join(dir, 'conflicts.json'), 'utf8')) as { excluded_checks: Record<string, string> }).excluded_checks;

const { stdout } = await promisify(execFile)('bash', [join(dir, 'install.sh')], { timeout: 15 * 60_000 });
const venv = stdout.trim().split('\n').at(-1)!;
const mock = await startMockServer({ journalSize: 0 });
console.log(`schemathesis against ${mock.url}, seed ${seed}, ${maxExamples} examples per operation; excluded as conflicting with pretix:`);
for (const [check, why] of Object.entries(conflicts)) console.log(`  ${check}: ${why}`);
const args = [
  'run', join(PACKAGE_ROOT, 'openapi', 'pretix-webhooks.yaml'), '--url', mock.url, '--include-path-regex', '^/api/v1/',
  '--checks', 'all', '--exclude-checks', Object.keys(conflicts).join(','), '--seed', seed, '--max-examples', maxExamples,
  '--request-timeout', '10', '-H', 'Authorization: Token sandbox-bigevents-admin', '--no-color',
];
const child = spawn(join(venv, 'bin', 'st'), args, { stdio: 'inherit', env: { ...process.env, PYTHONPATH: dir, SCHEMATHESIS_HOOKS: 'hooks' } });
const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
await mock.close();
process.exit(code);
