import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fetchConfiguredLists } from './list-fetcher';

const fixture = (name: string) => pathToFileURL(path.join(__dirname, '../../../../tests/fixtures/sanctions', name)).href;

describe('fetchConfiguredLists', () => {
  it('reads the configured files (file: URLs here; tests never fetch from the network)', async () => {
    const files = await fetchConfiguredLists({ ofacSdn: fixture('sdn.csv'), ofacAlt: fixture('alt.csv'), ofacAdd: null, eu: fixture('eu.csv') });
    expect(files.ofac?.sdn).toContain('OSTROVSKY');
    expect(files.ofac?.alt).toContain('OSTROWSKI');
    expect(files.ofac?.add).toBeUndefined();
    expect(files.eu).toContain('Entity_LogicalId');
    expect(files.source.split(' ')).toHaveLength(3);
  });
});
