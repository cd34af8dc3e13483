import * as fs from 'node:fs';
import * as path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '@hourglass/config';
import { api, formatOption, out, type Format } from '../output';
import { printTable } from '../print';

type FormatFlags = { json?: boolean; format?: Format };

interface ScreeningResult {
  decision: 'block' | 'review' | 'clear';
  matches: Array<{ list: string; entryId: string; name: string; score: number }>;
}

interface CaseView {
  caseId: string;
  party: { kind: string; id: string; name: string; country: string | null };
  autoDecision: string;
  standing: string;
  matches: ScreeningResult['matches'];
  openedAt: string;
  decisions: Array<{ decision: string; reason: string; actor: string; decidedAt: string }>;
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new InvalidArgumentError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

function query(params: Record<string, string | undefined>): string {
  const defined = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '');
  return defined.length ? `?${new URLSearchParams(defined)}` : '';
}

const caseRows = (cases: CaseView[]) =>
  cases.map((c) => ({
    caseId: c.caseId,
    party: `${c.party.kind}:${c.party.id}`,
    name: c.party.name,
    country: c.party.country ?? '',
    auto: c.autoDecision,
    standing: c.standing,
    bestMatch: c.matches[0] ? `${c.matches[0].list}:${c.matches[0].entryId} ${c.matches[0].name} (${c.matches[0].score})` : '',
    openedAt: c.openedAt,
  }));

