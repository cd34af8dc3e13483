import type { ReconciliationConfig } from '@hourglass/config';
import { DomainError } from '@hourglass/contracts';
import { assertValidRules, DEFAULT_RECON_CONFIG, type FeeSchedule, type MatchRule, type ReconConfig } from '../domain/rules';

const DECIMAL = /^-?\d+(\.\d+)?$/;

function feeSchedules(raw: unknown[]): FeeSchedule[] {
  return raw.map((s, i) => {
    const o = s as Record<string, unknown>;
    for (const k of ['provider', 'currency', 'percentage', 'fixed'] as const) {
      if (typeof o[k] !== 'string') throw new DomainError('invalid_config', `HOURGLASS_RECON_FEE_SCHEDULES[${i}].${k} must be a string`);
    }
    const schedule = { provider: o.provider as string, currency: (o.currency as string).toUpperCase(), percentage: o.percentage as string, fixed: o.fixed as string, tolerance: typeof o.tolerance === 'string' ? o.tolerance : '0' };
    for (const k of ['percentage', 'fixed', 'tolerance'] as const) {
      if (!DECIMAL.test(schedule[k])) throw new DomainError('invalid_config', `HOURGLASS_RECON_FEE_SCHEDULES[${i}].${k} must be a decimal string`);
    }
    return schedule;
  });
}

/** The config section as the engine takes it; the module's defaults where the section says nothing. */
export function reconConfigFrom(section: ReconciliationConfig): ReconConfig {
  const rules = section.rules === null ? DEFAULT_RECON_CONFIG.rules : (section.rules as MatchRule[]);
  assertValidRules(rules);
  return {
    ...DEFAULT_RECON_CONFIG,
    rules,
    feeSchedules: section.feeSchedules === null ? DEFAULT_RECON_CONFIG.feeSchedules : feeSchedules(section.feeSchedules),
    settlementWindowDays: section.settlementWindowDays,
    lookbackDays: section.lookbackDays,
    payoutWindowDays: section.payoutWindowDays,
  };
}
