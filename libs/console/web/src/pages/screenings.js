import { get, post } from '../api.js';
import { html } from '../html.js';
import { useRoute } from '../router.js';
import { Action, applyFilters, DataTable, Filters, Loaded, useLoad, useSession } from '../ui.js';
import { cell, columnsFor, listOf } from './common.js';

const idOf = (r) => r.reviewId ?? r.screeningId ?? r.id;

export function ScreeningsPage() {
  const { params } = useRoute();
  const { rights } = useSession();
  const state = useLoad(() => get('/v1/screenings/reviews'), 'reviews');
  const may = rights.can('POST', '/v1/screenings/reviews/{id}/decision');
  const decide = (r, decision) => (reason) => post(`/v1/screenings/reviews/${encodeURIComponent(idOf(r))}/decision`, { decision, reason });
  return html`<h1>Screening reviews</h1>
    <p class="muted">Parties whose sanctions screening needs a person's decision.</p>
    <${Filters} fields=${[{ name: 'status', label: 'Status' }, { name: 'name', label: 'Name contains' }]} />
    <${Loaded} state=${state} what="the screening review queue (GET /v1/screenings/reviews)">
      ${(body) => {
        const rows = applyFilters(listOf(body, 'reviews'), params, { status: 'status', name: (r, v) => String(r.name ?? '').toLowerCase().includes(v.toLowerCase()) }).map((r) => ({ ...r, matchCount: Array.isArray(r.matches) ? r.matches.length : r.matchCount }));
        return html`<${DataTable}
          caption="Reviews waiting"
          csv="screening-reviews.csv"
          rows=${rows}
          columns=${[
            ...columnsFor(rows, [
              { key: 'reviewId', label: 'Review', render: (r) => idOf(r) },
              { key: 'name', label: 'Name' },
              { key: 'country', label: 'Country' },
              { key: 'matchCount', label: 'Matches', num: true },
            ]),
            { key: 'matches', label: 'Best match', render: (r) => (Array.isArray(r.matches) && r.matches[0] ? `${r.matches[0].name} (${r.matches[0].list}, ${r.matches[0].score})` : '—') },
            ...(may
              ? [{ key: 'actions', label: 'Decision', render: (r) => (r.status && !['pending', 'open', 'review'].includes(r.status) ? cell('status', r) : html`<span class="row-actions" data-testid="write-actions">
                    <${Action} label="Clear" ask="Why is it a false match?" run=${decide(r, 'clear')} onDone=${state.reload} />
                    <${Action} label="Block" danger ask="Why block?" run=${decide(r, 'block')} onDone=${state.reload} />
                  </span>`) }]
              : []),
          ]}
          empty="Nothing waits for a decision."
        />`;
      }}
    </${Loaded}>`;
}
