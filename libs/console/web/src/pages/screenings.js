import { getAll, post } from '../api.js';
import { html } from '../html.js';
import { useRoute } from '../router.js';
import { Action, applyFilters, DataTable, Filters, Link, Loaded, useAnnouncer, useLoad, useSession } from '../ui.js';
import { cell, Truncated } from './common.js';

/** A case's party: a customer links to its invoices, an operator to its payouts. */
function Party({ party }) {
  if (!party) return '—';
  const to = party.kind === 'operator' ? html`<${Link} to="/payouts" params=${{ operator: party.id }}>${party.id}</${Link}>` : html`<${Link} to="/invoices" params=${{ customer: party.id }}>${party.id}</${Link}>`;
  return html`<span>${party.kind} ${to}</span>`;
}

export function ScreeningsPage() {
  const { params } = useRoute();
  const { rights } = useSession();
  const [lastAction, announce] = useAnnouncer();
  // GET /v1/screenings/reviews: status pending (default) | decided | all, partyKind, partyId; paged by `before=<caseId>`.
  const server = { status: params.get('status') || 'pending', partyKind: params.get('partyKind'), partyId: params.get('partyId') };
  const state = useLoad(() => getAll('/v1/screenings/reviews', server, { limit: 1000, maxPages: 10, before: 'caseId' }), JSON.stringify(server));
  const may = rights.can('POST', '/v1/screenings/reviews/{id}/decision');
  const decide = (r, decision) => (reason) => post(`/v1/screenings/reviews/${encodeURIComponent(r.caseId)}/decision`, { decision, reason });
  return html`<h1>Screening reviews</h1>
    <p class="muted">Parties whose sanctions screening needs a person's decision; the newest decision stands.</p>
    ${lastAction}
    <${Filters} fields=${[{ name: 'status', label: 'Status', options: ['pending', 'decided', 'all'], any: 'pending', default: '' }, { name: 'partyKind', label: 'Party kind', options: ['customer', 'operator'] }, { name: 'partyId', label: 'Party id' }, { name: 'name', label: 'Name contains' }]} />
    <${Loaded} state=${state} what="the screening review queue (GET /v1/screenings/reviews)">
      ${(loaded) => {
        const rows = applyFilters(loaded.rows, params, { name: (r, v) => String(r.party?.name ?? '').toLowerCase().includes(v.toLowerCase()) }).map((r) => {
          const last = Array.isArray(r.decisions) && r.decisions.length ? r.decisions[r.decisions.length - 1] : null;
          return { ...r, name: r.party?.name, country: r.party?.country, matchCount: Array.isArray(r.matches) ? r.matches.length : 0, lastDecision: last ? `${last.decision} by ${last.actor}: ${last.reason}` : '', decidedAt: last?.decidedAt };
        });
        return html`<${Truncated} loaded=${loaded} /><${DataTable}
          caption=${server.status === 'pending' ? 'Reviews waiting' : 'Review cases'}
          csv="screening-reviews.csv"
          rows=${rows}
          rowKey="caseId"
          columns=${[
            { key: 'caseId', label: 'Case', render: (r) => html`<code>${r.caseId}</code>` },
            { key: 'party', label: 'Party', render: (r) => html`<${Party} party=${r.party} />` },
            { key: 'name', label: 'Name' },
            { key: 'country', label: 'Country', render: (r) => r.country ?? '—' },
            { key: 'autoDecision', label: 'Matcher said', render: (r) => cell('status', { status: r.autoDecision }) },
            { key: 'standing', label: 'Standing', render: (r) => cell('status', { status: r.standing }) },
            { key: 'matchCount', label: 'Matches', num: true },
            { key: 'matches', label: 'Best match', render: (r) => (Array.isArray(r.matches) && r.matches[0] ? `${r.matches[0].name} (${r.matches[0].list} ${r.matches[0].entryId}, ${r.matches[0].score})` : '—') },
            { key: 'openedAt', label: 'Opened', render: (r) => cell('openedAt', r) },
            { key: 'lastDecision', label: 'Last decision', render: (r) => r.lastDecision || '—' },
            ...(may
              ? [{ key: 'actions', label: 'Decide', render: (r) => html`<span class="row-actions" data-testid="write-actions">
                    ${r.standing !== 'cleared' ? html`<${Action} label="Clear" ask="Why is it a false match?" run=${decide(r, 'clear')} onDone=${state.reload} announce=${announce} />` : null}
                    ${r.standing !== 'blocked' ? html`<${Action} label="Block" danger ask="Why block?" run=${decide(r, 'block')} onDone=${state.reload} announce=${announce} />` : null}
                  </span>` }]
              : []),
          ]}
          empty="Nothing waits for a decision."
        />`;
      }}
    </${Loaded}>`;
}
