import { createHash } from 'node:crypto';
import { DomainError, type Clock } from '@hourglass/contracts';
import type { SanctionsEntry, SanctionsListId, SanctionsListVersion } from './domain/entries';
import { listsFingerprint } from './domain/review';
import { DEFAULT_MATCHER_OPTIONS, SanctionsIndex, type MatcherOptions } from './domain/sanctions-index';
import { parseEu, EuFormatError } from './lists/eu-csv';
import { parseOfac, OfacFormatError, type OfacFiles } from './lists/ofac-csv';
import { NO_SCREENING_METRICS, type SanctionsListStore, type ScreeningMetrics } from './ports';

export class InvalidSanctionsListError extends DomainError {
  constructor(message: string) {
    super('invalid_sanctions_list', message);
  }
}

export interface ListFiles {
  ofac?: OfacFiles;
  eu?: string;
  /** Where the files came from (file names, a URL): kept with the version. */
  source: string;
}

export interface LoadedList {
  list: SanctionsListId;
  version: string;
  entries: number;
  names: number;
  status: 'loaded' | 'unchanged';
}

function versionOf(...texts: Array<string | undefined>): string {
  const hash = createHash('sha256');
  for (const t of texts) hash.update(t ?? '').update('\u0000');
  return hash.digest('hex').slice(0, 16);
}

function countNames(entries: readonly SanctionsEntry[]): number {
  return entries.reduce((n, e) => n + 1 + e.aliases.length, 0);
}

/**
 * The lists in force and the index built from them. A load parses the files (all or nothing: a file
 * that is not in the published layout changes nothing), stores a version named by the files' hash
 * (the same files loaded twice are one version) and swaps the index. Other replicas see the new
 * version on their next `refreshFromStore`; every party is then rescreened by the sweep, because a
 * screening is named by the list versions it used.
 */
export class SanctionsListsService {
  private index: SanctionsIndex;
  private versions: SanctionsListVersion[] = [];

  constructor(
    private readonly store: SanctionsListStore,
    private readonly clock: Clock,
    private readonly options: MatcherOptions = DEFAULT_MATCHER_OPTIONS,
    private readonly metrics: ScreeningMetrics = NO_SCREENING_METRICS,
  ) {
    this.index = SanctionsIndex.build([], options);
  }

  get current(): SanctionsIndex {
    return this.index;
  }

  /** `eu:<version>,ofac_sdn:<version>`; empty while no list is loaded. */
  get fingerprint(): string {
    return listsFingerprint(this.versions);
  }

  get loadedVersions(): readonly SanctionsListVersion[] {
    return this.versions;
  }

  /** Loads the versions in force from the store when they differ from the ones in memory. */
  async refreshFromStore(): Promise<boolean> {
    const current = await this.store.current();
    if (listsFingerprint(current) === this.fingerprint) return false;
    const entries: SanctionsEntry[] = [];
    for (const v of current) entries.push(...(await this.store.entries(v.list, v.version)));
    this.index = SanctionsIndex.build(entries, this.options);
    this.versions = current;
    return true;
  }

  async load(files: ListFiles): Promise<LoadedList[]> {
    if (!files.ofac && files.eu === undefined) throw new InvalidSanctionsListError('nothing to load: give the OFAC SDN files, the EU list, or both');
    const parsed: Array<{ list: SanctionsListId; version: string; entries: SanctionsEntry[] }> = [];
    try {
      if (files.ofac) parsed.push({ list: 'ofac_sdn', version: versionOf(files.ofac.sdn, files.ofac.alt, files.ofac.add), entries: parseOfac(files.ofac) });
      if (files.eu !== undefined) parsed.push({ list: 'eu', version: versionOf(files.eu), entries: parseEu(files.eu) });
    } catch (error) {
      if (error instanceof OfacFormatError || error instanceof EuFormatError) throw new InvalidSanctionsListError(error.message);
      // csv-parse reports malformed CSV with a code and the line.
      if (error instanceof Error && 'code' in error && String((error as { code: unknown }).code).startsWith('CSV_')) throw new InvalidSanctionsListError(error.message);
      throw error;
    }
    await this.refreshFromStore();
    const results: LoadedList[] = [];
    for (const p of parsed) {
      if (p.entries.length === 0) throw new InvalidSanctionsListError(`the ${p.list} files hold no entries`);
      const names = countNames(p.entries);
      const inForce = this.versions.find((v) => v.list === p.list);
      if (inForce?.version === p.version) {
        results.push({ list: p.list, version: p.version, entries: p.entries.length, names, status: 'unchanged' });
        continue;
      }
      await this.store.append({ list: p.list, version: p.version, entries: p.entries.length, names, source: files.source, loadedAtMs: this.clock.nowMs() }, p.entries);
      this.metrics.listLoaded(p.list, names);
      results.push({ list: p.list, version: p.version, entries: p.entries.length, names, status: 'loaded' });
    }
    await this.refreshFromStore();
    return results;
  }

  history(): Promise<SanctionsListVersion[]> {
    return this.store.history();
  }
}
