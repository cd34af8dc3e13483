import { nodeOvercommitSql, outsideRentalWindowSql, overlappingResendsSql, rentalVelocitySql, spendJumpSql, zeroUtilizationSql } from './fraud-signals.sql';

const builders = { nodeOvercommitSql, overlappingResendsSql, outsideRentalWindowSql, zeroUtilizationSql, rentalVelocitySql, spendJumpSql };

describe('fraud rule SQL, as text', () => {
  it.each(Object.entries(builders))('%s binds the window and thresholds as parameters and reads only the named database', (_name, build) => {
    const sql = build('`db_x`');
    expect(sql).toContain('{from:Int64}');
    expect(sql).toContain('{to:Int64}');
    // No threshold or window is spliced in as a literal: every figure comes from a parameter.
    expect(sql).not.toMatch(/\b(1\.05|0\.2|86400000)\b/);
    for (const table of sql.matchAll(/\bFROM\s+([`\w.]+)/g)) {
      if (table[1] !== '(') expect(table[1]).toMatch(/^`db_x`\./);
    }
    expect(sql).toMatch(/subject_id/);
    expect(sql).toMatch(/AS value/);
  });
});
