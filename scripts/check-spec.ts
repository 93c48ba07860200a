// Build step: check the OpenAPI documents with swagger-parser: the pretix contract and the control
// plane each on its own, and the mock's document that joins them. The joined one's result is
// recorded, so a start with byte-identical spec files need not check it again (src/spec/checked-spec.ts).
import { CHECKED_FIXTURE_PATH, CHECKED_SPEC_PATH, CONTROL_SPEC_PATH, DEFAULT_FIXTURES_PATH, DEFAULT_SPEC_PATH, PRETIX_SPEC_PATH } from '../src/paths.js';
import { checkSpec, loadSpec } from '../src/spec/load-spec.js';
import { writeCheckedSpec } from '../src/spec/checked-spec.js';
import { compileSchemaCheck } from '../src/spec/schema-check.js';
import { writeCheckedFixture } from '../src/store/checked-fixture.js';
import { readFixtureFile } from '../src/store/fixture.js';

for (const path of [PRETIX_SPEC_PATH, CONTROL_SPEC_PATH]) {
  await checkSpec(path);
  process.stdout.write(`checked ${path}\n`);
}
const spec = await checkSpec(DEFAULT_SPEC_PATH);
await writeCheckedSpec(DEFAULT_SPEC_PATH, spec.document, CHECKED_SPEC_PATH);
process.stdout.write(`checked ${DEFAULT_SPEC_PATH} → ${CHECKED_SPEC_PATH}\n`);
// The built-in fixtures, checked against the spec as the server loads it from that record.
const recorded = await loadSpec();
if (!recorded.recorded) throw new Error(`${CHECKED_SPEC_PATH} was not used: cannot record the built-in fixtures`);
const fixture = await readFixtureFile(DEFAULT_FIXTURES_PATH, compileSchemaCheck(recorded.dereferenced, 'Fixture'));
await writeCheckedFixture(DEFAULT_FIXTURES_PATH, recorded.recorded, fixture, CHECKED_FIXTURE_PATH);
process.stdout.write(`checked ${DEFAULT_FIXTURES_PATH} → ${CHECKED_FIXTURE_PATH}\n`);
