import { download, get, post, query } from '../api.js';
import { html } from '../html.js';
import { useRoute } from '../router.js';
import { Action, applyFilters, DataTable, Filters, Link, Loaded, Money, useAnnouncer, useLoad, useSession } from '../ui.js';
import { cell, columnsFor, Fields, firstOfLastMonth } from './common.js';

const ITEM_STATUSES = ['scheduled', 'held', 'paid', 'failed', 'returned'];
const HOLD_REASONS = ['kyc', 'sanctions', 'below_minimum', 'negative_balance'];
/** How many batches the list opens to count their holds (GET /v1/payouts/batches gives item counts only). */
const DETAILED = 24;

/** A statement id as the payouts module makes it: ps_<YYYYMM>_<currency>_<operatorId>. */
export function statementId(period, currency, operatorId) {
  return /^\d{4}-\d{2}$/.test(period ?? '') && currency && operatorId ? `ps_${period.replace('-', '')}_${currency}_${operatorId}` : null;
}

const statementLink = (id, label) => html`<${Link} to=${`/payout-statements/${encodeURIComponent(id)}`} label=${label}>${id}</${Link}>`;

async function batchesWithHolds() {
  const list = await get('/v1/payouts/batches');
  const details = await Promise.all(list.slice(0, DETAILED).map((b) => get(`/v1/payouts/batches/${encodeURIComponent(b.batchId)}`).catch(() => null)));
  return list.map((b, i) => {
    const items = details[i]?.items;
    return {
      ...b,
      itemCount: typeof b.items === 'number' ? b.items : (items?.length ?? null),
      held: items ? items.filter((x) => x.status === 'held').length : null,
      scheduled: items ? items.filter((x) => x.status === 'scheduled').length : null,
      holdItems: items ? items.filter((x) => x.status === 'held').map((x) => ({ ...x, batchId: b.batchId, runKey: b.runKey })) : [],
    };
  });
}

export function PayoutsPage() {
  const { params } = useRoute();
  // Statements are per period; the last one that has ended is the one people look at first.
  const period = params.get('period') || firstOfLastMonth().slice(0, 7);
  const batches = useLoad(batchesWithHolds, 'batches');
  const statements = useLoad(() => get(`/v1/payout-statements${query({ period, operatorId: params.get('operator') })}`), `${period}|${params.get('operator')}`);
  const operators = useLoad(() => get('/v1/operators'), 'operators');
  const filters = { operator: 'operatorId', hold: 'holdReason' };
  return html`<h1>Payouts</h1>
    <${Filters} fields=${[{ name: 'period', label: 'Period', type: 'month', default: firstOfLastMonth().slice(0, 7) }, { name: 'operator', label: 'Operator' }, { name: 'hold', label: 'Hold reason', options: HOLD_REASONS }]} />
    <h2>Batches</h2>
    <${Loaded} state=${batches} what="payout batches (GET /v1/payouts/batches)">
      ${(list) => {
        const rows = list.filter((b) => !params.get('period') || String(b.runKey ?? '').startsWith(period));
        const holds = applyFilters(
          rows.flatMap((b) => b.holdItems),
          params,
          filters,
        );
        return html`<${DataTable}
            id="batches" caption="Payout batches, newest first"
            csv="payout-batches.csv"
            rows=${rows}
            rowKey="batchId"
            columns=${[
              { key: 'batchId', label: 'Batch', render: (r) => html`<${Link} to=${`/payouts/${encodeURIComponent(r.batchId)}`}>${r.batchId}</${Link}>` },
              { key: 'runKey', label: 'Period (run)' },
              { key: 'basis', label: 'Basis' },
              { key: 'createdAt', label: 'Made', render: (r) => cell('createdAt', r) },
              { key: 'itemCount', label: 'Items', num: true, render: (r) => r.itemCount ?? '—' },
              { key: 'scheduled', label: 'Scheduled', num: true, render: (r) => (r.scheduled === null ? '—' : html`<${Link} to=${`/payouts/${encodeURIComponent(r.batchId)}`} params=${{ status: 'scheduled' }}>${r.scheduled}</${Link}>`) },
              { key: 'held', label: 'Held', num: true, render: (r) => (r.held === null ? '—' : html`<${Link} to=${`/payouts/${encodeURIComponent(r.batchId)}`} params=${{ status: 'held' }} label=${`held items of ${r.batchId}`}>${r.held}</${Link}>`) },
            ]}
            empty="No payout batch yet."
          />
          <h2>Holds</h2>
          <${DataTable}
            id="holds" caption="Payouts held, by batch"
            csv="payout-holds.csv"
            rows=${holds}
            columns=${[
              { key: 'batchId', label: 'Batch', render: (r) => html`<${Link} to=${`/payouts/${encodeURIComponent(r.batchId)}`}>${r.batchId}</${Link}>` },
              { key: 'operatorId', label: 'Operator', render: (r) => cell('operatorId', r) },
              { key: 'holdReason', label: 'Hold reason', render: (r) => html`<code>${r.holdReason ?? '—'}</code>` },
              { key: 'amount', label: 'Amount', num: true, render: (r) => html`<${Money} amount=${r.amount} currency=${r.currency} />` },
              { key: 'statement', label: 'Statement', render: (r) => { const id = statementId(r.runKey, r.currency, r.operatorId); return id ? statementLink(id) : '—'; } },
            ]}
            empty="Nothing held."
          />`;
      }}
    </${Loaded}>
    <h2>Payout statements</h2>
    <${Loaded} state=${statements} what="payout statements">
      ${(body) => {
        const rows = Array.isArray(body) ? body : [];
        return html`<${DataTable}
          id="statements" caption=${`Operator statements of ${period}`}
          csv="payout-statements.csv"
          rows=${rows}
          columns=${[
            { key: 'statementId', label: 'Statement', render: (r) => statementLink(r.statementId, `statement ${r.statementId}`) },
            { key: 'operatorId', label: 'Operator', render: (r) => html`<${Link} to="/usage" params=${{ operator: r.operatorId, groupBy: 'operator', from: String(r.periodStart ?? '').slice(0, 10), to: String(r.periodEnd ?? '').slice(0, 10) }} label=${`usage of operator ${r.operatorId}`}>${r.operatorId}</${Link}>` },
            { key: 'periodStart', label: 'Period', render: (r) => cell('periodStart', r) },
            { key: 'gross', label: 'Gross', num: true, render: (r) => html`<${Money} amount=${r.gross} currency=${r.currency} />` },
            { key: 'platformFee', label: 'Platform fee', num: true, render: (r) => html`<${Money} amount=${r.platformFee} currency=${r.currency} />` },
            { key: 'net', label: 'Net', num: true, render: (r) => html`<${Money} amount=${r.net} currency=${r.currency} />` },
          ]}
          empty="No statement."
        />`;
      }}
    </${Loaded}>
    <h2>Operators</h2>
    <${Loaded} state=${operators} what="operators (GET /v1/operators)">
      ${(list) => {
        const rows = applyFilters(Array.isArray(list) ? list : [], params, { operator: 'operatorId' });
        return html`<${DataTable}
          id="operators" caption="Operators (reference data)"
          csv="operators.csv"
          rows=${rows}
          rowKey="operatorId"
          columns=${[
            { key: 'operatorId', label: 'Operator', render: (r) => html`<${Link} to="/payouts" params=${{ operator: r.operatorId, period: params.get('period') }}>${r.operatorId}</${Link}>` },
            { key: 'name', label: 'Name' },
            { key: 'country', label: 'Country' },
            { key: 'payoutCurrency', label: 'Payout currency' },
            { key: 'iban', label: 'IBAN' },
            { key: 'bic', label: 'BIC' },
            { key: 'updatedAt', label: 'Updated', render: (r) => cell('updatedAt', r) },
          ]}
          empty="No operator."
        />`;
      }}
    </${Loaded}>`;
}

