import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { html } from './html.js';
import { href, setParams, useRoute } from './router.js';
import { instant, money, toCsv, saveText } from './format.js';

/** { me: {name, role}, rights: Rights } of the signed-in token. */
export const Session = createContext(null);
export const useSession = () => useContext(Session);

/** Loads on mount and whenever `key` changes; `reload()` loads again (after an action). */
export function useLoad(load, key) {
  const [state, setState] = useState({ loading: true, data: undefined, error: undefined });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load()
      .then((data) => live && setState({ loading: false, data, error: undefined }))
      .catch((error) => live && setState({ loading: false, data: undefined, error }));
    return () => {
      live = false;
    };
  }, [key, tick]);
  return { ...state, reload: useCallback(() => setTick((t) => t + 1), []) };
}

export function Time({ value, dateOnly }) {
  const t = instant(value, { dateOnly });
  if (!t) return html`<span>—</span>`;
  return html`<time datetime=${t.iso} title=${t.utc}>${t.text}</time>`;
}

export function Money({ amount, currency }) {
  return html`<span class="num" title=${amount === undefined || amount === null ? '' : `${amount} ${currency ?? ''}`}>${money(amount, currency)}</span>`;
}

export function Link({ to, params, children, label }) {
  return html`<a href=${href(to, params)} aria-label=${label}>${children}</a>`;
}

export function Badge({ value }) {
  return html`<span class=${`badge badge-${String(value ?? '').replace(/[^a-z_]/gi, '')}`}>${value ?? '—'}</span>`;
}

export function NotBuilt({ what }) {
  return html`<div class="notice" role="status" data-testid="not-built">
    <strong>Not built yet.</strong> The server does not offer ${what} yet: this page fills in as soon as that module lands.
  </div>`;
}

export function ErrorNote({ error }) {
  if (error?.notBuilt) return html`<${NotBuilt} what="this" />`;
  return html`<div class="notice error" role="alert">${error?.reason ? html`<code>${error.reason}</code>: ` : ''}${error?.message ?? String(error)}</div>`;
}

/** Loading, not built yet (404), an error, or the page's content. */
export function Loaded({ state, what, children }) {
  if (state.error) return state.error.notBuilt ? html`<${NotBuilt} what=${what} />` : html`<${ErrorNote} error=${state.error} />`;
  if (state.loading && state.data === undefined) return html`<p class="muted" role="status">Loading…</p>`;
  return children(state.data);
}

/**
 * Filters as a labelled form; submitting writes them into the URL (so reload keeps them) and goes
 * back to the first page. `fields`: [{name, label, type?: 'text'|'select'|'date'|'month', options?}].
 */
export function Filters({ fields, id = 'filters' }) {
  const { params } = useRoute();
  const form = useRef(null);
  const submit = (e) => {
    e.preventDefault();
    const data = new FormData(form.current);
    const patch = { page: undefined };
    for (const f of fields) patch[f.name] = data.get(f.name) || undefined;
    setParams(patch);
  };
  const clear = () => {
    const patch = { page: undefined };
    for (const f of fields) patch[f.name] = undefined;
    setParams(patch);
  };
  return html`<form class="filters" ref=${form} onSubmit=${submit} aria-label="Filters" id=${id}>
    ${fields.map((f) => {
      const inputId = `${id}-${f.name}`;
      const value = params.get(f.name) ?? f.default ?? '';
      return html`<div class="field" key=${f.name}>
        <label for=${inputId}>${f.label}</label>
        ${f.options
          ? html`<select id=${inputId} name=${f.name} value=${value}>
              <option value="">${f.any ?? 'any'}</option>
              ${f.options.map((o) => html`<option value=${o.value ?? o} selected=${(o.value ?? o) === value}>${o.label ?? o}</option>`)}
            </select>`
          : html`<input id=${inputId} name=${f.name} type=${f.type ?? 'text'} value=${value} placeholder=${f.placeholder ?? ''} />`}
      </div>`;
    })}
    <div class="field buttons">
      <button type="submit">Apply</button>
      <button type="button" class="secondary" onClick=${clear}>Clear</button>
    </div>
  </form>`;
}

/** Applies the URL's filters to rows (equality, or a predicate per field). */
export function applyFilters(rows, params, tests) {
  return rows.filter((row) =>
    Object.entries(tests).every(([name, test]) => {
      const want = params.get(name);
      if (!want) return true;
      return typeof test === 'function' ? test(row, want) : String(row[test] ?? '') === want;
    }),
  );
}

const SIZES = [25, 50, 100];

/**
 * A paginated table; page and page size live in the URL (`page`, `size`). Columns: [{key, label,
 * render?(row), num?}]. `csv` names the file for an export of every filtered row.
 */
