import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MIGRATIONS, renderMigration } from '@hourglass/clickhouse';
import { hasBinary } from '@hourglass/platform';
import { HOURGLASS_MODULES } from '../../apps/hourglass/src/app.module';

/**
 * deploy/: every Grafana dashboard and Prometheus rule file loads, promtool accepts the rules and the
 * config, and every query names a metric Hourglass exports. "Exports" is the module manifests of
 * `hourglass serve`, which tests/integration/http-edge.test.ts holds equal to the families the live
 * registry serves on /metrics, plus the process_/nodejs_ defaults of prom-client.
 */
const DEPLOY = path.join(__dirname, '..', '..', 'deploy');
const DASHBOARDS = path.join(DEPLOY, 'grafana', 'dashboards');
const PROMETHEUS = path.join(DEPLOY, 'prometheus');

/**
 * PROMISED BY CONTRACTS §9, NOT YET EXPORTED ON THIS BRANCH. Dashboards and alerts may name these
 * while the branches that export them (recon, disputes, dunning) are not merged. LEAD: at merge, drop
 * each name its branch exports; the last test below fails until you do, so the list only shrinks.
 */
const PROMISED_BY_CONTRACTS_9: string[] = [];

const EXPORTED = new Set(HOURGLASS_MODULES.flatMap((m) => m.metrics));
const SUFFIXES = /_(bucket|sum|count)$/;

/** Metric names in a PromQL expression: Hourglass names are hourglass_<snake>; defaults process_/nodejs_. */
function metricNames(expr: string): string[] {
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return [...new Set([...withoutStrings.matchAll(/\b((?:hourglass|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1]!))];
}

function known(name: string): boolean {
  const base = name.replace(SUFFIXES, '');
  return EXPORTED.has(name) || EXPORTED.has(base) || PROMISED_BY_CONTRACTS_9.includes(base) || /^(process|nodejs)_/.test(name);
}

interface Panel {
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: Array<{ expr?: string; rawSql?: string }>;
  panels?: Panel[];
}

const dashboardFiles = fs.readdirSync(DASHBOARDS).filter((f) => f.endsWith('.json'));
const dashboards = dashboardFiles.map((file) => ({ file, json: JSON.parse(fs.readFileSync(path.join(DASHBOARDS, file), 'utf8')) as { uid: string; title: string; panels: Panel[] } }));
const panels = (ps: Panel[]): Panel[] => ps.flatMap((p) => [p, ...panels(p.panels ?? [])]);
const ruleFiles = fs.readdirSync(PROMETHEUS).filter((f) => f.endsWith('.rules.yml'));
/** The rule files keep every expr on one line (`expr: …`); promtool has parsed them already. */
const ruleExprs = (file: string) => [...fs.readFileSync(path.join(PROMETHEUS, file), 'utf8').matchAll(/^\s*expr:\s*(.+)$/gm)].map((m) => m[1]!.trim());

describe('deploy/: Grafana dashboards and Prometheus rules', () => {
  it('has one dashboard for each thing finance and operations watch, each with a unique uid', () => {
    expect(dashboardFiles).toEqual(expect.arrayContaining(['ingest-health.json', 'billing-accuracy.json', 'reconciliation.json', 'receivables.json', 'disputes.json', 'payouts.json']));
    const uids = dashboards.map((d) => d.json.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const d of dashboards) expect([d.file, d.json.panels.length > 0]).toEqual([d.file, true]);
  });

  it('provisions data sources and dashboards from the folders Grafana reads', () => {
    const sources = fs.readFileSync(path.join(DEPLOY, 'grafana', 'provisioning', 'datasources', 'hourglass.yml'), 'utf8');
    expect(sources).toMatch(/type: prometheus/);
    expect(sources).toMatch(/type: grafana-clickhouse-datasource/);
    const provider = fs.readFileSync(path.join(DEPLOY, 'grafana', 'provisioning', 'dashboards', 'hourglass.yml'), 'utf8');
    expect(provider).toMatch(/path: \/var\/lib\/grafana\/dashboards/);
    const compose = fs.readFileSync(path.join(DEPLOY, 'compose.yaml'), 'utf8');
    expect(compose).toContain('./grafana/provisioning:/etc/grafana/provisioning:ro');
    expect(compose).toContain('./grafana/dashboards:/var/lib/grafana/dashboards:ro');
    expect(compose).toContain('./prometheus:/etc/prometheus:ro');
    // Data sources named by uid in a dashboard exist (or are the dashboard's own template variables).
    for (const d of dashboards) {
      for (const p of panels(d.json.panels)) expect([d.file, p.title, ['prometheus', 'clickhouse', '${DS_PROMETHEUS}', '${DS_CLICKHOUSE}'].includes(p.datasource?.uid ?? 'prometheus')]).toEqual([d.file, p.title, true]);
    }
  });

  it('names in every dashboard and alert query only metrics the code exports (or CONTRACTS §9 promises)', () => {
    const unknown: string[] = [];
    let queries = 0;
    for (const d of dashboards) {
      for (const p of panels(d.json.panels)) {
        for (const t of p.targets ?? []) {
          if (!t.expr) continue;
          queries++;
          const names = metricNames(t.expr);
          if (names.length === 0) unknown.push(`${d.file} "${p.title}": no metric in ${t.expr}`);
          for (const n of names) if (!known(n)) unknown.push(`${d.file} "${p.title}": ${n}`);
        }
      }
    }
    for (const file of ruleFiles) {
      for (const expr of ruleExprs(file)) {
        queries++;
        for (const n of metricNames(expr)) if (!known(n)) unknown.push(`${file}: ${n}`);
      }
    }
    expect(unknown).toEqual([]);
    expect(queries).toBeGreaterThan(20);
  });

  it('queries in ClickHouse panels read only tables and views the migrations create', () => {
    const ddl = MIGRATIONS.flatMap((m) => renderMigration(m, { database: 'hourglass', cluster: null, dedupWindow: 1 })).join('\n');
    for (const d of dashboards) {
      for (const p of panels(d.json.panels)) {
        for (const t of p.targets ?? []) {
          for (const [, table] of (t.rawSql ?? '').matchAll(/\bFROM\s+([a-z_]+)/gi)) expect([d.file, table, ddl.includes(`\`hourglass\`.${table}`)]).toEqual([d.file, table, true]);
        }
      }
    }
  });

  const promtool = hasBinary('promtool') ? it : it.skip;

  promtool('passes promtool check rules and promtool check config', () => {
    const rules = spawnSync('promtool', ['check', 'rules', ...ruleFiles.map((f) => path.join(PROMETHEUS, f))], { encoding: 'utf8' });
    expect([rules.status, rules.stdout + rules.stderr]).toEqual([0, expect.stringContaining('SUCCESS')]);
    const config = spawnSync('promtool', ['check', 'config', path.join(PROMETHEUS, 'prometheus.yml')], { encoding: 'utf8' });
    expect([config.status, config.stdout + config.stderr]).toEqual([0, expect.stringContaining(`SUCCESS: ${ruleFiles.length} rule files found`)]);
  });

  it('(for the lead) promises only names that are not exported yet', () => {
    expect(PROMISED_BY_CONTRACTS_9.filter((n) => EXPORTED.has(n))).toEqual([]);
  });
});
