import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to the embedded setup on loopback', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      natsUrl: 'nats://127.0.0.1:4222',
      redisUrl: 'redis://127.0.0.1:6379',
      clickhouseUrl: null,
      httpPort: 8080,
      apiUrl: 'http://127.0.0.1:8080',
      unknownRentalGraceMs: 600_000,
    });
    expect(config.dataDir).toMatch(/\.hourglass$/);
  });

  it.each([
    [{ HOURGLASS_HTTP_PORT: 'eighty' }, /HOURGLASS_HTTP_PORT=eighty is not a whole number/],
    [{ NATS_URL: 'localhost:4222' }, /NATS_URL=localhost:4222 must use nats:/],
    [{ CLICKHOUSE_URL: 'not a url' }, /CLICKHOUSE_URL=not a url is not a URL/],
    [{ HOURGLASS_UNKNOWN_RENTAL_GRACE_MS: '-1' }, /HOURGLASS_UNKNOWN_RENTAL_GRACE_MS=-1/],
    [{ HOURGLASS_ROUNDING: 'CHF' }, /HOURGLASS_ROUNDING=CHF: expected CUR=mode pairs/],
  ])('refuses %j with a message that names the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never lets JetStream give a usage message up: redeliveries are unlimited', () => {
    expect(loadConfig({}).consumer.maxDeliver).toBe(-1);
  });

  it('parses per-currency rounding overrides', () => {
    expect(loadConfig({ HOURGLASS_ROUNDING: 'chf=half_even, JPY=down' }).roundingOverrides).toEqual({ CHF: 'half_even', JPY: 'down' });
  });
});
