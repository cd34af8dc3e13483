import { parseArgs } from 'node:util';
import { labelledSample, measureScreening, parseOfac, SanctionsIndex, syntheticSanctionsList, type SanctionsEntry } from '@hourglass/risk';

/**
 * Screening benchmark: generates a full-size synthetic sanctions list (default 18,000 entries with
 * ~1.2 aliases each, the size of OFAC's SDN list), writes it in OFAC's published sdn.csv / alt.csv /
 * add.csv layout and parses it back with the real parser, builds the index, then screens a labelled
 * sample (true matches perturbed eight ways, innocent look-alikes of six kinds) and prints precision,
 * recall, the false-block rate and the decision latency (median, p99, max). One JSON line on stdout.
 */

const USAGE = `usage: node dist/bench/screening/main.js [--entries N] [--aliases A] [--sample S] [--seed K]
  --entries  listed entries (default 18000)
  --aliases  aliases per entry on average (default 1.2)
  --sample   true matches, and as many innocents (default 500)
  --seed     generator seed (default 7)`;

const csvField = (s: string) => `"${s.replace(/"/g, '""')}"`;
const ofacName = (e: SanctionsEntry, name: string) => {
  if (e.subjectType !== 'individual') return name.toUpperCase();
  const tokens = name.split(' ');
  return `${tokens.at(-1)!.toUpperCase()}, ${tokens.slice(0, -1).join(' ')}`;
};

function toOfacFiles(entries: readonly SanctionsEntry[]): { sdn: string; alt: string; add: string } {
  const sdn: string[] = [];
  const alt: string[] = [];
  const add: string[] = [];
  let altNum = 1;
  let addNum = 1;
  const countryName = new Intl.DisplayNames(['en'], { type: 'region' });
  for (const e of entries) {
    const type = e.subjectType === 'individual' ? '"individual"' : '-0- ';
    sdn.push([e.entryId, csvField(ofacName(e, e.name)), type, csvField(e.programs.join('] [')), ...Array(7).fill('-0- '), '-0- '].join(','));
    for (const a of e.aliases) alt.push([e.entryId, altNum++, '"aka"', csvField(ofacName(e, a)), '-0- '].join(','));
    for (const c of e.countries) add.push([e.entryId, addNum++, '-0- ', '-0- ', csvField(countryName.of(c) ?? c), '-0- '].join(','));
  }
  return { sdn: sdn.join('\r\n') + '\r\n\u001a', alt: alt.join('\r\n') + '\r\n\u001a', add: add.join('\r\n') + '\r\n\u001a' };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function main(): void {
  const { values } = parseArgs({ options: { entries: { type: 'string' }, aliases: { type: 'string' }, sample: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const entries = Number(values.entries ?? 18_000);
  const aliasesPerEntry = Number(values.aliases ?? 1.2);
  const sampleSize = Number(values.sample ?? 500);
  const seed = Number(values.seed ?? 7);

  let t = performance.now();
  const generated = syntheticSanctionsList({ entries, aliasesPerEntry, seed });
  const files = toOfacFiles(generated);
  const generateMs = performance.now() - t;
  t = performance.now();
  const list = parseOfac(files);
  const parseMs = performance.now() - t;
  t = performance.now();
  const index = SanctionsIndex.build(list);
  const buildMs = performance.now() - t;
  process.stderr.write(`generated ${list.length} entries, ${index.nameCount} names (${(files.sdn.length / 1e6).toFixed(1)} MB sdn.csv) in ${generateMs.toFixed(0)} ms; parsed in ${parseMs.toFixed(0)} ms; indexed in ${buildMs.toFixed(0)} ms\n`);

  const sample = labelledSample(list, sampleSize, seed + 4);
  // Warm-up: the first screenings pay for JIT compilation, which a running service has paid long before.
  for (const s of sample.slice(0, 50)) index.screen(s.name, s.country);
  const latenciesMs: number[] = [];
  const figures = measureScreening(sample, (name, country) => {
    const start = performance.now();
    const result = index.screen(name, country);
    latenciesMs.push(performance.now() - start);
    return result;
  });
  latenciesMs.sort((a, b) => a - b);
  const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
  process.stdout.write(
    `${JSON.stringify({
      entries: list.length,
      names: index.nameCount,
      sample: sample.length,
      precision: round(figures.precision),
      recall: round(figures.recall),
      falseBlockRate: round(figures.falseBlockRate),
      blockRecall: round(figures.blockRecall),
      truePositives: figures.truePositives,
      falseNegatives: figures.falseNegatives,
      falsePositives: figures.falsePositives,
      blockedInnocents: figures.blockedInnocents,
      missedByKind: figures.missedByKind,
      flaggedInnocentsByKind: figures.flaggedInnocentsByKind,
      medianMs: round(percentile(latenciesMs, 0.5), 3),
      p99Ms: round(percentile(latenciesMs, 0.99), 3),
      maxMs: round(latenciesMs.at(-1)!, 3),
      indexBuildMs: round(buildMs, 0),
      parseMs: round(parseMs, 0),
    })}\n`,
  );
}

main();
