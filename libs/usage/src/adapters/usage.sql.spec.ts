import { usagePageSql, windowEndSql, windowStartSql } from './usage.sql';

const query = {
  fromMs: Date.parse('2026-11-01T00:00:00Z'),
  toMs: Date.parse('2026-12-01T00:00:00Z'),
  window: 'day' as const,
  tz: 'Europe/Berlin',
  groupBy: ['customer' as const, 'gpuModel' as const],
  filters: { operator: 'op-42' },
  limit: 100,
  after: null,
};

describe('usagePageSql', () => {
  it('binds every value and takes column names only from the group keys', () => {
    const { query: sql, params } = usagePageSql('`db`', { ...query, filters: { operator: "op'; DROP TABLE x" } }, 101);
    expect(sql).not.toContain('DROP TABLE');
    expect(sql).toContain('operator_id = {f_operator:String}');
    expect(params).toMatchObject({ f_operator: "op'; DROP TABLE x", tz: 'Europe/Berlin', limit: 101 });
  });

  it('joins rated amounts, split by currency, only when grouped by customer or rental', () => {
    expect(usagePageSql('`db`', query, 10).query).toContain('rated_usage_versions');
    expect(usagePageSql('`db`', query, 10).query).toMatch(/ORDER BY window_start_ms, customer_id, gpu_model, currency/);
    const noAmounts = usagePageSql('`db`', { ...query, groupBy: ['gpuModel'] }, 10).query;
    expect(noAmounts).not.toContain('rated_usage_versions');
    expect(noAmounts).toMatch(/ORDER BY window_start_ms, gpu_model\s/);
  });

  it('continues after the cursor key, currency included', () => {
    const { query: sql, params } = usagePageSql('`db`', { ...query, after: { windowStartMs: 5, groups: ['c-1', 'H100'], currency: 'USD' } }, 10);
    expect(sql).toContain('(window_start_ms, customer_id, gpu_model, currency) > ({a_ws:Int64}, {a_0:String}, {a_1:String}, {a_2:String})');
    expect(params).toMatchObject({ a_ws: 5, a_0: 'c-1', a_1: 'H100', a_2: 'USD' });
  });

  it('cuts windows in the zone with ClickHouse calendar functions', () => {
    expect(windowStartSql('month', 't')).toBe('toDateTime(toStartOfMonth(t, {tz:String}), {tz:String})');
    expect(windowEndSql('day', 'w')).toBe('toStartOfDay(w + INTERVAL 36 HOUR, {tz:String})');
  });
});
