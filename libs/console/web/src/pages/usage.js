import { get, query } from '../api.js';
import { html } from '../html.js';
import { gpuHours, number, zone } from '../format.js';
import { useRoute } from '../router.js';
import { Chart, DataTable, Filters, Link, Loaded, Money, Time, useLoad } from '../ui.js';
import { firstOfLastMonth, firstOfThisMonth } from './common.js';

const KEYS = ['customer', 'rental', 'operator', 'dataCenter', 'gpuModel', 'pricingClass'];
const LABELS = { customer: 'Customer', rental: 'Rental', operator: 'Operator', dataCenter: 'Data center', gpuModel: 'GPU model', pricingClass: 'Pricing class' };
const PAGES_MAX = 20;

function instantOf(date, tz) {
  // A date picked here is midnight in the chosen zone; the API takes instants, so ask the zone's offset.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  if (tz === 'UTC') return `${date}T00:00:00Z`;
  const guess = new Date(`${date}T00:00:00Z`);
  const local = new Date(guess.toLocaleString('en-US', { timeZone: tz }));
  const utc = new Date(guess.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(guess.getTime() - (local.getTime() - utc.getTime())).toISOString();
}

async function loadUsage(params) {
  const rows = [];
  let cursor = null;
  let pages = 0;
  do {
    const page = await get(`/v1/usage${query({ ...params, cursor })}`);
    rows.push(...page.rows);
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < PAGES_MAX);
  return { rows, truncated: cursor !== null };
}

export function UsagePage() {
  const { params } = useRoute();
  const tz = params.get('tz') || zone();
  const groupBy = [params.get('groupBy') ?? 'gpuModel', params.get('thenBy')].filter(Boolean).flatMap((g) => g.split(',')).filter((g, i, a) => KEYS.includes(g) && a.indexOf(g) === i);
  const request = {
    from: instantOf(params.get('from') || firstOfLastMonth(), tz),
    to: instantOf(params.get('to') || firstOfThisMonth(), tz),
    window: params.get('window') || 'day',
    tz,
    groupBy: groupBy.join(','),
  };
  for (const k of KEYS) if (params.get(k)) request[k] = params.get(k);
  const state = useLoad(() => loadUsage(request), JSON.stringify(request));
  const groupOptions = KEYS.map((k) => ({ value: k, label: LABELS[k] }));
  return html`<h1>Usage</h1>
    <p class="muted">Covered GPU-hours exactly as invoices bill them (<code>GET /v1/usage</code>), with rated amounts when grouped by customer or rental. Windows start in ${tz}.</p>
    <${Filters}
      fields=${[
        { name: 'from', label: 'From (inclusive)', type: 'date', default: firstOfLastMonth() },
        { name: 'to', label: 'To (exclusive)', type: 'date', default: firstOfThisMonth() },
        { name: 'window', label: 'Window', options: ['hour', 'day', 'month'], default: 'day', any: 'day' },
        { name: 'tz', label: 'Time zone', default: zone() },
        { name: 'groupBy', label: 'Group by', options: groupOptions, default: 'gpuModel', any: 'nothing' },
        { name: 'thenBy', label: 'Then by', options: groupOptions, any: 'nothing' },
        ...KEYS.map((k) => ({ name: k, label: `${LABELS[k]} is`, placeholder: 'any' })),
      ]}
    />
    <${Loaded} state=${state} what="the usage query">
      ${({ rows, truncated }) => {
        const label = (r) => groupBy.map((k) => r[k]).join(' · ') || 'all';
        const xs = [...new Set(rows.map((r) => r.windowStart))].sort();
        const totals = new Map();
        for (const r of rows) totals.set(label(r), (totals.get(label(r)) ?? 0) + Number(r.gpuHours));
        const top = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([l]) => l);
        const series = top.map((l) => ({ label: l, values: xs.map((x) => rows.filter((r) => r.windowStart === x && label(r) === l).reduce((s, r) => s + Number(r.gpuHours), 0)) }));
        const link = (k, v) => {
          if (k === 'customer') return html`<${Link} to="/invoices" params=${{ customer: v }} label=${`invoices of ${v}`}>${v}</${Link}>`;
          if (k === 'rental') return html`<${Link} to="/usage" params=${{ rental: v, groupBy: 'rental', from: params.get('from'), to: params.get('to'), window: request.window }}>${v}</${Link}>`;
          return html`<${Link} to="/usage" params=${{ ...Object.fromEntries(params.entries()), [k]: v, page: undefined }}>${v}</${Link}>`;
        };
        const columns = [
          { key: 'windowStart', label: 'Window start', render: (r) => html`<${Time} value=${r.windowStart} />` },
          ...groupBy.map((k) => ({ key: k, label: LABELS[k], render: (r) => link(k, r[k]) })),
          { key: 'gpuHours', label: 'GPU-hours', num: true, render: (r) => gpuHours(r.gpuHours) },
          ...(rows.some((r) => r.amount !== undefined) ? [{ key: 'amount', label: 'Amount', num: true, render: (r) => html`<${Money} amount=${r.amount} currency=${r.currency} />` }, { key: 'currency', label: 'Currency' }] : []),
          ...(rows.some((r) => r.gpuUtilizationPct !== undefined) ? [{ key: 'gpuUtilizationPct', label: 'Utilisation %', num: true, render: (r) => number(r.gpuUtilizationPct, 1) }] : []),
          ...(rows.some((r) => r.energyWh !== undefined) ? [{ key: 'energyWh', label: 'Energy (kWh)', num: true, csv: 'energyWh', render: (r) => (r.energyWh === undefined ? '—' : number(Number(r.energyWh) / 1000, 3)) }] : []),
        ];
        const sum = rows.reduce((s, r) => s + Number(r.gpuHours), 0);
        return html`
          ${truncated ? html`<p class="notice" role="status">Only the first ${PAGES_MAX} pages are shown: narrow the span or the groups.</p>` : null}
          <p>Total: <strong data-testid="usage-total">${gpuHours(sum)}</strong> GPU-hours in ${number(rows.length)} ${rows.length === 1 ? 'row' : 'rows'}.</p>
          ${xs.length ? html`<${Chart} title="GPU-hours per window" yLabel="GPU-hours" x=${xs.map((x) => Date.parse(x) / 1000)} series=${series} xRange=${[Date.parse(request.from) / 1000, Date.parse(request.to) / 1000]} />` : null}
          <${DataTable} caption="Usage per window and group" csv="usage.csv" rows=${rows} columns=${columns} empty="No usage in that span." />`;
      }}
    </${Loaded}>`;
}