export function PayoutBatchPage({ params: { id } }) {
  const { params } = useRoute();
  const { rights } = useSession();
  const [lastAction, announce] = useAnnouncer();
  const path = `/v1/payouts/batches/${encodeURIComponent(id)}`;
  const state = useLoad(() => get(path), id);
  const operators = useLoad(() => get('/v1/operators').catch(() => []), 'operators');
  const mayStatus = rights.can('POST', '/v1/payouts/batches/{id}/items/{operatorId}/status');
  const mayKyc = rights.can('POST', '/v1/kyc/{kind}/{id}');
  const setStatus = (item, status) => (reason) => post(`${path}/items/${encodeURIComponent(item.operatorId)}/status`, { status, currency: item.currency, ...(reason ? { reason } : {}) });
  const actions = (item) => {
    const buttons = [];
    if (mayStatus && item.status === 'scheduled') {
      buttons.push(html`<${Action} label="Paid" ask=${`Bank reference for ${item.operatorId}?`} run=${setStatus(item, 'paid')} onDone=${state.reload} announce=${announce} />`);
      buttons.push(html`<${Action} label="Failed" danger ask="The bank's reason?" run=${setStatus(item, 'failed')} onDone=${state.reload} announce=${announce} />`);
    }
    if (mayStatus && item.status === 'paid') buttons.push(html`<${Action} label="Returned" danger ask="The bank's reason?" run=${setStatus(item, 'returned')} onDone=${state.reload} announce=${announce} />`);
    if (mayKyc && item.status === 'held' && item.holdReason === 'kyc') buttons.push(html`<${Action} label="KYC verified" ask=${`Why is ${item.operatorId} verified?`} run=${(reason) => post(`/v1/kyc/operator/${encodeURIComponent(item.operatorId)}`, { state: 'verified', reason })} onDone=${state.reload} announce=${announce} />`);
    return buttons.length ? html`<span class="row-actions" data-testid="write-actions">${buttons}</span>` : '—';
  };
  return html`<p><a href="#/payouts">‹ Payouts</a></p>
    <h1>Payout batch ${id}</h1>
    ${lastAction}
    <${Filters} fields=${[{ name: 'status', label: 'Item status', options: ITEM_STATUSES }, { name: 'hold', label: 'Hold reason', options: HOLD_REASONS }, { name: 'operator', label: 'Operator' }]} />
    <${Loaded} state=${state} what="this payout batch">
      ${(b) => {
        const names = new Map((Array.isArray(operators.data) ? operators.data : []).map((o) => [o.operatorId, o]));
        const rows = applyFilters(b.items ?? [], params, { status: 'status', hold: 'holdReason', operator: 'operatorId' }).map((i) => ({ ...i, operatorName: names.get(i.operatorId)?.name ?? '' }));
        return html`<${Fields} object=${b} keys=${['batchId', 'runKey', 'basis', 'createdAt']} />
          <div class="toolbar" role="group" aria-label="Bank file">
            <button type="button" onClick=${() => download(`${path}/export?format=pain.001`, `${id}.xml`)}>Download pain.001</button>
            <button type="button" class="secondary" onClick=${() => download(`${path}/export?format=csv`, `${id}.csv`)}>Download CSV</button>
          </div>
          <${DataTable}
            caption="Items" csv=${`${id}-items.csv`} rows=${rows}
            columns=${[
              ...columnsFor(rows, [
                { key: 'operatorId', label: 'Operator', always: true, render: (r) => html`<${Link} to="/payouts" params=${{ operator: r.operatorId }} label=${`operator ${r.operatorId}`}>${r.operatorId}</${Link}>` },
                { key: 'operatorName', label: 'Name', always: true },
                { key: 'status', label: 'Status', always: true, render: (r) => cell('status', r) },
                { key: 'holdReason', label: 'Hold reason', always: true, render: (r) => r.holdReason ?? '—' },
                { key: 'amount', label: 'Amount', num: true, always: true, render: (r) => html`<${Money} amount=${r.amount} currency=${r.currency} />` },
                { key: 'currency', label: 'Currency', always: true },
                { key: 'statement', label: 'Statement', always: true, render: (r) => { const sid = statementId(b.runKey, r.currency, r.operatorId); return sid ? statementLink(sid, `statement of ${r.operatorId}`) : '—'; } },
              ]),
              ...(mayStatus || mayKyc ? [{ key: 'actions', label: 'Actions', render: actions }] : []),
            ]}
            empty="No item matches."
          />`;
      }}
    </${Loaded}>`;
}

