import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CORE_SCHEMA, load, loadAll, mergeTag } from 'js-yaml';
import { loadConfig } from '@hourglass/config';
import { hasBinary } from '@hourglass/platform';
import { HOURGLASS_MODULES } from '../../apps/hourglass/src/app.module';

/**
 * deploy/ as a whole: the compose topology, the Kubernetes manifests, Prometheus, Grafana, NATS,
 * ClickHouse and Redis files agree with each other and with the code (app entry points, the variables
 * Hourglass reads, the metrics it exports, the probes it serves). No Docker engine or cluster runs
 * here: these are the checks that can run without one.
 */
const ROOT = path.join(__dirname, '..', '..');
const DEPLOY = path.join(ROOT, 'deploy');
const read = (file: string) => fs.readFileSync(path.join(DEPLOY, file), 'utf8');
// Merge keys (`<<: *anchor`), as Docker Compose reads them.
const SCHEMA = CORE_SCHEMA.withTags(mergeTag);
const yaml = (file: string) => load(read(file), { schema: SCHEMA }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const yamlDocuments = (file: string) => (loadAll(read(file), { schema: SCHEMA }) as Array<Record<string, any>>).filter(Boolean); // eslint-disable-line @typescript-eslint/no-explicit-any

/** The module apps: every apps/<name> with an app.module.ts, but the all-in-one `hourglass`. */
const MODULE_APPS = fs
  .readdirSync(path.join(ROOT, 'apps'))
  .filter((name) => name !== 'hourglass' && fs.existsSync(path.join(ROOT, 'apps', name, 'src', 'app.module.ts')))
  .sort();
const entry = (app: string) => ['node', `dist/apps/${app}/src/main.js`];
const hostsIn = (value: string) => value.split(',').map((one) => (one.includes('://') ? new URL(one.trim()).hostname : one.trim().split(':')[0]!));
const CONFIG_SOURCES = fs
  .readdirSync(path.join(ROOT, 'libs', 'config', 'src'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
  .map((f) => fs.readFileSync(path.join(ROOT, 'libs', 'config', 'src', f), 'utf8'))
  .join('\n');

describe('deploy/: the scaled-out topology', () => {
  const compose = yaml('compose.yaml');
  const services = compose.services as Record<string, { command?: string[]; environment?: Record<string, string>; volumes?: string[]; image?: string; build?: { context: string; dockerfile: string }; depends_on?: unknown; deploy?: { replicas?: number } }>;
  const k8s = ['apps.yaml', 'config.yaml', 'metering-hpa.yaml'].flatMap((f) => yamlDocuments(`k8s/${f}`));
  const deployments = k8s.filter((d) => d.kind === 'Deployment');
  const env = compose['x-hourglass-env'] as Record<string, string>;
  const configMap = k8s.find((d) => d.kind === 'ConfigMap')!.data as Record<string, string>;

  it('has the module apps the repository builds, and nothing else', () => {
    expect(MODULE_APPS).toEqual(['billing', 'metering', 'payments', 'payouts', 'rating', 'reconciliation']);
  });

  it('runs every module app in compose and on Kubernetes from the one image, with its own entry point', () => {
    for (const app of MODULE_APPS) {
      expect([app, services[app]?.command]).toEqual([app, entry(app)]);
      expect([app, services[app]?.image, services[app]?.build]).toEqual([app, 'hourglass:latest', { context: '..', dockerfile: 'Dockerfile' }]);
      const deployment = deployments.find((d) => d.metadata.name === `hourglass-${app}`);
      expect([app, deployment?.spec.template.spec.containers[0].command]).toEqual([app, entry(app)]);
      expect(fs.existsSync(path.join(ROOT, 'apps', app, 'src', 'main.ts'))).toBe(true);
    }
    expect(fs.existsSync(path.join(ROOT, 'Dockerfile'))).toBe(true);
    expect(read('../Dockerfile')).toMatch(/CMD \["node", "dist\/apps\/hourglass\/src\/main\.js", "serve"\]/);
    expect(services.metering!.deploy?.replicas).toBeGreaterThan(1);
  });

  it('gives every pod readiness on /readyz and liveness on /livez, apart, and a Service by the app name', () => {
    for (const d of deployments) {
      const [container] = d.spec.template.spec.containers;
      expect([d.metadata.name, container.readinessProbe.httpGet.path, container.livenessProbe.httpGet.path]).toEqual([d.metadata.name, '/readyz', '/livez']);
      expect(d.spec.template.metadata.annotations['prometheus.io/path']).toBe('/metrics');
      expect(d.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(loadConfig({}).metering.consumer.ackWaitMs / 1000);
    }
    const serviceNames = k8s.filter((d) => d.kind === 'Service').map((s) => s.metadata.name).sort();
    expect(serviceNames).toEqual(MODULE_APPS);
  });

  it('configures the apps only with variables Hourglass reads, and a configuration it accepts', () => {
    for (const [source, vars] of [['compose', env], ['k8s', configMap]] as const) {
      for (const name of Object.keys(vars)) expect([source, name, CONFIG_SOURCES.includes(name)]).toEqual([source, name, true]);
      const resolved = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(v).replace(/\$\{[^}]+\}/g, 'secret')]));
      const config = loadConfig(resolved);
      expect([source, config.nats.streamReplicas, config.redis.sentinels?.length, config.redis.waitReplicas, config.clickhouse.cluster]).toEqual([source, 3, 3, 1, 'hourglass']);
    }
  });

  it('points the apps at services that exist, and NATS, Redis and ClickHouse at each other', () => {
    const named = (host: string) => expect([host, host in services]).toEqual([host, true]);
    for (const key of ['NATS_URL', 'REDIS_URL', 'REDIS_SENTINELS', 'CLICKHOUSE_URL']) hostsIn(env[key]!).forEach(named);
    const cluster = read('clickhouse/cluster.xml');
    for (const [, host] of cluster.matchAll(/<host>([^<]+)<\/host>/g)) named(host!);
    for (const [, host] of read('clickhouse/keeper.xml').matchAll(/<hostname>([^<]+)<\/hostname>/g)) named(host!);
    for (const [, host] of read('nats/cluster.conf').matchAll(/nats-route:\/\/([^:]+):6222/g)) named(host!);
    named(/sentinel monitor hourglass (\S+) 6379/.exec(read('redis/sentinel.conf'))![1]!);
    named((yaml('grafana/provisioning/datasources/hourglass.yml').datasources as Array<{ type: string; jsonData?: { host?: string } }>).find((d) => d.type === 'grafana-clickhouse-datasource')!.jsonData!.host!);
    expect(env.REDIS_SENTINEL_MASTER).toBe(/sentinel monitor (\S+)/.exec(read('redis/sentinel.conf'))![1]);
  });

  it('mounts only files and folders that exist', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        const host = volume.split(':')[0]!;
        if (host.startsWith('.')) expect([name, host, fs.existsSync(path.join(DEPLOY, host))]).toEqual([name, host, true]);
      }
    }
    // The tokens secret is made by the operator (its README says how), never committed.
    expect((compose.secrets as Record<string, { file: string }>)['hourglass-tokens']!.file).toBe('./secrets/hourglass-tokens.json');
    expect(fs.existsSync(path.join(DEPLOY, 'secrets', 'README.md'))).toBe(true);
  });

  it('scrapes every module app by its service name, and scales metering on a metric it exports', () => {
    const prometheus = yaml('prometheus/prometheus.yml');
    const names = (prometheus.scrape_configs as Array<{ dns_sd_configs?: Array<{ names: string[] }> }>).flatMap((j) => j.dns_sd_configs ?? []).flatMap((d) => d.names);
    expect([...names].sort()).toEqual(MODULE_APPS);
    const hpa = k8s.find((d) => d.kind === 'HorizontalPodAutoscaler')!;
    expect(hpa.spec.scaleTargetRef.name).toBe('hourglass-metering');
    const metric = hpa.spec.metrics[0].external.metric.name as string;
    expect(HOURGLASS_MODULES.flatMap((m) => m.metrics)).toContain(metric);
    const kustomization = yaml('k8s/kustomization.yaml');
    for (const resource of kustomization.resources as string[]) expect(fs.existsSync(path.join(DEPLOY, 'k8s', resource))).toBe(true);
  });

  it('runs ClickHouse as two shards of two replicas, each node with its own shard and replica macros, on three Keeper nodes', () => {
    const cluster = read('clickhouse/cluster.xml');
    const shards = [...cluster.matchAll(/<shard>([\s\S]*?)<\/shard>/g)].map(([, body]) => [...body!.matchAll(/<host>([^<]+)<\/host>/g)].map(([, host]) => host!));
    expect(shards).toEqual([
      ['ch-1', 'ch-2'],
      ['ch-3', 'ch-4'],
    ]);
    // A Distributed insert writes one replica of a shard; the Replicated table copies it to the other.
    expect(cluster.match(/<internal_replication>true<\/internal_replication>/g)).toHaveLength(shards.length);
    // The Replicated engines' Keeper paths name {shard} and {replica}: per node, from its environment.
    expect(cluster).toMatch(/<shard from_env="CH_SHARD"\/>/);
    expect(cluster).toMatch(/<replica from_env="CH_REPLICA"\/>/);
    shards.forEach((hosts, i) => {
      for (const host of hosts) {
        const service = services[host] as { environment?: Record<string, string>; hostname?: string };
        expect([host, service.environment?.CH_SHARD, service.environment?.CH_REPLICA, service.hostname]).toEqual([host, String(i + 1), host, host]);
        expect([host, service.environment?.CLICKHOUSE_CLUSTER_SECRET]).toEqual([host, expect.stringContaining('CLICKHOUSE_CLUSTER_SECRET')]);
      }
    });
    expect(cluster).toMatch(/<secret from_env="CLICKHOUSE_CLUSTER_SECRET"\/>/);
    const keepers = [...cluster.matchAll(/<node><host>([^<]+)<\/host><port>9181<\/port><\/node>/g)].map(([, host]) => host!);
    expect(keepers).toEqual([...read('clickhouse/keeper.xml').matchAll(/<hostname>([^<]+)<\/hostname>/g)].map(([, host]) => host!));
    expect(keepers).toEqual(['keeper-1', 'keeper-2', 'keeper-3']);
    // The apps start once every ClickHouse node answers: migration 025 creates tables ON CLUSTER.
    for (const app of MODULE_APPS) expect([app, Object.keys(services[app]!.depends_on as object).filter((s) => s.startsWith('ch-'))]).toEqual([app, shards.flat()]);
    expect(Object.keys(services).filter((s) => /^ch-\d+$/.test(s)).sort()).toEqual(shards.flat());
  });

  const natsServer = hasBinary('nats-server') ? it : it.skip;
  natsServer('has a NATS cluster configuration nats-server accepts', () => {
    const result = spawnSync('nats-server', ['-t', '-c', 'cluster.conf'], {
      cwd: path.join(DEPLOY, 'nats'),
      encoding: 'utf8',
      env: { ...process.env, NATS_SERVER_NAME: 'nats-1', NATS_STORE_DIR: '/tmp', HOURGLASS_NATS_PASSWORD: 'x', OP_42_NATS_PASSWORD: 'y', OP_7_NATS_PASSWORD: 'z' },
    });
    expect([result.status, result.stdout + result.stderr]).toEqual([0, expect.stringContaining('is valid')]);
  });

  const xmllint = hasBinary('xmllint') ? it : it.skip;
  xmllint('has well-formed ClickHouse cluster and Keeper files', () => {
    const result = spawnSync('xmllint', ['--noout', path.join(DEPLOY, 'clickhouse', 'cluster.xml'), path.join(DEPLOY, 'clickhouse', 'keeper.xml')], { encoding: 'utf8' });
    expect([result.status, result.stderr]).toEqual([0, '']);
  });
});
