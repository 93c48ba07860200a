// Build step: check the OpenAPI documents with swagger-parser: the pretix contract and the control
// plane each on its own, and the mock's document that joins them. The joined one's result is
// recorded, so a start with byte-identical spec files need not check it again (src/spec/checked-spec.ts).
import { CHECKED_SPEC_PATH, CONTROL_SPEC_PATH, DEFAULT_SPEC_PATH, PRETIX_SPEC_PATH } from '../src/paths.js';
import { checkSpec } from '../src/spec/load-spec.js';
import { writeCheckedSpec } from '../src/spec/checked-spec.js';

for (const path of [PRETIX_SPEC_PATH, CONTROL_SPEC_PATH]) {
  await checkSpec(path);
  process.stdout.write(`checked ${path}\n`);
}
const spec = await checkSpec(DEFAULT_SPEC_PATH);
await writeCheckedSpec(DEFAULT_SPEC_PATH, spec.document, CHECKED_SPEC_PATH);
process.stdout.write(`checked ${DEFAULT_SPEC_PATH} → ${CHECKED_SPEC_PATH}\n`);
