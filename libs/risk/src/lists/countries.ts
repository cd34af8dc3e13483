/**
 * Country names as OFAC's `add.csv` and the EU file write them, to ISO 3166-1 alpha-2. English region
 * names come from ICU (Node's Intl), plus the spellings the lists use that ICU does not.
 */
const LIST_SPELLINGS: Record<string, string> = {
  'korea, north': 'KP',
  'north korea': 'KP',
  "korea, democratic people's republic of": 'KP',
  'korea, south': 'KR',
  'south korea': 'KR',
  burma: 'MM',
  'congo, democratic republic of the': 'CD',
  'congo, republic of the': 'CG',
  'iran, islamic republic of': 'IR',
  'syrian arab republic': 'SY',
  'russian federation': 'RU',
  'west bank': 'PS',
  'gaza': 'PS',
  'palestinian territories': 'PS',
  'region: crimea': 'UA',
  'region: gaza': 'PS',
  'the bahamas': 'BS',
  'the gambia': 'GM',
  'cote d ivoire': 'CI',
  "cote d'ivoire": 'CI',
  turkiye: 'TR',
  'united states of america': 'US',
  usa: 'US',
  uk: 'GB',
};

/** Withdrawn codes ICU still names (`SU` is "Russia" to it): never the answer. */
const WITHDRAWN = new Set(['SU', 'BU', 'DD', 'YU', 'ZR', 'TP', 'CS', 'FX', 'NT', 'AN', 'QO', 'QU', 'EU', 'EZ', 'UN', 'ZZ']);

let byName: Map<string, string> | null = null;

function table(): Map<string, string> {
  if (byName) return byName;
  const map = new Map<string, string>();
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = names.of(code);
      if (WITHDRAWN.has(code) || !name || name === code) continue;
      if (!map.has(fold(name))) map.set(fold(name), code);
    }
  }
  for (const [name, code] of Object.entries(LIST_SPELLINGS)) map.set(fold(name), code);
  byName = map;
  return map;
}

function fold(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The ISO code of a country name or code, or null when it names no country Hourglass knows. */
export function countryCode(nameOrCode: string): string | null {
  const trimmed = nameOrCode.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) return trimmed.toUpperCase();
  if (trimmed === '') return null;
  return table().get(fold(trimmed)) ?? null;
}
