import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DisputesService } from '@hourglass/disputes';
import { startPspSim, type PspSim } from '@hourglass/psp-sim';
import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import { clockStartingAt, startHarness, type Harness } from '../support/harness';

/**
 * The console in a real browser (Debian's Chromium, driven by playwright-core): sign in with each
 * role's token, walk every page, one write per role that has one, and no write offered to a role
 * that may not. Screenshots of every page go to test-results/console/ (README: "Operations console").
 */
const CHROMIUM = [process.env.HOURGLASS_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p): p is string => !!p && fs.existsSync(p));
const SHOTS = path.join(__dirname, '..', '..', 'test-results', 'console');
const ROOT = path.join(__dirname, '..', '..');

const TOKENS = {
  admin: 'admin-token-for-the-console-test-0001',
  billing: 'billing-token-for-the-console-test-001',
  finance: 'finance-token-for-the-console-test-001',
  'control-plane': 'control-plane-token-for-the-console-01',
} as const;
type Role = keyof typeof TOKENS;

const PAGES = [
  ['ingest', 'Ingest health'],
  ['usage', 'Usage'],
  ['invoices', 'Invoices'],
  ['payments', 'Payments & dunning'],
  ['disputes', 'Disputes'],
  ['payouts', 'Payouts'],
  ['breaks', 'Reconciliation breaks'],
  ['screenings', 'Screening reviews'],
  ['audit', 'Audit log'],
] as const;

const STRIPE_SECRET = 'whsec_console_test';
const ADYEN_KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';
/** Two settlement lines for payments Hourglass never saw: two `missing_in_ledger` breaks in October. */
const SETTLEMENT = [
  'balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,reporting_category,source_id,description,automatic_payout_id,customer_id,charge_id,payment_intent_id,payment_metadata[hourglass_invoice_id]',
  'txn_x1,2026-10-20 18:00:00,2026-10-25 00:00:00,usd,12.00,0.65,11.35,charge,ch_pi_nobody1,stray,po_oct,cus_x,ch_pi_nobody1,pi_nobody1,',
  'txn_x2,2026-10-30 18:00:00,2026-11-05 00:00:00,usd,30.00,1.17,28.83,charge,ch_pi_nobody2,stray,po_oct,cus_x,ch_pi_nobody2,pi_nobody2,',
].join('\n');

interface BreakView {
  breakId: string;
  status: string;
  assignee: string;
  refs: Record<string, unknown>;
}
interface BatchView {
  batchId: string;
  runKey: string;
  items: Array<{ operatorId: string; currency: string; status: string; holdReason?: string }>;
}

interface Invoice {
  invoiceId: string;
  number: string;
  customerId: string;
  status: string;
  lines: Array<{ rentalId: string }>;
}

