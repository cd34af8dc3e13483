import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseEu } from './eu-csv';
import { parseOfac } from './ofac-csv';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../../../../tests/fixtures/sanctions', name), 'utf8');

describe('published list layouts (tests/fixtures/sanctions)', () => {
  it('reads OFAC sdn.csv, alt.csv and add.csv: -0- as empty, LAST, First in written order, aliases, countries', () => {
    const entries = parseOfac({ sdn: fixture('sdn.csv'), alt: fixture('alt.csv'), add: fixture('add.csv') });
    expect(entries).toHaveLength(10);
    expect(entries.find((e) => e.entryId === '9001')).toEqual({
      list: 'ofac_sdn',
      entryId: '9001',
      subjectType: 'individual',
      name: 'Viktor Pavlovich OSTROVSKY',
      aliases: ['Viktor OSTROVSKIY', 'Wiktor OSTROWSKI'],
      countries: ['RU'],
      programs: ['RUSSIA-EO14024'],
    });
    expect(entries.find((e) => e.entryId === '9003')).toMatchObject({ subjectType: 'entity', name: 'NORTHWIND MARITIME TRADING CO. LTD.', programs: ['IRAN', 'IRGC'], countries: ['IR'] });
    expect(entries.find((e) => e.entryId === '9007')).toMatchObject({ subjectType: 'vessel', countries: ['PA'] });
    expect(entries.find((e) => e.entryId === '9010')).toMatchObject({ countries: ['KP'], aliases: ['Cheol-ho KIM'] });
  });

  it('refuses an sdn.csv that is not twelve columns', () => {
    expect(() => parseOfac({ sdn: '1,"X, Y","individual"\n' })).toThrow(/12/);
  });

  it('reads the EU CSV by its column names: one entry per Entity_LogicalId, further names as aliases', () => {
    const entries = parseEu(fixture('eu.csv'));
    expect(entries.map((e) => e.entryId)).toEqual(['7001', '7002', '7003', '7004']);
    expect(entries[0]).toEqual({
      list: 'eu',
      entryId: '7001',
      subjectType: 'individual',
      name: 'Dmitri Sergeyevich Volkonsky',
      aliases: ['Dmitry Volkonskiy', 'Дмитрий Сергеевич Волконский'],
      countries: ['RU'],
      programs: ['RUS'],
    });
    expect(entries[1]).toMatchObject({ subjectType: 'entity', countries: ['IR'] });
  });

  it('refuses a CSV without the EU columns', () => {
    expect(() => parseEu('a;b\n1;2\n')).toThrow(/Entity_LogicalId/);
  });
});
