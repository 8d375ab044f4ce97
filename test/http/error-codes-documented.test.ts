/**
 * The README's error list is the clients' contract: every code the API can answer (the registry
 * in src/domain/errors.ts) must be in it, with the status the registry gives it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/domain/errors.ts';

const README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md');

/** The README's "Error codes" table: `| CODE | status | meaning |` rows. */
async function documentedCodes(): Promise<Map<string, number>> {
  const text = await readFile(README, 'utf8');
  const section = /^### Error codes\n([\s\S]*?)(?=^#{2,3} )/m.exec(text)?.[1] ?? '';
  const rows = [...section.matchAll(/^\| `([A-Z_]+)`\s*\|\s*(\d{3})/gm)];
  return new Map(rows.map((row) => [row[1]!, Number(row[2])]));
}

describe('README error codes', () => {
  it('lists every code of src/domain/errors.ts with its status', async () => {
    const documented = await documentedCodes();
    const expected = Object.entries(ERROR_CODES).map(([code, status]) => [code, status]);
    expect(expected.map(([code]) => [code, documented.get(code as string)])).toEqual(expected);
  });

  it('lists no code the API cannot answer', async () => {
    const documented = [...(await documentedCodes()).keys()];
    expect(documented.filter((code) => !Object.hasOwn(ERROR_CODES, code))).toEqual([]);
  });
});
