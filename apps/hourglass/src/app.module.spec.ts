import { MIGRATIONS } from '@hourglass/clickhouse';
import { duplicateClaims } from '@hourglass/kernel';
import { STREAMS } from '@hourglass/nats';
import { HOURGLASS_MODULES } from './app.module';

describe('the module manifests of `hourglass serve`', () => {
  it('give every migration exactly one owner', () => {
    const owned = HOURGLASS_MODULES.flatMap((m) => m.migrations).sort((a, b) => a - b);
    expect(owned).toEqual(MIGRATIONS.map((m) => m.version).sort((a, b) => a - b));
    expect(duplicateClaims(HOURGLASS_MODULES)).toEqual([]);
  });

  it('name only streams that are provisioned, and only config sections that exist', () => {
    const streams = new Set<string>(Object.values(STREAMS).map((s) => s.name));
    for (const m of HOURGLASS_MODULES) {
      for (const stream of m.streams) expect(streams.has(stream)).toBe(true);
      expect([null, 'nats', 'redis', 'clickhouse', 'http', 'metering', 'billing', 'rating', 'access', 'payments', 'ledger', 'console']).toContain(m.configSection);
    }
  });
});
