import * as fs from 'node:fs';
import * as path from 'node:path';

/** A known-answer vector (schema: test/fixtures/vectors/README.md, a copy of ../shared/vectors). */
export interface Vector {
  id: string;
  hex: string;
  expect: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  source: string;
  note?: string;
  [k: string]: unknown;
}

export const FIXTURES = path.join(__dirname, '..', 'fixtures');

/**
 * Load a vector file from the repo's fixtures. A missing or empty file fails the test run loudly:
 * a silently skipped vector set would let a broken codec pass.
 */
export function loadVectors(name: string): Vector[] {
  const file = path.join(FIXTURES, 'vectors', name);
  if (!fs.existsSync(file)) throw new Error(`fixture missing: ${file} (copy it from ../shared/vectors)`);
  const list = JSON.parse(fs.readFileSync(file, 'utf8')) as Vector[];
  if (!Array.isArray(list) || list.length === 0) throw new Error(`fixture ${file} holds no vectors`);
  for (const v of list) if (!v.source) throw new Error(`vector ${v.id} in ${name} has no source field`);
  return list;
}
