import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './paths.js';

/** pretix-mock's own version, from its package.json. */
export const PACKAGE_VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * The pretix release whose API the mock emulates: pretix 2026.5 (2026.5.0.dev0, Django 5.2,
 * drf_ujson), the server the conformance recordings in test/conformance/recordings/ come from.
 */
export const PRETIX_VERSION = '2026.5';