export function DataTable({ rows, columns, caption, csv, empty = 'Nothing here.', rowKey, id }) {
  const { params } = useRoute();
  // Several tables on one page page independently: their parameters carry the table's id.
  const pk = id ? `${id}.page` : 'page';
  const sk = id ? `${id}.size` : 'size';
  const size = SIZES.includes(Number(params.get(sk))) ? Number(params.get(sk)) : SIZES[0];
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const page = Math.min(pages, Math.max(1, Number(params.get(pk)) || 1));
  const shown = rows.slice((page - 1) * size, page * size);
  const exportCsv = () => saveText(toCsv(rows, columns.map((c) => c.csv ?? c.key)), csv);
  return html`<div class="table-wrap">
    <table>
      <caption>${caption} <span class="muted">(${rows.length.toLocaleString()} ${rows.length === 1 ? 'row' : 'rows'})</span></caption>
      <thead><tr>${columns.map((c) => html`<th scope="col" class=${c.num ? 'num' : ''}>${c.label}</th>`)}</tr></thead>
      <tbody>
        ${shown.length === 0
          ? html`<tr><td colspan=${columns.length} class="muted">${empty}</td></tr>`
          : shown.map((row, i) => html`<tr key=${rowKey ? row[rowKey] : i}>${columns.map((c) => html`<td class=${c.num ? 'num' : ''}>${c.render ? c.render(row) : (row[c.key] ?? '—')}</td>`)}</tr>`)}
      </tbody>
    </table>
    <nav class="pager" aria-label=${`${caption}: pages`}>
      <button type="button" disabled=${page <= 1} onClick=${() => setParams({ [pk]: page - 1 })} aria-label="Previous page">‹ Previous</button>
      <span aria-live="polite">Page ${page} of ${pages}</span>
      <button type="button" disabled=${page >= pages} onClick=${() => setParams({ [pk]: page + 1 })} aria-label="Next page">Next ›</button>
      <label>Rows per page${' '}
        <select value=${size} onChange=${(e) => setParams({ [sk]: e.currentTarget.value, [pk]: undefined })}>
          ${SIZES.map((s) => html`<option value=${s} selected=${s === size}>${s}</option>`)}
        </select>
      </label>
      ${csv ? html`<button type="button" class="secondary" onClick=${exportCsv}>Export CSV</button>` : null}
    </nav>
  </div>`;
}

/**
 * A button for a write the role may do (callers render it only then). It asks first when `confirm`
 * is set, optionally for a reason, and reports the answer in a live region.
 */
export function Action({ label, run, confirm: question, ask, onDone, danger, announce }) {
  const [state, setState] = useState({ busy: false, message: '' });
  const click = async () => {
    let input;
    if (ask) {
      input = window.prompt(ask);
      if (input === null) return;
    } else if (question && !window.confirm(question)) return;
    setState({ busy: true, message: '' });
    try {
      await run(input);
      setState({ busy: false, message: `${label}: done`, ok: true });
      announce?.({ message: `${label}: done`, ok: true });
      onDone?.();
    } catch (error) {
      const message = `${label}: ${error.reason ? `${error.reason} — ` : ''}${error.message}`;
      setState({ busy: false, message, ok: false });
      announce?.({ message, ok: false });
    }
  };
  return html`<span class="action">
    <button type="button" class=${danger ? 'danger' : ''} disabled=${state.busy} onClick=${click} data-action=${label}>${label}</button>
    <span class=${state.ok ? 'ok' : 'error'} role="status" aria-live="polite">${state.message}</span>
  </span>`;
}

/**
 * The answer to the last row action of a page, kept above the table: a row an action moves out of
 * the filtered list (an assigned break under "open") takes its own status line with it.
 */
export function useAnnouncer() {
  const [last, setLast] = useState(null);
  const view = html`<p class=${`last-action ${last?.ok === false ? 'error' : 'ok'}`} role="status" aria-live="polite" data-testid="last-action">${last?.message ?? ''}</p>`;
  return [view, setLast];
}

const PALETTE = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989', '#0a7ea4', '#6e7781', '#cf222e', '#116329'];

/**
 * A time-series chart with uPlot. `x`: epoch seconds; `series`: [{label, values}]. A table with the
 * same figures always sits beside it (charts are not the only way to read a figure).
 */
export function Chart({ x, series, title, yLabel, height = 260, xRange }) {
  const box = useRef(null);
  const data = useMemo(() => [x, ...series.map((s) => s.values)], [x, series]);
  useEffect(() => {
    if (!box.current || x.length === 0) return undefined;
    const width = Math.max(320, box.current.clientWidth || 800);
    const plot = new uPlot(
      {
        title,
        width,
        height,
        // A span the user chose is the x axis, also when only one window in it has data.
        scales: { x: xRange ? { time: true, range: () => xRange } : { time: true } },
        axes: [{}, { label: yLabel, size: 70 }],
        series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: PALETTE[i % PALETTE.length], width: 2, points: { show: x.length < 60 } }))],
      },
      data,
      box.current,
    );
    return () => plot.destroy();
  }, [data]);
  return html`<figure class="chart" aria-label=${title}>
    <div ref=${box} role="img" aria-label=${`${title}: a chart of ${series.map((s) => s.label).join(', ')}; the same figures are in the table below`}></div>
  </figure>`;
}

export { money };
