import { ConfigError } from './config-error';
import { riskFrom } from './risk-config';

describe('risk config', () => {
  it('defaults to Watchman thresholds, a 10 s sweep and hourly windows of a day', () => {
    const c = riskFrom({});
    expect(c.sanctions).toMatchObject({ blockThreshold: 0.95, reviewThreshold: 0.85, sweepIntervalMs: 10_000, refreshMs: 24 * 3_600_000 });
    expect(c.sanctions.urls).toEqual({ ofacSdn: null, ofacAlt: null, ofacAdd: null, eu: null });
    expect(c.signals).toMatchObject({ windowMs: 24 * 3_600_000, nodeOvercommitRatio: 1.05, zeroUtilizationMs: 6 * 3_600_000, baselineWindows: 7 });
  });

  it('refuses a review threshold above the block threshold, a threshold out of (0, 1], and a URL that is not one', () => {
    expect(() => riskFrom({ HOURGLASS_SANCTIONS_REVIEW_THRESHOLD: '0.97' })).toThrow(ConfigError);
    expect(() => riskFrom({ HOURGLASS_SANCTIONS_BLOCK_THRESHOLD: '1.5' })).toThrow(ConfigError);
    expect(() => riskFrom({ HOURGLASS_SANCTIONS_EU_URL: 'not a url' })).toThrow(ConfigError);
    expect(riskFrom({ HOURGLASS_SANCTIONS_BLOCK_THRESHOLD: '0.9', HOURGLASS_SANCTIONS_REVIEW_THRESHOLD: '0.8' }).sanctions).toMatchObject({ blockThreshold: 0.9, reviewThreshold: 0.8 });
  });
});
