import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './paths.js';

/** pretix-mock's own version, from its package.json. */
export const PACKAGE_VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * The pretix release whose API the mock emulates (pretix numbers releases YEAR.NUMBER.PATCH).
 * 2025.10.0 is a late-2025 release: DRF 3.15, `target_url` up to 1024 characters, the `comment`
 * field, the `enabled` list filter and the voucher, order.deleted and gift-card action types.
 */
export const PRETIX_VERSION = '2025.10.0';
