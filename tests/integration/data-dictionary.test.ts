import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSchema, renderDataDictionary, undocumented } from '@hourglass/finance';
import { freshDatabase, type TestDatabase } from '../support/chdb-database';

/**
 * docs/data-dictionary.md is generated from the comments of the live schema (a fresh database migrated
 * to the newest version). `npm run docs:dictionary` runs this file with HOURGLASS_WRITE_DICTIONARY=1,
 * which rewrites the document instead of comparing it.
 */
const FILE = path.join(__dirname, '..', '..', 'docs', 'data-dictionary.md');

describe('the data dictionary', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase('dictionary');
  });
  afterAll(() => t?.drop());

  it('has a comment on every table and view, and on every column finance may query', async () => {
    const { tables, columns } = await readSchema(t.client, t.name);
    expect(undocumented(tables, columns)).toEqual([]);
  });

  it('matches docs/data-dictionary.md (npm run docs:dictionary regenerates it)', async () => {
    const { tables, columns } = await readSchema(t.client, t.name);
    const text = renderDataDictionary(tables, columns);
    if (process.env.HOURGLASS_WRITE_DICTIONARY === '1') fs.writeFileSync(FILE, text);
    expect(fs.readFileSync(FILE, 'utf8')).toBe(text);
  });
});
