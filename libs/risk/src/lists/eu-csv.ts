import { parse } from 'csv-parse/sync';
import type { SanctionsEntry, SubjectType } from '../domain/entries';
import { countryCode } from './countries';

/**
 * The EU's consolidated financial sanctions list, CSV 1.1 as the Commission publishes it (FSF,
 * https://webgate.ec.europa.eu/fsd/fsf): semicolon-separated, one header row, flattened so that one
 * entity repeats over several rows (one per alias, address, citizenship, …), joined by
 * `Entity_LogicalId`. Columns read, by their header names (their position varies between versions):
 *
 * | column | use |
 * |---|---|
 * | `Entity_LogicalId` | the entry id |
 * | `Entity_SubjectType_ClassificationCode` (`person`, `enterprise`), else `Entity_SubjectType` (`P`, `E`) | individual or entity |
 * | `NameAlias_WholeName` | every name; the first one seen is the entry's name, the others aliases |
 * | `Entity_Regulation_Programme` | programmes |
 * | `Address_CountryIso2Code`, else `Address_CountryDescription` | countries |
 * | `Citizenship_CountryIso2Code`, else `Citizenship_CountryDescription` | countries |
 * | `BirthDate_CountryIso2Code` | countries |
 */
export class EuFormatError extends Error {}

const COUNTRY_COLUMNS: ReadonlyArray<[string, string]> = [
  ['Address_CountryIso2Code', 'Address_CountryDescription'],
  ['Citizenship_CountryIso2Code', 'Citizenship_CountryDescription'],
  ['BirthDate_CountryIso2Code', 'BirthDate_CountryDescription'],
];

function subjectType(code: string): SubjectType {
  const c = code.trim().toLowerCase();
  return c === 'person' || c === 'p' ? 'individual' : 'entity';
}

export function parseEu(text: string): SanctionsEntry[] {
  const records = parse(text, { delimiter: ';', columns: true, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as Array<Record<string, string | undefined>>;
  if (records.length > 0 && (!('Entity_LogicalId' in records[0]!) || !('NameAlias_WholeName' in records[0]!))) {
    throw new EuFormatError('the EU file has no Entity_LogicalId or NameAlias_WholeName column: not the consolidated list CSV (1.1)');
  }
  const entries = new Map<string, SanctionsEntry>();
  for (const row of records) {
    const entryId = (row.Entity_LogicalId ?? '').trim();
    if (!entryId) continue;
    let entry = entries.get(entryId);
    const name = (row.NameAlias_WholeName ?? '').trim();
    if (!entry) {
      entry = {
        list: 'eu',
        entryId,
        subjectType: subjectType(row.Entity_SubjectType_ClassificationCode || row.Entity_SubjectType || ''),
        name,
        aliases: [],
        countries: [],
        programs: [],
      };
      entries.set(entryId, entry);
    } else if (name && entry.name === '') {
      entry.name = name;
    } else if (name && name !== entry.name && !entry.aliases.includes(name)) {
      entry.aliases.push(name);
    }
    const programme = (row.Entity_Regulation_Programme ?? '').trim();
    if (programme && !entry.programs.includes(programme)) entry.programs.push(programme);
    for (const [iso, description] of COUNTRY_COLUMNS) {
      const code = countryCode((row[iso] ?? '').trim() || (row[description] ?? '').trim());
      if (code && !entry.countries.includes(code)) entry.countries.push(code);
    }
  }
  return [...entries.values()].filter((e) => e.name !== '');
}
