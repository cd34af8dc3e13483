import { defineModule, describeModules, duplicateClaims } from './module-manifest';

const metering = defineModule({ name: 'metering', migrations: [1, 3], streams: ['USAGE'], configSection: 'metering', metrics: ['hourglass_usage_events_total'] });
const invoicing = defineModule({ name: 'invoicing', migrations: [4], streams: ['USAGE'], configSection: 'billing', metrics: [] });

describe('module manifests', () => {
  it('let two modules share a stream but not a migration or a metric', () => {
    expect(duplicateClaims([metering, invoicing])).toEqual([]);
    const thief = defineModule({ name: 'thief', migrations: [3], streams: [], configSection: null, metrics: ['hourglass_usage_events_total'] });
    expect(duplicateClaims([metering, invoicing, thief])).toEqual(['migration 3: metering and thief', 'metric hourglass_usage_events_total: metering and thief']);
  });

  it('refuse a name or a metric outside the conventions', () => {
    expect(() => defineModule({ ...invoicing, name: 'Invoicing' })).toThrow(/kebab/);
    expect(() => defineModule({ ...invoicing, metrics: ['usage_events_total'] })).toThrow(/hourglass_/);
  });

  it('describe what each module brings, for the start-up log', () => {
    expect(describeModules([metering, invoicing])).toBe(
      'metering (migrations 1, 3; streams USAGE; config metering); invoicing (migrations 4; streams USAGE; config billing)',
    );
  });
});
