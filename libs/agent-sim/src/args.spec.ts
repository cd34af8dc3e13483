import { CliError, parseAgentSimArgs, parseFaults, STANDARD_FAULTS } from './args';

const NOW = Date.UTC(2026, 10, 26, 12, 34, 56, 789);

describe('parseAgentSimArgs', () => {
  it('defaults to a small fleet, one day ending at the last whole step before now', () => {
    const config = parseAgentSimArgs([], {}, NOW);
    expect(config).toMatchObject({
      help: false,
      natsUrl: 'nats://127.0.0.1:4222',
      customers: 10,
      rentalsPerCustomer: 3,
      operators: 4,
      currencies: ['USD', 'EUR'],
      seed: 1,
      idPrefix: '',
      stepMs: 60_000,
      ratePerSecond: 0,
      inFlightMax: 256,
      faults: {},
      referenceOut: null,
    });
    expect(new Date(config.toMs).toISOString()).toBe('2026-11-26T12:34:00.000Z');
    expect(new Date(config.fromMs).toISOString()).toBe('2026-11-25T12:34:00.000Z');
  });

  it('reads every option and NATS_URL', () => {
    const config = parseAgentSimArgs(
      ['--customers', '50', '--rentals-per-customer', '4', '--operators', '7', '--currencies', 'usd,jpy', '--days', '0.5', '--end', '2026-11-01T00:00:00Z',
        '--step-ms', '30000', '--rate', '2000', '--in-flight', '64', '--seed', '99', '--id-prefix', 'bench-', '--faults', 'standard', '--reference-out', '/tmp/ref.ndjson'],
      { NATS_URL: 'nats://nats:4222' },
      NOW,
    );
    expect(config).toMatchObject({
      natsUrl: 'nats://nats:4222',
      customers: 50,
      rentalsPerCustomer: 4,
      operators: 7,
      currencies: ['USD', 'JPY'],
      stepMs: 30_000,
      ratePerSecond: 2000,
      inFlightMax: 64,
      seed: 99,
      idPrefix: 'bench-',
      faults: STANDARD_FAULTS,
      referenceOut: '/tmp/ref.ndjson',
      toMs: Date.UTC(2026, 10, 1),
      fromMs: Date.UTC(2026, 10, 1) - 43_200_000,
    });
  });

  it.each([
    [['--customers', 'many']],
    [['--customers', '0']],
    [['--days', '0']],
    [['--rate', '-5']],
    [['--end', '2026-11-01T00:00:00']],
    [['--unknown']],
    [['positional']],
  ])('refuses %j', (argv) => {
    expect(() => parseAgentSimArgs(argv, {}, NOW)).toThrow(CliError);
  });
});

describe('parseFaults', () => {
  it.each([
    [undefined, {}],
    ['none', {}],
    ['resend=0.01,overlap=0.02,outOfOrder=0.03,bad=0.004,unkeyed=0.5', { resendRate: 0.01, overlapRate: 0.02, outOfOrderRate: 0.03, badRate: 0.004, resendUnkeyedShare: 0.5 }],
    ['{"badRate":0.1,"badReasons":["unknown_rental"]}', { badRate: 0.1, badReasons: ['unknown_rental'] }],
  ])('reads %s', (spec, expected) => {
    expect(parseFaults(spec)).toEqual(expected);
  });

  it.each(['resend=2', 'resend', 'typo=0.1', '{"resendRate":"0.1"}', '{broken'])('refuses %s', (spec) => {
    expect(() => parseFaults(spec)).toThrow(CliError);
  });
});
