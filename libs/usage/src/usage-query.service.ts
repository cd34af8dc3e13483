import { checkBounds, decodeCursor, encodeCursor, parseUsageQuery, queryFingerprint, toRowView, type UsagePage } from './domain';
import type { UsageRepository } from './ports';

/** `GET /v1/usage`: validate, refuse what is too large, read one page, hand out the next cursor. */
export class UsageQueryService {
  constructor(private readonly repository: UsageRepository) {}

  async execute(params: Record<string, unknown>): Promise<UsagePage> {
    const { cursor, ...parsed } = parseUsageQuery(params);
    checkBounds(parsed);
    const fingerprint = queryFingerprint(parsed);
    const after = cursor === null ? null : decodeCursor(cursor, fingerprint, parsed.groupBy.length);
    // One row more than the page tells whether another page follows, without a count query.
    const rows = await this.repository.rows({ ...parsed, after }, parsed.limit + 1);
    const page = rows.slice(0, parsed.limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > parsed.limit && last
        ? encodeCursor(fingerprint, { windowStartMs: last.windowStartMs, groups: parsed.groupBy.map((k) => last.groups[k] ?? ''), currency: last.currency ?? '' })
        : null;
    return { rows: page.map((r) => toRowView(r, parsed.tz)), nextCursor };
  }
}
