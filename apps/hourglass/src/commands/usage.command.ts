import { Option, type Command } from 'commander';
import { loadConfig } from '@hourglass/config';
import { UsageError } from '../exit-codes';
import { api, out, withFormat, type FormatOptions } from '../output';
import { printTable } from '../print';

const GROUP_KEYS = ['customer', 'rental', 'operator', 'dataCenter', 'gpuModel', 'pricingClass'];
/** Pages fetched before the CLI stops and says so: the API bounds one page, this bounds the whole. */
const PAGES_MAX = 100;

interface UsageOptions extends FormatOptions {
  from: string;
  to: string;
  window: string;
  tz?: string;
  groupBy?: string;
  customer?: string;
  rental?: string;
  operator?: string;
  dataCenter?: string;
  gpuModel?: string;
  pricingClass?: string;
}

type UsageRow = Record<string, string>;

/** `2026-11`, `2026-11-01` or a full instant; dates are UTC midnight (use an offset for another zone). */
export function instantArg(flag: string, value: string): string {
  if (/^\d{4}-\d{2}$/.test(value)) value = `${value}-01`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) value = `${value}T00:00:00Z`;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/i.test(value) || !Number.isFinite(Date.parse(value))) {
    throw new UsageError(`${flag} ${value}: expected YYYY-MM, YYYY-MM-DD (UTC midnight) or an ISO instant with an offset, e.g. 2026-11-01T00:00:00+01:00`);
  }
  return value;
}

function groupByArg(value: string): string {
  const keys = value.split(',').map((k) => k.trim()).filter((k) => k !== '');
  const unknown = keys.filter((k) => !GROUP_KEYS.includes(k));
  if (unknown.length) throw new UsageError(`--group-by ${unknown.join(',')}: use any of ${GROUP_KEYS.join(', ')}, comma-separated`);
  return keys.join(',');
}

export function registerUsageCommand(program: Command): void {
  withFormat(
    program
      .command('usage')
      .description('covered GPU-hours (as billed) per time window and group, with rated amounts by customer or rental')
      .requiredOption('--from <when>', 'start, inclusive: YYYY-MM, YYYY-MM-DD (UTC) or an ISO instant')
      .requiredOption('--to <when>', 'end, exclusive: same forms as --from')
      .addOption(new Option('--window <window>', 'window length').choices(['hour', 'day', 'month']).default('day'))
      .option('--tz <zone>', 'IANA time zone the windows start in, e.g. Europe/Berlin', 'UTC')
      .option('--group-by <keys>', `comma list of ${GROUP_KEYS.join(', ')}`)
      .option('--customer <id>', 'only this customer')
      .option('--rental <id>', 'only this rental')
      .option('--operator <id>', 'only this operator')
      .option('--data-center <id>', 'only this data center')
      .option('--gpu-model <model>', 'only this GPU model')
      .option('--pricing-class <class>', 'only on_demand, spot or reserved')
      .option('--csv', 'same as --format csv'),
  ).action(async (options: UsageOptions) => {
    const params = new URLSearchParams({
      from: instantArg('--from', options.from),
      to: instantArg('--to', options.to),
      window: options.window,
      tz: options.tz ?? 'UTC',
    });
    if (options.groupBy) params.set('groupBy', groupByArg(options.groupBy));
    for (const key of GROUP_KEYS.slice()) {
      const value = options[key as keyof UsageOptions];
      if (typeof value === 'string') params.set(key, value);
    }
    const client = api(loadConfig());
    const rows: UsageRow[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      if (cursor) params.set('cursor', cursor);
      const page: { rows: UsageRow[]; nextCursor: string | null } = await client.request('GET', `/v1/usage?${params}`);
      rows.push(...page.rows);
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < PAGES_MAX);
    if (cursor !== null) process.stderr.write(`hourglass: stopped after ${PAGES_MAX} pages (${rows.length} rows): narrow --from/--to, use a longer --window or fewer --group-by keys\n`);
    const columns = ['windowStart', 'windowEnd', ...GROUP_KEYS.filter((k) => rows.some((r) => r[k] !== undefined)), 'gpuHours', 'gpuMs', ...(rows.some((r) => r.amount !== undefined) ? ['amount', 'currency'] : []), ...['gpuUtilizationPct', 'energyWh'].filter((k) => rows.some((r) => r[k] !== undefined))];
    out(options, rows, {
      table: () => (rows.length ? printTable(rows, { columns: columns.filter((c) => c !== 'gpuMs'), headings: { gpuHours: 'GPU-hours', gpuUtilizationPct: 'util %', energyWh: 'energy Wh' } }) : 'no usage in that span'),
      csvColumns: columns,
    });
  });
}
