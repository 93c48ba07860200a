import { fileURLToPath } from 'node:url';

/** The package root: where openapi/ and fixtures/ live, whether running from src/ or dist/. */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The mock's document: the pretix contract and the control plane joined (what the server validates against). */
export const DEFAULT_SPEC_PATH = fileURLToPath(new URL('../openapi/pretix-webhooks.yaml', import.meta.url));
/** The pretix contract alone (no `/__admin/` paths): what an integrator generates a client from. */
export const PRETIX_SPEC_PATH = fileURLToPath(new URL('../openapi/pretix/pretix.yaml', import.meta.url));
/** The control plane alone (`/__admin/`). */
export const CONTROL_SPEC_PATH = fileURLToPath(new URL('../openapi/mock-admin.yaml', import.meta.url));
export const DEFAULT_FIXTURES_PATH = fileURLToPath(new URL('../fixtures/default.json', import.meta.url));

/** Written by `npm run build`: the built-in spec as swagger-parser checked it (spec/checked-spec.ts). */
export const CHECKED_SPEC_PATH = fileURLToPath(new URL('../dist/openapi-checked.json', import.meta.url));

/** Written by `npm run build`: the built-in fixtures as checked against that spec (store/checked-fixture.ts). */
export const CHECKED_FIXTURE_PATH = fileURLToPath(new URL('../dist/fixture-checked.json', import.meta.url));

/** Written by `npm run build` (scripts/build-ui.ts): the dashboard's page, script and style sheet. */
export const DASHBOARD_DIR = fileURLToPath(new URL('../dist/ui/', import.meta.url));
