import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sha256Hex, type Role } from '@hourglass/access';
import { startHarness, type Harness } from '../support/harness';

/**
 * CONTRACTS.md §5, written out independently of the @Access decorators: which roles (besides admin)
 * may call each route. A route the OpenAPI document has and this table lacks fails the test, so a
 * new route cannot ship without someone deciding who may call it.
 */
const RIGHTS: Record<string, Array<Exclude<Role, 'admin'>>> = {
  'POST /v1/reference': ['control-plane'],
  'POST /v1/rentals': ['control-plane'],
  'POST /v1/customers': ['control-plane'],
  'POST /v1/price-books': ['control-plane'],
  'GET /v1/rentals/{id}': ['control-plane', 'finance', 'billing'],
  'GET /v1/customers/{id}': ['control-plane', 'finance', 'billing'],
  'GET /v1/price-books/{id}': ['control-plane', 'finance', 'billing'],
  'GET /v1/status': ['control-plane', 'finance', 'billing'],
  'GET /v1/status/history': ['control-plane', 'finance', 'billing'],
  'POST /v1/rejections/replay': ['billing'],
  'GET /v1/customers/{id}/spend': ['finance', 'billing'],
  'POST /v1/billing-runs': ['billing'],
  'GET /v1/invoices': ['finance', 'billing'],
  'GET /v1/invoices/{id}': ['finance', 'billing'],
  'GET /v1/invoices/{id}/html': ['finance', 'billing'],
  'GET /v1/invoices/{id}/pdf': ['finance', 'billing'],
  'POST /v1/invoices/{id}/pay': ['billing'],
  'POST /v1/invoices/{id}/void': ['billing'],
  'POST /v1/invoices/{id}/mark-uncollectible': ['billing'],
  'POST /v1/invoices/{id}/credit-notes': ['billing'],
  'GET /v1/credit-notes/{id}/html': ['finance', 'billing'],
  'GET /v1/credit-notes/{id}/pdf': ['finance', 'billing'],
  'GET /v1/payout-statements': ['finance', 'billing'],
  'POST /v1/credit-grants': ['billing'],
  'GET /v1/customers/{id}/credits': ['finance', 'billing'],
  'GET /v1/audit-log': ['finance'],
  'POST /v1/sql': ['finance'],
  'GET /v1/me': ['control-plane', 'finance', 'billing'],
  'GET /v1/usage': ['finance', 'billing'],
  'GET /v1/payments': ['finance', 'billing'],
  'POST /v1/payments/records': ['billing'],
  'POST /v1/payments/collect': ['billing'],
  'POST /v1/payments/refunds': ['billing'],
  'GET /v1/payments/dispute-events': ['finance', 'billing'],
  'GET /v1/customers/{id}/credit-balance': ['finance', 'billing'],
  'GET /v1/ledger/trial-balance': ['finance', 'billing'],
  'GET /v1/ledger/balances': ['finance', 'billing'],
  'GET /v1/ledger/entries': ['finance', 'billing'],
  'POST /v1/ledger/sync': ['billing'],
  'POST /v1/webhook-endpoints': [],
  'GET /v1/webhook-endpoints': [],
  'GET /v1/webhook-endpoints/{endpointId}/deliveries': [],
  'POST /v1/webhook-endpoints/{endpointId}/replay': [],
  'GET /v1/close/{period}': ['finance'],
  'GET /v1/close/{period}/{dataset}/{format}': ['finance'],
  'POST /v1/screenings': ['control-plane', 'billing', 'finance'],
  'POST /v1/screenings/parties': ['control-plane', 'billing'],
  'GET /v1/screenings/reviews': ['finance', 'billing'],
  'GET /v1/screenings/reviews/{id}': ['finance', 'billing'],
  'POST /v1/screenings/reviews/{id}/decision': ['billing'],
  'POST /v1/sanctions/lists': ['billing'],
  'GET /v1/sanctions/lists': ['finance', 'billing'],
  'GET /v1/risk/signals': ['finance', 'billing'],
  'POST /v1/operators': ['control-plane'],
  'GET /v1/operators': ['control-plane', 'finance', 'billing'],
  'GET /v1/payout-statements/{id}': ['finance', 'billing'],
  'GET /v1/payout-statements/{id}/csv': ['finance', 'billing'],
  'GET /v1/payout-statements/{id}/pdf': ['finance', 'billing'],
  'POST /v1/payouts/runs': ['billing'],
  'GET /v1/payouts/batches': ['finance', 'billing'],
  'GET /v1/payouts/batches/{id}': ['finance', 'billing'],
  'GET /v1/payouts/batches/{id}/export': ['finance', 'billing'],
  'POST /v1/payouts/batches/{id}/items/{operatorId}/status': ['billing'],
  'POST /v1/payouts/clawbacks': ['billing'],
  'GET /v1/payouts/balances': ['finance', 'billing'],
  'POST /v1/kyc/spend-checks': ['billing'],
  'POST /v1/kyc/{kind}/{id}': ['control-plane', 'billing'],
  'GET /v1/kyc/{kind}/{id}': ['control-plane', 'finance', 'billing'],
  'GET /v1/disputes': ['finance', 'billing'],
  'GET /v1/disputes/{id}': ['finance', 'billing'],
  'GET /v1/disputes/{id}/evidence.json': ['finance', 'billing'],
  'GET /v1/disputes/{id}/evidence.pdf': ['finance', 'billing'],
  'POST /v1/disputes/{id}/evidence': ['billing'],
  'GET /v1/dunning': ['finance', 'billing'],
  'POST /v1/psp/imports': ['billing'],
  'POST /v1/bank/imports': ['billing'],
  'POST /v1/recon/runs': ['billing'],
  'GET /v1/breaks': ['finance', 'billing'],
  'GET /v1/breaks/{id}': ['finance', 'billing'],
  'POST /v1/breaks/{id}/assign': ['billing'],
  'POST /v1/breaks/{id}/resolve': ['billing'],
  'POST /v1/breaks/{id}/write-off': ['billing'],
};
const OPEN = new Set(['GET /healthz', 'GET /livez', 'GET /readyz', 'GET /metrics']);
/** PSP webhooks authenticate by their signature instead of a token (CONTRACTS.md §6). */
const SIGNED = new Set(['POST /v1/psp/stripe/webhooks', 'POST /v1/psp/adyen/webhooks']);

