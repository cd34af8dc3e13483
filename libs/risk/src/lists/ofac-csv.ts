import { parse } from 'csv-parse/sync';
import type { SanctionsEntry, SubjectType } from '../domain/entries';
import { countryCode } from './countries';

/**
 * OFAC's SDN list in its published CSV layout (https://ofac.treasury.gov/sdn-list-data-formats-data-schemas):
 * no header row, `-0-` for an empty field, and three files joined by `ent_num`:
 *
 *   sdn.csv  ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks
 *   alt.csv  ent_num, alt_num, alt_type, alt_name, alt_remarks
 *   add.csv  ent_num, add_num, address, city/state/postal, country, add_remarks
 *
 * Read: `SDN_Name` (the name), `SDN_Type` (`individual`, `vessel`, `aircraft`; empty for an entity),
 * `Program` (programmes, `]`-separated with `[`, e.g. `SDGT] [IRGC`), `Vess_flag` (a country);
 * `alt_name` (aliases: `aka`, `fka`, `nka`; weak akas included, their review decides); `country` of
 * each address. The rest is kept on the list, not used to match. The files' last line may be OFAC's
 * end-of-file marker (a single `\u001a`), which is skipped.
 */
export interface OfacFiles {
  sdn: string;
  alt?: string;
  add?: string;
}

const EMPTY = '-0-';

function field(value: string | undefined): string {
  const v = (value ?? '').trim();
  return v === EMPTY ? '' : v;
}

function rows(text: string, minColumns: number, file: string): string[][] {
  const records = parse(text.replace(/\u001a/g, ''), {
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    trim: false,
    bom: true,
  }) as string[][];
  return records.filter((r, index) => {
    if (r.length === 1 && r[0]!.trim() === '') return false;
    if (r.length < minColumns) throw new OfacFormatError(`${file} line ${index + 1}: ${r.length} columns, expected ${minColumns}`);
    return true;
  });
}

export class OfacFormatError extends Error {}

function subjectType(sdnType: string): SubjectType {
  switch (sdnType.toLowerCase()) {
    case 'individual':
      return 'individual';
    case 'vessel':
      return 'vessel';
    case 'aircraft':
      return 'aircraft';
    default:
      return 'entity';
  }
}

/** OFAC writes individuals `LAST, First Middle`: turned into written order, `First Middle LAST`. */
export function ofacDisplayName(name: string, type: SubjectType): string {
  if (type !== 'individual') return name;
  const comma = name.indexOf(',');
  if (comma < 0) return name;
  const last = name.slice(0, comma).trim();
  const rest = name.slice(comma + 1).trim();
  return rest ? `${rest} ${last}` : last;
}

export function parseOfac(files: OfacFiles): SanctionsEntry[] {
  const entries = new Map<string, SanctionsEntry>();
  for (const r of rows(files.sdn, 12, 'sdn.csv')) {
    const entryId = field(r[0]);
    const name = field(r[1]);
    if (!entryId || !name) continue;
    const type = subjectType(field(r[2]));
    const programs = field(r[3])
      .split(/\]\s*\[/)
      .map((p) => p.replace(/[[\]]/g, '').trim())
      .filter((p) => p !== '');
    const flag = countryCode(field(r[9]));
    entries.set(entryId, { list: 'ofac_sdn', entryId, subjectType: type, name: ofacDisplayName(name, type), aliases: [], countries: flag ? [flag] : [], programs });
  }
  if (files.alt) {
    for (const r of rows(files.alt, 4, 'alt.csv')) {
      const entry = entries.get(field(r[0]));
      const alias = field(r[3]);
      if (entry && alias) {
        const display = ofacDisplayName(alias, entry.subjectType);
        if (!entry.aliases.includes(display) && display !== entry.name) entry.aliases.push(display);
      }
    }
  }
  if (files.add) {
    for (const r of rows(files.add, 5, 'add.csv')) {
      const entry = entries.get(field(r[0]));
      const code = countryCode(field(r[4]));
      if (entry && code && !entry.countries.includes(code)) entry.countries.push(code);
    }
  }
  return [...entries.values()];
}
