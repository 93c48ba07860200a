// Build step: check the built-in OpenAPI document with swagger-parser and record the result, so a
// start with byte-identical spec files need not check it again (src/spec/checked-spec.ts).
import { CHECKED_SPEC_PATH, DEFAULT_SPEC_PATH } from '../src/paths.js';
import { checkSpec } from '../src/spec/load-spec.js';
import { writeCheckedSpec } from '../src/spec/checked-spec.js';

const spec = await checkSpec(DEFAULT_SPEC_PATH);
await writeCheckedSpec(DEFAULT_SPEC_PATH, spec.document, CHECKED_SPEC_PATH);
process.stdout.write(`checked ${DEFAULT_SPEC_PATH} → ${CHECKED_SPEC_PATH}\n`);