/** `hourglass sanctions …`, `hourglass screen`, `hourglass screenings …`, `hourglass risk signals` (CONTRACTS §8). */
export function registerRiskCommands(program: Command): void {
  const sanctions = program.command('sanctions').description('sanctions lists: load the published OFAC SDN and EU files, show the versions in force');

  sanctions
    .command('load')
    .description('load list files in their published CSV layouts; a new version rescreens every customer and operator')
    .option('--ofac-sdn <file>', 'OFAC sdn.csv (no header, 12 columns, -0- for empty)')
    .option('--ofac-alt <file>', 'OFAC alt.csv (aliases)')
    .option('--ofac-add <file>', 'OFAC add.csv (addresses: countries)')
    .option('--eu <file>', 'the EU consolidated financial sanctions list CSV (semicolon-separated, with header)')
    .option('--json', 'print one JSON document: [{list, version, entries, names, status}]')
    .addOption(formatOption())
    .action(async (options: FormatFlags & { ofacSdn?: string; ofacAlt?: string; ofacAdd?: string; eu?: string }) => {
      if (!options.ofacSdn && !options.eu) throw new InvalidArgumentError('give --ofac-sdn FILE, --eu FILE, or both');
      if (!options.ofacSdn && (options.ofacAlt || options.ofacAdd)) throw new InvalidArgumentError('--ofac-alt and --ofac-add go with --ofac-sdn');
      const files = [options.ofacSdn, options.ofacAlt, options.ofacAdd, options.eu].filter((f): f is string => !!f);
      const body = {
        ...(options.ofacSdn ? { ofacSdn: readText(options.ofacSdn) } : {}),
        ...(options.ofacAlt ? { ofacAlt: readText(options.ofacAlt) } : {}),
        ...(options.ofacAdd ? { ofacAdd: readText(options.ofacAdd) } : {}),
        ...(options.eu ? { eu: readText(options.eu) } : {}),
        source: files.map((f) => path.basename(f)).join(' '),
      };
      const loaded = await api(loadConfig()).request<Array<Record<string, unknown>>>('POST', '/v1/sanctions/lists', body);
      out(options, loaded, () => printTable(loaded));
    });

  sanctions
    .command('lists')
    .description('the list versions in force, and every version loaded')
    .option('--json', 'print one JSON document: {current, history}')
    .addOption(formatOption())
    .action(async (options: FormatFlags) => {
      const lists = await api(loadConfig()).request<{ current: Array<Record<string, unknown>>; history: Array<Record<string, unknown>> }>('GET', '/v1/sanctions/lists');
      out(options, lists, { table: () => printTable(lists.current), csv: () => lists.history });
    });

  program
    .command('screen')
    .description('screen a name against the sanctions lists in force: block, review or clear, with the matches')
    .requiredOption('--name <name>', 'the name to screen')
    .option('--country <code>', 'ISO 3166-1 alpha-2 country: a signal, not a filter')
    .option('--json', 'print one JSON document: {decision, matches:[{list, entryId, name, score}]}')
    .addOption(formatOption())
    .action(async (options: FormatFlags & { name: string; country?: string }) => {
      const result = await api(loadConfig()).request<ScreeningResult>('POST', '/v1/screenings', { name: options.name, ...(options.country ? { country: options.country } : {}) });
      out(options, result, {
        table: () => `${result.decision}\n${result.matches.length > 0 ? printTable(result.matches) : 'no match'}`,
        csv: () => result.matches,
        csvColumns: ['list', 'entryId', 'name', 'score'],
      });
    });

  const screenings = program.command('screenings').description('the screening review queue');

  screenings
    .command('reviews')
    .description('review cases, newest first (pending by default)')
    .option('--status <status>', 'pending, decided or all', 'pending')
    .option('--party-kind <kind>', 'customer or operator')
    .option('--party-id <id>', 'one party')
    .option('--limit <n>', 'at most this many (1 to 1000)', '100')
    .option('--before <caseId>', 'the page after this case (the last one printed)')
    .option('--json', 'print one JSON document: [{caseId, party, autoDecision, standing, matches, openedAt, decisions}]')
    .addOption(formatOption())
    .action(async (options: FormatFlags & { status: string; partyKind?: string; partyId?: string; limit: string; before?: string }) => {
      const cases = await api(loadConfig()).request<CaseView[]>(
        'GET',
        `/v1/screenings/reviews${query({ status: options.status, partyKind: options.partyKind, partyId: options.partyId, limit: options.limit, before: options.before })}`,
      );
      out(options, cases, { table: () => (cases.length > 0 ? printTable(caseRows(cases)) : 'no case'), csv: () => caseRows(cases) });
    });

  screenings
    .command('decide')
    .description("a reviewer's decision on a case, kept with your token's name, the time and the reason")
    .argument('<caseId>')
    .requiredOption('--decision <decision>', 'clear or block')
    .requiredOption('--reason <reason>', 'why: the audit trail keeps it')
    .option('--json', 'print one JSON document: the case')
    .addOption(formatOption())
    .action(async (caseId: string, options: FormatFlags & { decision: string; reason: string }) => {
      if (options.decision !== 'clear' && options.decision !== 'block') throw new InvalidArgumentError('--decision is clear or block');
      const decided = await api(loadConfig()).request<CaseView>('POST', `/v1/screenings/reviews/${encodeURIComponent(caseId)}/decision`, { decision: options.decision, reason: options.reason });
      out(options, decided, () => printTable(caseRows([decided])));
    });

  program
    .command('risk')
    .description('usage-fraud signals')
    .command('signals')
    .description('signals raised by the fraud rules, newest window first')
    .option('--rule <rule>', 'node_overcommit, overlapping_resends, outside_rental_window, zero_utilization, rental_velocity, spend_jump')
    .option('--limit <n>', 'at most this many (1 to 1000)', '100')
    .option('--json', 'print one JSON document: [{signalId, rule, subjectKind, subjectId, windowStart, windowEnd, value, threshold, detail, detectedAt}]')
    .addOption(formatOption())
    .action(async (options: FormatFlags & { rule?: string; limit: string }) => {
      const signals = await api(loadConfig()).request<Array<Record<string, unknown>>>('GET', `/v1/risk/signals${query({ rule: options.rule, limit: options.limit })}`);
      out(options, signals, { table: () => (signals.length > 0 ? printTable(signals.map(({ detail: _d, ...rest }) => rest)) : 'no signal'), csv: () => signals.map(({ detail, ...rest }) => ({ ...rest, detail: JSON.stringify(detail) })) });
    });
}
