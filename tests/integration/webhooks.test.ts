import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '@hourglass/webhooks';
import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import { clockStartingAt, startHarness, type Harness } from '../support/harness';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number;
}

interface Delivery {
  eventId: string;
  eventType: string;
  attempt: number;
  outcome: string;
  httpStatus: number;
  replay: boolean;
}

const SECRET = 'whsec_webhooks_test_secret_0001';
const NOW = '2026-11-15T09:00:00Z';

/**
 * CONTRACTS.md §12 over HTTP: each outgoing event POSTed to an endpoint with the same CloudEvents body
 * as on NATS, signed `Hourglass-Signature`, retried with back-off until a 2xx, logged, and replayable.
 */
describe('outgoing events over HTTP: signed webhooks with retries, a delivery log and replay', () => {
  let h: Harness;
  let receiver: http.Server;
  let receiverUrl: string;
  const received: Received[] = [];
  // The receiver fails the first POST of every event, then takes it.
  const failedOnce = new Set<string>();

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const id = String(req.headers['hourglass-event-id']);
        const answered = failedOnce.has(id) ? 204 : 503;
        failedOnce.add(id);
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
        res.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    h = await startHarness({ HOURGLASS_WEBHOOK_RETRY_BASE_MS: '300', HOURGLASS_WEBHOOK_REFRESH_MS: '200' }, undefined, { clock: clockStartingAt(NOW) });
    await h.api('POST', '/v1/reference', [customer(), priceBook(), rental({ startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' })]);
    await h.publish(SUBJECT, usageEvent({ time: '2026-10-10T01:00:00.000Z', data: { intervalStart: '2026-10-10T00:00:00.000Z', intervalEnd: '2026-10-10T01:00:00.000Z' } }));
    await h.waitFor(async () => (await h.api<{ accepted: number; lag: number }>('GET', '/v1/status')).body, (s) => s.accepted === 1 && s.lag === 0);
  });
  afterAll(async () => {
    await h?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('creates an endpoint once by its id, shows the secret only in that answer, and refuses a bad one', async () => {
    const request = { endpointId: 'erp', url: receiverUrl, secret: SECRET, types: ['invoice.finalized', 'invoice.voided'] };
    const created = await h.api<{ secret?: string; types: string[] }>('POST', '/v1/webhook-endpoints', request);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ secret: SECRET, types: ['invoice.finalized', 'invoice.voided'] });
    expect((await h.api('POST', '/v1/webhook-endpoints', request)).status).toBe(200);
    const listed = await h.api<Array<Record<string, unknown>>>('GET', '/v1/webhook-endpoints');
    expect(listed.body).toHaveLength(1);
    expect(listed.body[0]).not.toHaveProperty('secret');
    const bad = await h.api<{ reason: string; message: string }>('POST', '/v1/webhook-endpoints', { endpointId: 'x', url: 'not a url' });
    expect([bad.status, bad.body.reason]).toEqual([400, 'invalid_payload']);
  });

  it('delivers an event signed, retries the failed first attempt, and logs both attempts', async () => {
    expect((await h.api('POST', '/v1/billing-runs', { period: '2026-10' })).status).toBe(200);
    const [invoice] = (await h.api<Array<{ invoiceId: string }>>('GET', '/v1/invoices?period=2026-10')).body;
    const eventId = `invoice.finalized:${invoice!.invoiceId}`;
    const log = () => h.api<Delivery[]>('GET', `/v1/webhook-endpoints/erp/deliveries?eventId=${encodeURIComponent(eventId)}`).then((r) => r.body);
    const attempts = await h.waitFor(log, (rows) => rows.some((r) => r.outcome === 'delivered'), 30_000);
    expect(attempts.map((a) => [a.attempt, a.outcome, a.httpStatus]).sort()).toEqual([
      [1, 'retrying', 503],
      [2, 'delivered', 204],
    ]);

    const posts = received.filter((r) => r.headers['hourglass-event-id'] === eventId);
    expect(posts.map((p) => p.answered)).toEqual([503, 204]);
    const nowSeconds = Math.floor(Date.parse(NOW) / 1000);
    for (const post of posts) {
      expect(verifySignature(post.headers['hourglass-signature'] as string, post.body, [SECRET], nowSeconds)).toEqual({ ok: true });
      expect(verifySignature(post.headers['hourglass-signature'] as string, post.body, ['another-secret-000000'], nowSeconds)).toMatchObject({ ok: false });
      expect(post.headers['content-type']).toContain('application/cloudevents+json');
      const event = JSON.parse(post.body) as { id: string; type: string; source: string; specversion: string; data: { invoiceId: string } };
      expect(event).toMatchObject({ id: eventId, type: 'hourglass.invoice.finalized', source: 'hourglass', specversion: '1.0', data: { invoiceId: invoice!.invoiceId } });
    }
    // Types it did not ask for are not sent: a credit note is created, and stays off this endpoint.
    expect(received.some((r) => String(r.headers['hourglass-event-type']).startsWith('credit_note'))).toBe(false);
  });

  it('replays an event on request, once, keeping its id', async () => {
    const [invoice] = (await h.api<Array<{ invoiceId: string }>>('GET', '/v1/invoices?period=2026-10')).body;
    const eventId = `invoice.finalized:${invoice!.invoiceId}`;
    const before = received.length;
    const replay = await h.api<{ replayed: number; delivered: number }>('POST', '/v1/webhook-endpoints/erp/replay', { eventIds: [eventId] });
    expect([replay.status, replay.body.replayed, replay.body.delivered]).toEqual([200, 1, 1]);
    expect(received.slice(before).map((r) => r.headers['hourglass-event-id'])).toEqual([eventId]);
    const log = (await h.api<Delivery[]>('GET', `/v1/webhook-endpoints/erp/deliveries?eventId=${encodeURIComponent(eventId)}`)).body;
    expect(log.filter((r) => r.replay).map((r) => r.outcome)).toEqual(['delivered']);
    const missing = await h.api<{ reason: string }>('POST', '/v1/webhook-endpoints/nope/replay', { eventIds: [eventId] });
    expect([missing.status, missing.body.reason]).toEqual([404, 'not_found']);
  });
});
