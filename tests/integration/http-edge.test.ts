import { spawnSync } from 'node:child_process';
import { hasBinary } from '@hourglass/platform';
import { HOURGLASS_MODULES } from '../../apps/hourglass/src/app.module';
import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import { clockStartingAt, startHarness, type Harness } from '../support/harness';

const PROMTOOL = hasBinary('promtool');

/**
 * promtool's lint problems that a contract decides otherwise, each exactly as promtool prints it; any
 * other problem fails. CONTRACTS §9 names DSO `hourglass_receivables_dso_days`: finance reads DSO in
 * days by definition, and promtool's unit rule (base unit seconds) is name-based, so no other way
 * keeps both the contract's name and an empty lint.
 */
const CONTRACT_OVER_PROMTOOL = [
  'hourglass_receivables_dso_days use base unit "seconds" instead of "days"',
  'hourglass_billing_accuracy_delta_gpu_ms metric names should not contain abbreviated units',
];

/**
 * promtool lints only families that have samples, and a counter that has not counted yet has none:
 * give each such family one sample, so that every name is linted from the first scrape.
 */
function withASampleForEveryFamily(text: string): string {
  const sampled = new Set(text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(/[{ ]/)[0]!));
  const extra: string[] = [];
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    if (type === 'histogram') {
      if (!sampled.has(`${name}_count`)) extra.push(`${name}_bucket{le="+Inf"} 0`, `${name}_sum 0`, `${name}_count 0`);
    } else if (!sampled.has(name!)) {
      extra.push(`${name} 0`);
    }
  }
  // Samples of a family must follow its TYPE line: rewrite family by family.
  const families = text.split(/(?=^# HELP )/m);
  return families
    .map((family) => {
      const name = /^# HELP (\S+)/.exec(family)?.[1];
      const mine = extra.filter((line) => name && (line.startsWith(`${name} `) || line.startsWith(`${name}_bucket{`) || line.startsWith(`${name}_sum `) || line.startsWith(`${name}_count `)));
      return mine.length === 0 ? family : `${family.trimEnd()}\n${mine.join('\n')}\n\n`;
    })
    .join('');
}

/** What every error body must look like (CONTRACTS.md §5). */
function expectErrorBody(body: unknown, reason: string): void {
  expect(body).toMatchObject({ reason, message: expect.any(String) });
}

describe('the HTTP edge every app shares: errors as {reason, message}, /metrics as Prometheus lints it', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ HOURGLASS_HTTP_BODY_LIMIT: '64kb' }, undefined, { clock: clockStartingAt('2026-10-20T00:00:00Z') });
  });
  afterAll(() => h?.close());

  const raw = async (method: string, path: string, body?: string, contentType = 'application/json') => {
    const response = await fetch(h.server.url + path, { method, headers: body === undefined ? {} : { 'content-type': contentType }, body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('tells liveness from readiness: /livez checks no dependency, /readyz and /healthz check all three', async () => {
    const live = await h.api<{ status: string }>('GET', '/livez', undefined, { token: null });
    expect([live.status, live.body.status]).toEqual([200, 'ok']);
    for (const path of ['/readyz', '/healthz']) {
      const ready = await h.api<{ status: string; checks: Record<string, { ok: boolean }> }>('GET', path, undefined, { token: null });
      expect([path, ready.status, Object.keys(ready.body.checks).sort()]).toEqual([path, 200, ['clickhouse', 'nats', 'redis']]);
    }
  });

  it('answers an unknown route 404 not_found', async () => {
    const r = await raw('GET', '/v1/nowhere');
    expect(r.status).toBe(404);
    expectErrorBody(r.body, 'not_found');
  });

  it('answers malformed JSON 400 invalid_json', async () => {
    const r = await raw('POST', '/v1/billing-runs', '{"period": ');
    expect(r.status).toBe(400);
    expectErrorBody(r.body, 'invalid_json');
  });

  it('answers a body over the limit 413 payload_too_large', async () => {
    const r = await raw('POST', '/v1/reference', JSON.stringify({ documents: [], padding: 'x'.repeat(100 * 1024) }));
    expect(r.status).toBe(413);
    expectErrorBody(r.body, 'payload_too_large');
  });

  it('answers domain refusals by the one reason table', async () => {
    const invalid = await h.api('POST', '/v1/billing-runs', { period: '2026-13' });
    expect(invalid.status).toBe(400);
    expectErrorBody(invalid.body, 'invalid_period');
    // The clock says 2026-10-20: October has not ended.
    const early = await h.api('POST', '/v1/billing-runs', { period: '2026-10' });
    expect(early.status).toBe(422);
    expectErrorBody(early.body, 'period_not_ended');
    const missing = await h.api('GET', '/v1/invoices/in_nope');
    expect(missing.status).toBe(404);
    expectErrorBody(missing.body, 'invoice_not_found');
    const payouts = await h.api('GET', '/v1/payout-statements?period=October');
    expect(payouts.status).toBe(400);
    expectErrorBody(payouts.body, 'invalid_period');
    const spend = await h.api('GET', '/v1/customers/c-nobody/spend');
    expect(spend.status).toBe(404);
    expectErrorBody(spend.body, 'customer_not_found');
    const rental = await h.api('GET', '/v1/rentals/r-nobody');
    expect(rental.status).toBe(404);
    expectErrorBody(rental.body, 'unknown_rental');
  });

  it('answers a bad amount 400 with a reason, never 500 with the library message', async () => {
    const grant = await h.api('POST', '/v1/credit-grants', { customerId: 'c-9', currency: 'USD', amount: 'abc' });
    expect(grant.status).toBe(400);
    expectErrorBody(grant.body, 'invalid_grant');
    const note = await h.api('POST', '/v1/invoices/in_nope/credit-notes', { amount: 'abc' });
    expect(note.status).toBe(400);
    expectErrorBody(note.body, 'invalid_amount');
    expect(JSON.stringify([grant.body, note.body])).not.toMatch(/big\.js|Invalid number/);
  });

  it('serves /metrics that promtool check metrics accepts, with the standard process and nodejs names', async () => {
    // Some traffic first, so that labelled series exist and are linted too.
    await h.api('POST', '/v1/reference', [customer(), priceBook(), rental()]);
    await h.publish(SUBJECT, usageEvent());
    const scrape = async () => {
      const response = await fetch(`${h.server.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      return response.text();
    };
    const text = await h.waitFor(scrape, (t) => /^hourglass_usage_events_total\{/m.test(t));
    expect(text).toMatch(/^process_cpu_seconds_total\{/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes\{/m);
    expect(text).toMatch(/^hourglass_usage_events_total\{/m);
    expect(text).not.toMatch(/^hourglass_(process|nodejs)_/m);
    // Every Hourglass metric is declared by the manifest of the module that registers it.
    const families = [...text.matchAll(/^# TYPE (hourglass_\S+) /gm)].map((m) => m[1]!).sort();
    expect(families).toEqual(HOURGLASS_MODULES.flatMap((m) => m.metrics).sort());
    if (!PROMTOOL) {
      process.stderr.write('SKIPPED: promtool is not installed (apt-get install prometheus); /metrics was not linted\n');
      return;
    }
    for (const exposition of [text, withASampleForEveryFamily(text)]) {
      const lint = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
      const problems = `${lint.stdout}${lint.stderr}`.split('\n').filter((line) => line.trim() !== '' && !CONTRACT_OVER_PROMTOOL.includes(line.trim()));
      expect(problems).toEqual([]);
      // promtool exits 3 for lint problems: accepted only when every problem is a contract's choice.
      expect(lint.status === 0 || (lint.status === 3 && problems.length === 0)).toBe(true);
    }
  });
});
