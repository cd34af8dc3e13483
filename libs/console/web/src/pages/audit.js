import { get, query } from '../api.js';
import { html } from '../html.js';
import { useRoute, setParams } from '../router.js';
import { applyFilters, Badge, DataTable, Filters, Loaded, Time, useLoad } from '../ui.js';

export function AuditPage() {
  const { params } = useRoute();
  const before = params.get('before') || undefined;
  const limit = 200;
  const state = useLoad(() => get(`/v1/audit-log${query({ limit, before })}`), before);
  return html`<h1>Audit log</h1>
    <p class="muted">Every write through the API, newest first; ${limit} entries a page.</p>
    <${Filters} fields=${[{ name: 'actor', label: 'Actor' }, { name: 'method', label: 'Method', options: ['POST', 'PUT', 'PATCH', 'DELETE'] }, { name: 'path', label: 'Path contains' }]} />
    <${Loaded} state=${state} what="the audit log">
      ${(entries) => {
        const rows = applyFilters(entries, params, { actor: 'actor', method: 'method', path: (r, v) => r.path.includes(v) });
        return html`<${DataTable}
            caption=${before ? 'Older entries' : 'Latest entries'}
            csv="audit-log.csv"
            rows=${rows}
            columns=${[
              { key: 'at', label: 'When', render: (r) => html`<${Time} value=${r.at} />` },
              { key: 'actor', label: 'Actor' },
              { key: 'role', label: 'Role' },
              { key: 'method', label: 'Method' },
              { key: 'path', label: 'Path', render: (r) => html`<code>${r.path}</code>` },
              { key: 'status', label: 'Status', num: true, render: (r) => html`<${Badge} value=${String(r.status)} />` },
              { key: 'idempotencyKey', label: 'Idempotency key', render: (r) => r.idempotencyKey ?? '—' },
            ]}
            empty="No write yet."
          />
          <nav class="pager" aria-label="Audit log: older and newer">
            ${before ? html`<button type="button" onClick=${() => history.back()}>‹ Newer</button>` : null}
            ${entries.length === limit ? html`<button type="button" onClick=${() => setParams({ before: entries[entries.length - 1].id, page: undefined })}>Older ›</button>` : null}
          </nav>`;
      }}
    </${Loaded}>`;
}