if (!CHROMIUM) {
  // Only where Chromium is missing: .ci/run installs Debian's `chromium`, so CI never skips.
  describe('console in a browser', () => {
    it.skip('needs Chromium: apt-get install -y chromium (or set HOURGLASS_CHROMIUM to a Chromium binary)', () => undefined);
  });
  process.stderr.write('console browser test skipped: Chromium is not installed (apt-get install -y chromium, or set HOURGLASS_CHROMIUM)\n');
} else {
  describe('console in a browser: sign-in, every page, one action per role, nothing a role may not do', () => {
    jest.setTimeout(240_000);
    let h: Harness;
    let sim: PspSim;
    let browser: Browser;
    let invoices: Invoice[];
    let disputeId = '';
    let disputedInvoice: Invoice;
    let batch: BatchView;
    let caseId = '';
    const clock = clockStartingAt('2026-11-15T09:00:00Z');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-console-'));
    const consoleDir = path.join(dir, 'console');

    beforeAll(async () => {
      const built = spawnSync(process.execPath, [path.join(ROOT, 'libs', 'console', 'web', 'build.mjs'), consoleDir], { encoding: 'utf8' });
      if (built.status !== 0) throw new Error(`console build failed: ${built.stderr}`);
      const tokensFile = path.join(dir, 'tokens.json');
      fs.writeFileSync(tokensFile, JSON.stringify(Object.entries(TOKENS).map(([role, token]) => ({ name: `console-${role}`, role, sha256: createHash('sha256').update(token).digest('hex') }))));
      // Real rows for the disputes, payouts and breaks pages, seeded as those modules' own tests do, small.
      sim = await startPspSim({ clock, stripeWebhookSecret: STRIPE_SECRET, adyenHmacKey: ADYEN_KEY });
      h = await startHarness(
        {
          HOURGLASS_API_TOKENS_FILE: tokensFile,
          HOURGLASS_CONSOLE_DIR: consoleDir,
          HOURGLASS_STRIPE_WEBHOOK_SECRETS: STRIPE_SECRET,
          HOURGLASS_STRIPE_API_KEY: 'sk_test_console',
          HOURGLASS_STRIPE_API_BASE: sim.url,
          HOURGLASS_PSP_INBOX_RETRY_MS: '0',
          HOURGLASS_LEDGER_SYNC_INTERVAL_MS: '0',
          HOURGLASS_DISPUTES_SYNC_INTERVAL_MS: '0',
          HOURGLASS_PAYOUT_BASIS: 'earned',
          HOURGLASS_PAYOUT_MINIMUM: '1',
        },
        undefined,
        { clock, adminToken: TOKENS.admin },
      );
      sim.sender.targets.stripeUrl = `${h.server.url}/v1/psp/stripe/webhooks`;
      await h.api('POST', '/v1/reference', [
        customer(),
        customer({ customerId: 'c-eu', name: 'Euro GmbH', currency: 'EUR' }),
        priceBook(),
        priceBook({ priceBookId: 'pb-eur', currency: 'EUR', rates: [{ gpuModel: 'H100-SXM-80GB', pricingClass: 'on_demand', unitPrice: '2.30' }] }),
        rental({ startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' }),
        rental({ rentalId: 'r-eu', customerId: 'c-eu', priceBookId: 'pb-eur', gpuCount: 4, startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' }),
        customer({ customerId: 'c-dsp', name: 'Disputing Inc', paymentProvider: 'stripe' }),
        rental({ rentalId: 'r-dsp', customerId: 'c-dsp', nodeId: 'node-18', startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' }),
      ]);
      expect((await h.api('POST', '/v1/operators', { documents: [{ operatorId: 'op-42', name: 'Rhein GPU GmbH', country: 'DE', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', payoutCurrency: 'EUR', updatedAt: '2026-09-01T00:00:00Z' }] })).status).toBe(200);
      expect((await h.api('POST', '/v1/kyc/operator/op-42', { state: 'verified', reason: 'documents reviewed' })).status).toBe(200);
      const at = (day: number, n: number) => `2026-09-${String(day).padStart(2, '0')}T${String(n).padStart(2, '0')}:00:00.000Z`;
      for (let hour = 0; hour < 5; hour++) {
        await h.publish(SUBJECT, usageEvent({ time: at(10, hour + 1), data: { intervalStart: at(10, hour), intervalEnd: at(10, hour + 1) } }));
        await h.publish(SUBJECT, usageEvent({ subject: 'rental/r-eu', time: at(12, hour + 1), data: { rentalId: 'r-eu', gpuCount: 4, intervalStart: at(12, hour), intervalEnd: at(12, hour + 1) } }));
      }
      await h.publish(SUBJECT, usageEvent({ subject: 'rental/r-dsp', source: 'agent://op-42/dc-fra-1/node-18', time: at(14, 1), data: { rentalId: 'r-dsp', nodeId: 'node-18', intervalStart: at(14, 0), intervalEnd: at(14, 1) } }));
      await h.publish(SUBJECT, '{"not": "an event"}');
      await h.waitFor(async () => (await h.api<{ accepted: number; rejected: number; lag: number }>('GET', '/v1/status')).body, (s) => s.accepted === 11 && s.rejected === 1 && s.lag === 0, 120_000);
      expect((await h.api('POST', '/v1/billing-runs', { period: '2026-09' })).status).toBe(200);
      const all = (await h.api<Invoice[]>('GET', '/v1/invoices?period=2026-09')).body;
      disputedInvoice = all.find((i) => i.customerId === 'c-dsp')!;
      invoices = all.filter((i) => i !== disputedInvoice);
      expect(invoices).toHaveLength(2);

      // A dispute: c-dsp pays through the simulated Stripe, then disputes the charge.
      expect((await h.api('POST', '/v1/payments/collect', { invoiceId: disputedInvoice.invoiceId })).status).toBe(201);
      await sim.sender.idle();
      const [pi] = [...sim.stripe.intents.keys()];
      disputeId = String(sim.stripe.openDispute(pi!, 'product_not_received')!.id);
      await sim.sender.idle();
      await h.server.app.get(DisputesService, { strict: false }).sync();
      expect((await h.api<{ disputes: unknown[] }>('GET', '/v1/disputes')).body.disputes).toHaveLength(1);
      // A payout batch of September (earned basis): op-42's shares, one item per currency.
      const run = await h.api<BatchView>('POST', '/v1/payouts/runs', { period: '2026-09' });
      expect(run.status).toBe(200);
      batch = run.body;
      expect(batch.items.length).toBeGreaterThan(0);
      // Two reconciliation breaks of October.
      expect((await h.api('POST', '/v1/psp/imports', { provider: 'stripe', content: SETTLEMENT, fileName: 'oct.csv' })).status).toBe(200);
      expect((await h.api('POST', '/v1/recon/runs', { period: '2026-10' })).status).toBe(200);
      expect((await h.api<{ breaks: BreakView[] }>('GET', '/v1/breaks')).body.breaks.length).toBeGreaterThanOrEqual(2);
      // A screening review case: the test lists, and an operator on them.
      const fixture = (f: string) => fs.readFileSync(path.join(ROOT, 'tests', 'fixtures', 'sanctions', f), 'utf8');
      expect((await h.api('POST', '/v1/sanctions/lists', { ofacSdn: fixture('sdn.csv'), ofacAlt: fixture('alt.csv'), ofacAdd: fixture('add.csv'), eu: fixture('eu.csv'), source: 'fixtures' })).status).toBe(200);
      const screened = await h.api<{ caseId: string | null }>('POST', '/v1/screenings/parties', { kind: 'operator', id: 'op-9', name: 'Northwind Maritime Trading', country: 'IR' });
      expect(screened.body.caseId).toBeTruthy();
      caseId = screened.body.caseId!;

      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
      fs.mkdirSync(SHOTS, { recursive: true });
    }, 300_000);

    afterAll(async () => {
      await browser?.close();
      await h?.close();
      await sim?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const contexts: BrowserContext[] = [];
    afterEach(async () => {
      for (const c of contexts.splice(0)) await c.close();
    });

    async function signedIn(role: Role): Promise<Page> {
      const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Berlin', viewport: { width: 1366, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('dialog', (d) => void d.accept(`console test (${role})`));
      await page.goto(`${h.server.url}/console/`);
      await page.getByLabel('API token').fill(TOKENS[role]);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('who').filter({ hasText: role }).waitFor();
      expect(problems).toEqual([]);
      return page;
    }

    async function open(page: Page, route: string, heading: string | RegExp): Promise<void> {
      await page.goto(`${h.server.url}/console/#/${route}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      // The served CSP forbids eval, so no waitForFunction: poll a locator until nothing is loading.
      const loading = page.getByRole('status').filter({ hasText: /^Loading/ });
      for (const deadline = performance.now() + 60_000; (await loading.count()) > 0; ) {
        if (performance.now() > deadline) throw new Error(`#/${route} still loading after 60 s`);
        await page.waitForTimeout(100);
      }
    }

    it('refuses an unknown token with a message, and serves the bundle itself (no CDN)', async () => {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      const origins = new Set<string>();
      page.on('request', (r) => origins.add(new URL(r.url()).origin));
      await page.goto(`${h.server.url}/console/`);
      await page.getByLabel('API token').fill('not-a-token-anyone-has');
      await page.keyboard.press('Enter');
      await page.getByRole('alert').filter({ hasText: 'not known' }).waitFor();
      expect([...origins]).toEqual([h.server.url]);
    });

    it('walks every page as admin, with a screenshot of each, and finds every invoice from the pages', async () => {
      const page = await signedIn('admin');
      for (const [route, title] of PAGES) {
        await open(page, route, title);
        const errors = await page.locator('.notice.error').allTextContents();
        expect([route, errors]).toEqual([route, []]);
        await page.screenshot({ path: path.join(SHOTS, `admin-${route}.png`), fullPage: true });
      }
      await open(page, 'invoices?period=2026-09', 'Invoices');
      for (const inv of invoices) await page.getByRole('link', { name: inv.number, exact: true }).waitFor();
      // A total links to its lines, a line to its rental's usage chart.
      await page.getByRole('link', { name: `lines of ${invoices[0].number}` }).click();
      await page.getByRole('heading', { level: 1, name: `Invoice ${invoices[0].number}` }).waitFor();
      await page.screenshot({ path: path.join(SHOTS, 'admin-invoice.png'), fullPage: true });
      await page.getByRole('link', { name: `usage chart of rental ${invoices[0].lines[0].rentalId}` }).click();
      await page.getByRole('heading', { level: 1, name: 'Usage' }).waitFor();
      await page.getByTestId('usage-total').filter({ hasText: /\d/ }).waitFor();
      expect(await page.locator('figure.chart canvas').count()).toBeGreaterThan(0);
      await page.screenshot({ path: path.join(SHOTS, 'admin-usage-rental.png'), fullPage: true });
      // The modules' pages show their real rows: nothing says "not built yet" any more.
      for (const [route, title] of PAGES) {
        await open(page, route, title);
        expect([route, await page.getByTestId('not-built').count()]).toEqual([route, 0]);
      }
    });

    it('shows a real dispute by deadline, linked to its invoice and its evidence pack', async () => {
      const page = await signedIn('admin');
      await open(page, 'disputes', 'Disputes');
      await page.getByRole('link', { name: disputeId, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: `Dispute ${disputeId}` }).waitFor();
      await page.getByRole('list', { name: 'Evidence summary' }).getByRole('listitem').first().waitFor();
      await page.getByRole('button', { name: 'Download evidence pack (PDF)' }).waitFor();
      await page.getByRole('table', { name: /^Events/ }).getByText(/dispute/).first().waitFor();
      await page.screenshot({ path: path.join(SHOTS, 'admin-dispute.png'), fullPage: true });
      await page.getByRole('link', { name: `invoice of dispute ${disputeId}` }).click();
      await page.getByRole('heading', { level: 1, name: `Invoice ${disputedInvoice.number}` }).waitFor();
    });

    it('shows the payout batch with its items, each linked to its operator and statement; billing marks one paid', async () => {
      const page = await signedIn('billing');
      await open(page, 'payouts?period=2026-09', 'Payouts');
      await page.getByRole('link', { name: batch.batchId, exact: true }).first().click();
      await page.getByRole('heading', { level: 1, name: `Payout batch ${batch.batchId}` }).waitFor();
      const item = batch.items.find((i) => i.status === 'scheduled')!;
      expect(item).toBeDefined();
      await page.getByRole('link', { name: `statement of ${item.operatorId}` }).first().waitFor();
      await page.screenshot({ path: path.join(SHOTS, 'billing-payout-batch.png'), fullPage: true });
      const row = page.getByRole('row').filter({ hasText: item.currency }).filter({ hasText: 'scheduled' }).first();
      await row.getByRole('button', { name: 'Paid' }).click();
      await page.getByTestId('last-action').filter({ hasText: /^Paid: / }).waitFor();
      expect(await page.getByTestId('last-action').textContent()).toBe('Paid: done');
      const after = (await h.api<BatchView>('GET', `/v1/payouts/batches/${batch.batchId}`)).body;
      expect(after.items.find((i) => i.operatorId === item.operatorId && i.currency === item.currency)!.status).toBe('paid');
      await page.getByRole('link', { name: `statement of ${item.operatorId}` }).first().click();
      await page.getByRole('heading', { level: 1, name: /^Payout statement ps_202609_/ }).waitFor();
      await page.getByRole('table', { name: /^Invoices/ }).getByRole('link').first().waitFor();
      await page.screenshot({ path: path.join(SHOTS, 'billing-payout-statement.png'), fullPage: true });
    });

    it('lets billing assign and then resolve a break, with its refs shown', async () => {
      const page = await signedIn('billing');
      await open(page, 'breaks?status=open', 'Reconciliation breaks');
      const open1 = (await h.api<{ breaks: BreakView[] }>('GET', '/v1/breaks?status=open')).body.breaks;
      const target = open1.find((b) => b.refs.paymentRef === 'pi_nobody1' || JSON.stringify(b.refs).includes('pi_nobody1'))!;
      expect(target).toBeDefined();
      const row = page.getByRole('row').filter({ hasText: target.breakId });
      await row.getByText('pi_nobody1').first().waitFor();
      await row.getByRole('button', { name: 'Assign' }).click();
      await page.getByTestId('last-action').filter({ hasText: /^Assign: / }).waitFor();
      expect(await page.getByTestId('last-action').textContent()).toBe('Assign: done');
      let now = (await h.api<BreakView>('GET', `/v1/breaks/${target.breakId}`)).body;
      expect([now.status, now.assignee]).toEqual(['assigned', 'console test (billing)']);
      await open(page, 'breaks?status=assigned', 'Reconciliation breaks');
      await page.getByRole('row').filter({ hasText: target.breakId }).getByRole('button', { name: 'Resolve' }).click();
      // The resolved break leaves the "assigned" list; the page keeps the answer above it.
      await page.getByTestId('last-action').filter({ hasText: /^Resolve: / }).waitFor();
      expect(await page.getByTestId('last-action').textContent()).toBe('Resolve: done');
      now = (await h.api<BreakView>('GET', `/v1/breaks/${target.breakId}`)).body;
      expect(now.status).toBe('resolved');
      await page.screenshot({ path: path.join(SHOTS, 'billing-breaks.png'), fullPage: true });
    });

    it('lets billing clear a screening review case, which then leaves the pending queue', async () => {
      const page = await signedIn('billing');
      await open(page, 'screenings', 'Screening reviews');
      const row = page.getByRole('row').filter({ hasText: caseId });
      await row.getByRole('cell', { name: 'Northwind Maritime Trading', exact: true }).waitFor();
      await page.screenshot({ path: path.join(SHOTS, 'billing-screenings.png'), fullPage: true });
      await row.getByRole('button', { name: 'Clear' }).click();
      await page.getByTestId('last-action').filter({ hasText: /^Clear: / }).waitFor();
      expect(await page.getByTestId('last-action').textContent()).toBe('Clear: done');
      const decided = (await h.api<{ standing: string; decisions: Array<{ decision: string; reason: string }> }>('GET', `/v1/screenings/reviews/${caseId}`)).body;
      expect([decided.standing, decided.decisions.at(-1)?.decision, decided.decisions.at(-1)?.reason]).toEqual(['cleared', 'clear', 'console test (billing)']);
      await open(page, 'screenings?status=decided', 'Screening reviews');
      await page.getByRole('row').filter({ hasText: caseId }).getByText('clear by console-billing').waitFor();
    });

    it('lets billing void an invoice from its page; the filter in the URL survives a reload', async () => {
      const page = await signedIn('billing');
      const target = invoices.find((i) => i.customerId === 'c-eu')!;
      await open(page, `invoices/${encodeURIComponent(target.invoiceId)}`, `Invoice ${target.number}`);
      await page.getByTestId('write-actions').getByRole('button', { name: 'Void' }).click();
      await page.getByText('Void: done').waitFor();
      expect((await h.api<Invoice>('GET', `/v1/invoices/${target.invoiceId}`)).body.status).toBe('void');
      await open(page, 'invoices?period=2026-09&status=void', 'Invoices');
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Invoices' }).waitFor();
      await page.getByRole('link', { name: target.number, exact: true }).waitFor();
      expect(await page.getByRole('link', { name: invoices.find((i) => i !== target)!.number, exact: true }).count()).toBe(0);
      expect(await page.getByLabel('Status').inputValue()).toBe('void');
      await page.screenshot({ path: path.join(SHOTS, 'billing-invoices-void.png'), fullPage: true });
    });

    it('lets admin mark an invoice paid, and shows it in the audit log', async () => {
      const page = await signedIn('admin');
      const target = invoices.find((i) => i.customerId === 'c-9')!;
      await open(page, `invoices/${encodeURIComponent(target.invoiceId)}`, `Invoice ${target.number}`);
      await page.getByRole('button', { name: 'Mark paid' }).click();
      await page.getByText('Mark paid: done').waitFor();
      await open(page, 'audit', 'Audit log');
      await page.getByText(`/v1/invoices/${target.invoiceId}/pay`).waitFor();
      await page.screenshot({ path: path.join(SHOTS, 'admin-audit.png'), fullPage: true });
    });

    it('shows finance every read and no write action; finance exports usage as CSV', async () => {
      const page = await signedIn('finance');
      for (const [route, title] of PAGES) {
        await open(page, route, title);
        expect([route, await page.getByTestId('write-actions').count()]).toEqual([route, 0]);
        await page.screenshot({ path: path.join(SHOTS, `finance-${route}.png`), fullPage: true });
      }
      await open(page, `invoices/${encodeURIComponent(invoices[0].invoiceId)}`, `Invoice ${invoices[0].number}`);
      for (const name of ['Void', 'Mark paid', 'Mark uncollectible', 'Credit note']) expect([name, await page.getByRole('button', { name, exact: true }).count()]).toEqual([name, 0]);
      await page.getByRole('button', { name: 'Download PDF' }).waitFor();
      // Real rows, still nothing to write: the breaks, a dispute, the payout batch.
      await open(page, 'breaks', 'Reconciliation breaks');
      await page.getByRole('cell', { name: 'missing_in_ledger' }).first().waitFor();
      expect(await page.getByRole('button', { name: /^(Assign|Resolve|Write off)$/ }).count()).toBe(0);
      await open(page, `disputes/${encodeURIComponent(disputeId)}`, `Dispute ${disputeId}`);
      expect(await page.getByRole('button', { name: 'Submit evidence' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Download evidence pack (PDF)' }).waitFor();
      await open(page, `payouts/${encodeURIComponent(batch.batchId)}`, `Payout batch ${batch.batchId}`);
      await page.getByRole('link', { name: 'operator op-42' }).first().waitFor();
      expect(await page.getByTestId('write-actions').count()).toBe(0);
      await open(page, 'usage?from=2026-09-01&to=2026-10-01&groupBy=customer&tz=UTC', 'Usage');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
      const csv = fs.readFileSync((await download.path())!, 'utf8');
      expect(csv.split('\r\n')[0]).toContain('gpuHours');
      expect(csv).toContain('c-eu');
    });

    it('offers control-plane only what it may read', async () => {
      const page = await signedIn('control-plane');
      const menu = await page.getByRole('navigation', { name: 'Pages' }).getByRole('link').allTextContents();
      expect(menu).toContain('Ingest health');
      expect(menu).not.toContain('Invoices');
      expect(menu).not.toContain('Audit log');
      await open(page, 'ingest', 'Ingest health');
      await page.getByRole('cell', { name: 'invalid_payload' }).or(page.locator('td code')).first().waitFor();
      expect(await page.getByTestId('write-actions').count()).toBe(0);
      await page.screenshot({ path: path.join(SHOTS, 'control-plane-ingest.png'), fullPage: true });
    });
  });
}
