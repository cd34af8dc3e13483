import type { Readable } from 'node:stream';
import { chDateTime, queryRows, type ClickHouseClient } from '@hourglass/clickhouse';
import type { ClosePackFormat, DatasetSummary } from '../domain/close-pack';
import type { ClosePackSource, PeriodWindow } from '../ports';
import { CLOSE_DATASETS, countSql, exportSql, totalsSql, type CloseDataset } from './close-datasets.sql';

export class ClickHouseClosePackSource implements ClosePackSource {
  private readonly db: string;

  constructor(
    private readonly client: ClickHouseClient,
    database: string,
    private readonly list: readonly CloseDataset[] = CLOSE_DATASETS,
  ) {
    this.db = '`' + database.replace(/`/g, '') + '`';
  }

  datasets() {
    return this.list.map((d) => ({ name: d.name, description: d.description }));
  }

  async summarize(window: PeriodWindow): Promise<DatasetSummary[]> {
    const params = paramsOf(window);
    const out: DatasetSummary[] = [];
    for (const d of this.list) {
      const [count] = await queryRows<{ rows: string }>(this.client, countSql(d, this.db), params);
      const totals: DatasetSummary['totals'] = {};
      for (const row of await queryRows<Record<string, string>>(this.client, totalsSql(d, this.db), params)) {
        const { currency, ...sums } = row;
        totals[currency!] = sums;
      }
      out.push({ name: d.name, description: d.description, rows: Number(count?.rows ?? 0), totals });
    }
    return out;
  }

  async export(window: PeriodWindow, dataset: string, format: ClosePackFormat): Promise<Readable> {
    const d = this.list.find((x) => x.name === dataset);
    if (!d) throw new Error(`unknown dataset ${dataset}`);
    // exec, not query: the raw bytes of the format, which the client would otherwise try to decode.
    const result = await this.client.exec({ query: exportSql(d, this.db, format), query_params: paramsOf(window) });
    return result.stream;
  }
}

function paramsOf(w: PeriodWindow): Record<string, string> {
  return { period: w.period, start: chDateTime(w.startMs), end: chDateTime(w.endMs), asOf: chDateTime(w.asOfMs) };
}
