import { clusterSettings } from './clickhouse-client.factory';

describe('clusterSettings', () => {
  it('add nothing on one node', () => {
    expect(clusterSettings(null)).toEqual({});
  });

  it('make a cluster insert synchronously to the shards, join sharded tables globally, and read from the replica it wrote to', () => {
    expect(clusterSettings('hourglass')).toEqual({
      distributed_foreground_insert: 1,
      distributed_product_mode: 'global',
      load_balancing: 'in_order',
      prefer_localhost_replica: 0,
    });
  });
});
