import { useEffect, useState } from 'preact/hooks';
import { get } from '../api.js';
import { html } from '../html.js';
import { number } from '../format.js';
import { get as getJson, query } from '../api.js';
import { useRoute } from '../router.js';
import { Chart, DataTable, Filters, Loaded, Time, useLoad } from '../ui.js';

// Samples of /v1/status taken while the page is open: the rate is the change between two of them.
const samples = [];
const SAMPLE_MS = 5_000;

function total(s) {
  return s.accepted + s.duplicate + s.rejected;
}

const BUCKET_SECONDS = { minute: 60, hour: 3600, day: 86400 };

/** Outcomes over time from GET /v1/status/history (by receipt time), with rejections by reason. */
function History() {
  const { params } = useRoute();
  const bucket = BUCKET_SECONDS[params.get('bucket')] ? params.get('bucket') : 'hour';
  const from = params.get('from') ? `${params.get('from')}T00:00:00Z` : undefined;
  const to = params.get('to') ? `${params.get('to')}T00:00:00Z` : undefined;
  const state = useLoad(() => getJson(`/v1/status/history${query({ bucket, from, to })}`), `${bucket}|${from}|${to}`);
  return html`<h2>Over time</h2>
    <${Filters} id="history" fields=${[
      { name: 'bucket', label: 'Bucket', options: ['minute', 'hour', 'day'], any: 'hour' },
      { name: 'from', label: 'From (UTC day)', type: 'date' },
      { name: 'to', label: 'To (UTC day, exclusive)', type: 'date' },
    ]} />
    <${Loaded} state=${state} what="ingest history (GET /v1/status/history)">
      ${({ points }) => {
        const reasons = [...new Set(points.flatMap((p) => Object.keys(p.rejectedByReason)))].sort();
        const x = points.map((p) => Date.parse(p.start) / 1000);
        return html`
          ${points.length > 0
            ? html`<${Chart} title=${`Events per ${bucket}, by outcome`} yLabel="events" x=${x} series=${[
                { label: 'accepted', values: points.map((p) => p.accepted) },
                { label: 'duplicate', values: points.map((p) => p.duplicate) },
                { label: 'rejected', values: points.map((p) => p.rejected) },
              ]} />
              ${reasons.length ? html`<${Chart} title=${`Rejections per ${bucket}, by reason`} yLabel="events" x=${x} series=${reasons.map((r) => ({ label: r, values: points.map((p) => p.rejectedByReason[r] ?? 0) }))} />` : null}`
            : null}
          <${DataTable}
            id="history"
            caption=${`Outcomes per ${bucket}`}
            csv="ingest-history.csv"
            rows=${points.slice().reverse().map((p) => ({ ...p, rate: (p.accepted + p.duplicate + p.rejected) / BUCKET_SECONDS[bucket], ...Object.fromEntries(reasons.map((r) => [r, p.rejectedByReason[r] ?? 0])) }))}
            columns=${[
              { key: 'start', label: `${bucket[0].toUpperCase()}${bucket.slice(1)} from`, render: (r) => html`<${Time} value=${r.start} />` },
              { key: 'accepted', label: 'Accepted', num: true, render: (r) => number(r.accepted) },
              { key: 'duplicate', label: 'Duplicates', num: true, render: (r) => number(r.duplicate) },
              { key: 'rejected', label: 'Rejected', num: true, render: (r) => number(r.rejected) },
              { key: 'rate', label: 'Events/s', num: true, render: (r) => number(r.rate, 2) },
              ...reasons.map((reason) => ({ key: reason, label: reason, num: true, render: (r) => number(r[reason]) })),
            ]}
            empty="No event received in that span."
          />`;
      }}
    </${Loaded}>`;
}

export function IngestPage() {
  const [tick, setTick] = useState(0);
  const state = useLoad(() => get('/v1/status'), tick);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), SAMPLE_MS);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (state.data && (samples.length === 0 || samples[samples.length - 1].data !== state.data)) {
      samples.push({ at: Date.now(), data: state.data });
      if (samples.length > 360) samples.shift();
    }
  }, [state.data]);
  const points = samples.slice(1).map((s, i) => ({ t: s.at / 1000, rate: Math.max(0, (total(s.data) - total(samples[i].data)) / ((s.at - samples[i].at) / 1000)), lag: s.data.lag }));
  return html`<h1>Ingest health</h1>
    <p class="muted">Counts since this Hourglass started keeping them, from <code>GET /v1/status</code>; the rate and lag are sampled every ${SAMPLE_MS / 1000} s while this page is open.</p>
    <${Loaded} state=${state} what="ingest status">
      ${(s) => html`
        <section class="cards" aria-label="Totals">
          <div class="card"><h2>Accepted</h2><p class="big"><a href="#/usage">${number(s.accepted)}</a></p></div>
          <div class="card"><h2>Duplicates</h2><p class="big">${number(s.duplicate)}</p></div>
          <div class="card"><h2>Rejected</h2><p class="big"><a href="#rejections">${number(s.rejected)}</a></p></div>
          <div class="card"><h2>Lag</h2><p class="big" data-testid="lag">${number(s.lag)}</p><p class="muted">messages not yet metered</p></div>
          <div class="card"><h2>Rate</h2><p class="big">${points.length ? number(points[points.length - 1].rate, 1) : '—'}</p><p class="muted">events/s, last ${SAMPLE_MS / 1000} s</p></div>
        </section>
        ${points.length > 1
          ? html`<${Chart} title="Events metered per second, and lag" yLabel="events/s · messages" x=${points.map((p) => p.t)} series=${[{ label: 'events/s', values: points.map((p) => p.rate) }, { label: 'lag', values: points.map((p) => p.lag) }]} />`
          : html`<p class="muted">The rate chart appears after two samples.</p>`}
        <h2 id="rejections">Rejections by reason</h2>
        <${DataTable}
          id="rejections" caption="Rejected events by reason"
          csv="rejections.csv"
          rows=${Object.entries(s.rejectedByReason ?? {}).map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count)}
          columns=${[{ key: 'reason', label: 'Reason', render: (r) => html`<code>${r.reason}</code>` }, { key: 'count', label: 'Events', num: true, render: (r) => number(r.count) }]}
          empty="No event has been rejected."
        />
        <h2>Streams</h2>
        <${DataTable}
          id="streams" caption="NATS streams and their consumers"
          rows=${s.streams ?? []}
          columns=${[
            { key: 'stream', label: 'Stream' },
            { key: 'consumer', label: 'Consumer' },
            { key: 'messages', label: 'Messages', num: true, render: (r) => number(r.messages) },
            { key: 'pending', label: 'Pending', num: true, render: (r) => number(r.pending) },
            { key: 'ackPending', label: 'Ack pending', num: true, render: (r) => number(r.ackPending) },
            { key: 'lag', label: 'Lag', num: true, render: (r) => number(r.lag) },
          ]}
        />`}
    </${Loaded}>
    <${History} />`;
}