/** One operator statement drilled down: the invoices and rentals its figures come from. */
export function PayoutStatementPage({ params: { id } }) {
  const path = `/v1/payout-statements/${encodeURIComponent(id)}`;
  const state = useLoad(() => get(path), id);
  return html`<p><a href="#/payouts">‹ Payouts</a></p>
    <h1>Payout statement ${id}</h1>
    <${Loaded} state=${state} what="this payout statement">
      ${(s) => html`<${Fields} object=${s} keys=${['statementId', 'operatorId', 'currency', 'periodStart', 'periodEnd', 'gross', 'platformFee', 'net', 'gpuHours']} />
        <div class="toolbar" role="group" aria-label="Documents">
          <button type="button" onClick=${() => download(`${path}/pdf`, `${id}.pdf`)}>Download PDF</button>
          <button type="button" class="secondary" onClick=${() => download(`${path}/csv`, `${id}.csv`)}>Download CSV</button>
        </div>
        <${DataTable}
          id="invoices" caption="Invoices" rows=${(s.invoices ?? []).map((i) => ({ currency: s.currency, ...i }))}
          columns=${[
            { key: 'invoiceNumber', label: 'Invoice', render: (r) => html`<${Link} to=${`/invoices/${encodeURIComponent(r.invoiceId)}`}>${r.invoiceNumber || r.invoiceId}</${Link}>` },
            { key: 'customerId', label: 'Customer', render: (r) => cell('customerId', r) },
            { key: 'amount', label: 'Amount', num: true, render: (r) => html`<${Money} amount=${r.amount} currency=${s.currency} />` },
            { key: 'operatorShare', label: 'Operator share', num: true, render: (r) => html`<${Money} amount=${r.operatorShare} currency=${s.currency} />` },
          ]}
          empty="No invoice."
        />
        <${DataTable}
          id="rentals" caption="Rentals" rows=${s.rentals ?? []}
          columns=${columnsFor(s.rentals ?? [], [
            { key: 'rentalId', label: 'Rental', always: true, render: (r) => cell('rentalId', r) },
            { key: 'customerId', label: 'Customer', always: true, render: (r) => cell('customerId', r) },
            { key: 'gpuHours', label: 'GPU-hours', num: true, always: true },
            { key: 'amount', label: 'Amount', num: true, always: true, render: (r) => html`<${Money} amount=${r.amount} currency=${s.currency} />` },
            { key: 'operatorShare', label: 'Operator share', num: true, always: true, render: (r) => html`<${Money} amount=${r.operatorShare} currency=${s.currency} />` },
          ])}
          empty="No rental."
        />`}
    </${Loaded}>`;
}