const TOKENS: Record<Role, string> = {
  admin: 'admin-token-for-the-access-test-0001',
  billing: 'billing-token-for-the-access-test-0001',
  finance: 'finance-token-for-the-access-test-0001',
  'control-plane': 'control-plane-token-for-the-access-test-01',
};

type OpenApi = {
  paths: Record<string, Record<string, { security?: Array<Record<string, unknown>>; requestBody?: unknown; responses: Record<string, unknown> }>>;
  components: { securitySchemes?: Record<string, unknown> };
};

describe('access: tokens, roles and the audit log on every route (CONTRACTS.md §5)', () => {
  let h: Harness;
  let doc: OpenApi;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-access-'));

  beforeAll(async () => {
    const tokensFile = path.join(dir, 'tokens.json');
    fs.writeFileSync(tokensFile, JSON.stringify(Object.entries(TOKENS).map(([role, token]) => ({ name: `test-${role}`, role, sha256: sha256Hex(token) }))));
    h = await startHarness({ HOURGLASS_API_TOKENS_FILE: tokensFile, HOURGLASS_HTTP_BODY_LIMIT: '1mb' }, undefined, { adminToken: TOKENS.admin });
    const r = await fetch(`${h.server.url}/v1/openapi.json`);
    expect(r.status).toBe(200);
    doc = (await r.json()) as OpenApi;
  });
  afterAll(async () => {
    await h?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const routes = () =>
    Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => ({ key: `${m.toUpperCase()} ${p}`, method: m.toUpperCase() as 'GET' | 'POST', path: p, op: methods[m] })));
  const call = (method: 'GET' | 'POST', route: string, token: string | null) =>
    h.api<{ reason?: string; message?: string }>(method, route.replace(/\{[^}]+\}/g, 'no-such-id'), method === 'POST' ? {} : undefined, { token });

  it('documents exactly the routes the table of rights names, each /v1 one behind the bearer scheme', () => {
    const documented = routes().map((r) => r.key);
    expect(documented.filter((k) => !RIGHTS[k] && !OPEN.has(k) && !SIGNED.has(k))).toEqual([]);
    expect(Object.keys(RIGHTS).filter((k) => !documented.includes(k))).toEqual([]);
    expect(doc.components.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const r of routes().filter((x) => RIGHTS[x.key])) expect([r.key, r.op.security]).toEqual([r.key, [{ bearer: [] }]]);
    for (const r of routes().filter((x) => OPEN.has(x.key) || SIGNED.has(x.key))) expect([r.key, r.op.security]).toEqual([r.key, []]);
  });

  it('answers every /v1 route without a token, or with an unknown one, 401 unauthenticated; leaves /healthz and /metrics open, and webhooks to their signatures', async () => {
    for (const r of routes()) {
      for (const token of [null, 'not-a-token-anyone-has']) {
        const answer = await call(r.method, r.path, token);
        if (OPEN.has(r.key)) {
          expect([r.key, answer.status < 400 || answer.status === 503]).toEqual([r.key, true]);
        } else if (SIGNED.has(r.key)) {
          expect([r.key, token, answer.status, answer.body.reason]).toEqual([r.key, token, 400, 'invalid_signature']);
        } else {
          expect([r.key, token, answer.status, answer.body.reason]).toEqual([r.key, token, 401, 'unauthenticated']);
          expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
        }
      }
    }
  });

  it.each(Object.keys(TOKENS) as Role[])('lets the %s role do what §5 gives it, and answers 403 forbidden to the rest', async (role) => {
    for (const r of routes().filter((x) => RIGHTS[x.key])) {
      const answer = await call(r.method, r.path, TOKENS[role]);
      const allowed = role === 'admin' || RIGHTS[r.key].includes(role as Exclude<Role, 'admin'>);
      if (allowed) expect([r.key, role, answer.status === 401 || answer.status === 403]).toEqual([r.key, role, false]);
      else expect([r.key, role, answer.status, answer.body.reason]).toEqual([r.key, role, 403, 'forbidden']);
      expect([r.key, typeof answer.body.reason, typeof answer.body.message]).toEqual(
        answer.status >= 400 ? [r.key, 'string', 'string'] : [r.key, typeof answer.body.reason, typeof answer.body.message],
      );
    }
  });

  it('keeps every write in the audit log, newest first, for admin and finance only', async () => {
    await h.api('POST', '/v1/customers', { customerId: 'c-audit', name: 'Audit', currency: 'USD', updatedAt: '2026-10-01T00:00:00Z' }, { token: TOKENS['control-plane'], headers: { 'idempotency-key': 'idem-audit-1' } });
    await h.api('POST', '/v1/billing-runs', { period: '2026-10' }, { token: TOKENS.finance });
    const log = await h.api<Array<{ id: string; at: string; actor: string; role: string; method: string; path: string; status: number; idempotencyKey: string | null }>>('GET', '/v1/audit-log?limit=2', undefined, { token: TOKENS.finance });
    expect(log.status).toBe(200);
    expect(log.body.map(({ actor, role, method, path: p, status, idempotencyKey }) => ({ actor, role, method, path: p, status, idempotencyKey }))).toEqual([
      { actor: 'test-finance', role: 'finance', method: 'POST', path: '/v1/billing-runs', status: 403, idempotencyKey: null },
      { actor: 'test-control-plane', role: 'control-plane', method: 'POST', path: '/v1/customers', status: 200, idempotencyKey: 'idem-audit-1' },
    ]);
    expect(Date.parse(log.body[0].at)).toBeGreaterThanOrEqual(Date.parse(log.body[1].at));
    const next = await h.api<Array<{ id: string }>>('GET', `/v1/audit-log?limit=1&before=${log.body[1].id}`, undefined, { token: TOKENS.admin });
    expect(next.body).toHaveLength(1);
    expect(next.body[0].id < log.body[1].id).toBe(true);
    expect((await h.api('GET', '/v1/audit-log', undefined, { token: TOKENS.billing })).status).toBe(403);
    // Reads are not writes: the audit log did not grow by the GETs above.
    const again = await h.api<Array<{ id: string }>>('GET', '/v1/audit-log?limit=1', undefined, { token: TOKENS.finance });
    expect(again.body[0].id).toBe(log.body[0].id);
  });

  it('answers malformed, oversized and unknown requests in the {reason, message} shape', async () => {
    const raw = (init: RequestInit & { path?: string }) =>
      fetch(`${h.server.url}${init.path ?? '/v1/customers'}`, { method: 'POST', ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.admin}`, ...(init.headers as object) } });
    const badJson = await raw({ body: '{"customerId": ' });
    expect([badJson.status, await badJson.json()]).toEqual([400, { reason: 'invalid_json', message: expect.any(String) }]);
    const huge = await raw({ body: JSON.stringify({ documents: ['x'.repeat(2 * 1024 * 1024)] }) });
    expect([huge.status, ((await huge.json()) as { reason: string }).reason]).toEqual([413, 'payload_too_large']);
    const unknown = await h.api('GET', '/v1/no-such-route');
    expect([unknown.status, unknown.body]).toEqual([404, { reason: 'not_found', message: expect.any(String) }]);
    const abc = await h.api('POST', '/v1/invoices/no-such-invoice/credit-notes', { amount: 'abc' });
    expect([abc.status, abc.body]).toEqual([400, { reason: 'invalid_amount', message: expect.stringMatching(/decimal/) }]);
    const grant = await h.api('POST', '/v1/credit-grants', { customerId: 'c-audit', currency: 'USD', amount: 'abc' });
    expect([grant.status, (grant.body as { reason: string }).reason]).toEqual([400, 'invalid_grant']);
  });

  it('sends security headers', async () => {
    const r = await h.api('GET', '/v1/status');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-powered-by')).toBeNull();
    expect(r.headers.get('content-security-policy')).toBeTruthy();
  });

  it('passes the OpenAPI linter (Redocly, recommended rules) without errors', () => {
    const file = path.join(dir, 'openapi.json');
    fs.writeFileSync(file, JSON.stringify(doc));
    const run = spawnSync(process.execPath, [path.join(__dirname, '../support/lint-openapi.mjs'), file], { encoding: 'utf8', cwd: path.join(__dirname, '../..') });
    expect(run.stderr).toBe('');
    const problems = JSON.parse(run.stdout) as Array<{ severity: string; rule: string; message: string; where: string }>;
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('describes every request and response body with a schema', () => {
    for (const r of routes().filter((x) => RIGHTS[x.key])) {
      if (r.method === 'POST') expect([r.key, r.op.requestBody !== undefined]).toEqual([r.key, true]);
      const ok = Object.entries(r.op.responses).find(([code]) => code.startsWith('2'));
      expect([r.key, ok !== undefined && JSON.stringify(ok[1]).includes('schema')]).toEqual([r.key, true]);
    }
  });
});

describe('access: the rate limit is per token', () => {
  let h: Harness;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-throttle-'));

  beforeAll(async () => {
    const tokensFile = path.join(dir, 'tokens.json');
    fs.writeFileSync(tokensFile, JSON.stringify([
      { name: 'busy', role: 'admin', sha256: sha256Hex(TOKENS.admin) },
      { name: 'calm', role: 'finance', sha256: sha256Hex(TOKENS.finance) },
    ]));
    h = await startHarness({ HOURGLASS_API_TOKENS_FILE: tokensFile, HOURGLASS_RATE_LIMIT: '5', HOURGLASS_RATE_LIMIT_WINDOW_MS: '60000' }, undefined, { adminToken: TOKENS.admin });
  });
  afterAll(async () => {
    await h?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers 429 rate_limited past the limit, to that token only, and never limits /healthz', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await h.api('GET', '/v1/status')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await h.api<{ reason: string }>('GET', '/v1/invoices');
    expect([limited.status, limited.body.reason]).toEqual([429, 'rate_limited']);
    expect((await h.api('GET', '/v1/status', undefined, { token: TOKENS.finance })).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await h.api('GET', '/healthz')).status).toBe(200);
  });
});
