import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './paths.js';

/** pretix-mock's own version, from its package.json. */
export const PACKAGE_VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * The pretix release whose API the mock emulates: pretix 2026.8 (2026.8.0 from PyPI, Django 5.2.19,
 * requests 2.34.2), the server of test/conformance/recordings/pretix-2026.8/ and of the live job.
 * Where the older recordings (pretix-2026.5/) differ, test/conformance/version-differences.ts says how.
 */
export const PRETIX_VERSION = '2026.8';
