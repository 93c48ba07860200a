import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The first folder above this file with package.json and openapi/: src/ or dist/ when run
 * unbundled, dist/ or dist/chunks/ in the bundle (scripts/build-bundle.mjs), so no fixed depth.
 */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 4; depth++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'openapi'))) return dir + sep;
    dir = dirname(dir);
  }
  throw new Error(`pretix-mock: no package root (package.json and openapi/) above ${fileURLToPath(import.meta.url)}`);
}

/** The package root: where openapi/ and fixtures/ live, whether running from src/, dist/ or the bundle. */
export const PACKAGE_ROOT = packageRoot();

/** The mock's document: the pretix contract and the control plane joined (what the server validates against). */
export const DEFAULT_SPEC_PATH = join(PACKAGE_ROOT, 'openapi', 'pretix-webhooks.yaml');
/** The pretix contract alone (no `/__admin/` paths): what an integrator generates a client from. */
export const PRETIX_SPEC_PATH = join(PACKAGE_ROOT, 'openapi', 'pretix', 'pretix.yaml');
/** The control plane alone (`/__admin/`). */
export const CONTROL_SPEC_PATH = join(PACKAGE_ROOT, 'openapi', 'mock-admin.yaml');
export const DEFAULT_FIXTURES_PATH = join(PACKAGE_ROOT, 'fixtures', 'default.json');

/** Written by `npm run build`: the built-in spec as swagger-parser checked it (spec/checked-spec.ts). */
export const CHECKED_SPEC_PATH = join(PACKAGE_ROOT, 'dist', 'openapi-checked.json');

/** Written by `npm run build`: the built-in fixtures as checked against that spec (store/checked-fixture.ts). */
export const CHECKED_FIXTURE_PATH = join(PACKAGE_ROOT, 'dist', 'fixture-checked.json');

/** Written by `npm run build` (scripts/build-ui.ts): the dashboard's page, script and style sheet. */
export const DASHBOARD_DIR = join(PACKAGE_ROOT, 'dist', 'ui') + sep;
