/** The sanctions lists Hourglass reads (CONTRACTS.md §8). */
export const SANCTIONS_LISTS = ['ofac_sdn', 'eu'] as const;
export type SanctionsListId = (typeof SANCTIONS_LISTS)[number];

export type SubjectType = 'individual' | 'entity' | 'vessel' | 'aircraft';

/** One listed party as the matcher sees it, whatever the list's own layout. */
export interface SanctionsEntry {
  list: SanctionsListId;
  /** The list's own id: OFAC `ent_num`, EU `Entity_LogicalId`. */
  entryId: string;
  subjectType: SubjectType;
  /** As written on the list. */
  name: string;
  /** Other names the list gives (OFAC `alt.csv`, the EU's further `NameAlias_WholeName`s). */
  aliases: string[];
  /** ISO 3166-1 alpha-2 codes of the addresses, citizenships and nationalities the list gives. */
  countries: string[];
  /** Sanctions programmes (OFAC `Program`, EU `Entity_Regulation_Programme`). */
  programs: string[];
}

/** One loaded version of a list: its content hash names it, so loading the same file twice is one version. */
export interface SanctionsListVersion {
  list: SanctionsListId;
  /** sha256 of the files' bytes, in hex (first 16 characters). */
  version: string;
  loadedAtMs: number;
  entries: number;
  /** Names including aliases. */
  names: number;
  source: string;
}
