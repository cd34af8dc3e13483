/**
 * What a module brings to a process, declared in one place beside its Nest module: the ClickHouse
 * migrations whose tables it owns, the JetStream streams it reads or writes, the config section it
 * reads, and the metric names it registers. Apps compose manifests; the bootstrap logs them, and the
 * manifest spec holds every migration, stream and metric to exactly one owner, so a new module cannot
 * add one without saying so.
 */
export interface ModuleManifest {
  /** Short and stable: the app label of its metrics, the name in logs. */
  name: string;
  /** Versions of the migrations in @hourglass/clickhouse's MIGRATIONS that create its tables. */
  migrations: readonly number[];
  /** Names of the JetStream streams it consumes from or publishes to (STREAMS in @hourglass/nats). */
  streams: readonly string[];
  /** The section of HourglassConfig it reads, if any. */
  configSection: string | null;
  /** Prometheus metric names it registers. */
  metrics: readonly string[];
}

export function defineModule(manifest: ModuleManifest): Readonly<ModuleManifest> {
  if (!/^[a-z][a-z0-9-]*$/.test(manifest.name)) throw new Error(`module name ${JSON.stringify(manifest.name)} must be lower-case kebab`);
  for (const metric of manifest.metrics) {
    if (!/^hourglass_[a-z0-9_]+$/.test(metric)) throw new Error(`module ${manifest.name}: metric ${metric} must be hourglass_<snake_case>`);
  }
  return Object.freeze({ ...manifest });
}

/** One line per module, for the log at start-up. */
export function describeModules(manifests: readonly ModuleManifest[]): string {
  return manifests
    .map((m) => `${m.name} (migrations ${m.migrations.join(', ') || 'none'}; streams ${m.streams.join(', ') || 'none'}; config ${m.configSection ?? 'none'})`)
    .join('; ');
}

/** Migrations and metrics that two modules claim: each has one owner (a stream may have a producer and a consumer). */
export function duplicateClaims(manifests: readonly ModuleManifest[]): string[] {
  const owners = new Map<string, string>();
  const duplicates: string[] = [];
  for (const m of manifests) {
    for (const key of [...m.migrations.map((v) => `migration ${v}`), ...m.metrics.map((n) => `metric ${n}`)]) {
      const owner = owners.get(key);
      if (owner && owner !== m.name) duplicates.push(`${key}: ${owner} and ${m.name}`);
      owners.set(key, m.name);
    }
  }
  return duplicates;
}
