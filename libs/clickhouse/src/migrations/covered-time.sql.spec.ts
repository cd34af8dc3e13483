import { coveredPiecesSql } from './covered-time.sql';

describe('coveredPiecesSql (text)', () => {
  it('reads accepted usage of the given database, with the caller filter in parentheses', () => {
    const sql = coveredPiecesSql('`hg`', 'stream_seq <= {watermark:UInt64} OR 1');
    expect(sql).toContain('FROM `hg`.usage_outcomes');
    expect(sql).toContain("WHERE outcome = 'accepted' AND (stream_seq <= {watermark:UInt64} OR 1)");
  });

  it('filters nothing more by default', () => {
    expect(coveredPiecesSql('`hg`')).toContain("WHERE outcome = 'accepted' AND (1)");
  });

  it('keeps of each interval only what lies after the furthest end before it, per rental', () => {
    const sql = coveredPiecesSql('`hg`');
    expect(sql).toContain('max(e) OVER (PARTITION BY rental_id ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end');
    expect(sql).toContain('greatest(s, prev_end) AS piece_start_ms');
    expect(sql).toContain('WHERE e > greatest(s, prev_end)');
  });
});
