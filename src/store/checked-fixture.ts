import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import type { Fixture } from './fixture-types.js';

/**
 * A record that the built-in fixture file was checked against the built-in spec's Fixture schema
 * at build time (`npm run build`): the SHA-256 of the fixture file, the SHA-256 of the spec's
 * record (src/spec/checked-spec.ts) and the checked, normalized result. A default start whose
 * spec came from that record and whose fixture file is byte-identical uses the result instead of
 * compiling the schema and checking again (about 80 ms of start-up).
 */
interface CheckedFixture {
  spec: string;
  fixture: string;
  checked: Fixture;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The checked fixture, or undefined when there is no record, or the spec or the file changed. */
export async function readCheckedFixture(fixturePath: string, specRecord: string | undefined, recordPath: string): Promise<Fixture | undefined> {
  if (specRecord === undefined) return undefined;
  try {
    const [record, bytes] = await Promise.all([readFile(recordPath, 'utf8'), readFile(fixturePath)]);
    const { spec, fixture, checked } = JSON.parse(record) as CheckedFixture;
    return spec === specRecord && fixture === sha256(bytes) ? checked : undefined;
  } catch {
    return undefined;
  }
}

/** Records that the fixture file at `fixturePath` checked as `checked` against the spec recorded as `specRecord`. */
export async function writeCheckedFixture(fixturePath: string, specRecord: string, checked: Fixture, recordPath: string): Promise<void> {
  const record: CheckedFixture = { spec: specRecord, fixture: sha256(await readFile(fixturePath)), checked };
  await writeFile(recordPath, JSON.stringify(record));
}
