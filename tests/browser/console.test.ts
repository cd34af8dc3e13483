import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
    let browser: Browser;
    let invoices: Invoice[];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-console-'));
    const consoleDir = path.join(dir, 'console');

    beforeAll(async () => {
      const built = spawnSync(process.execPath, [path.join(ROOT, 'libs', 'console', 'web', 'build.mjs'), consoleDir], { encoding: 'utf8' });
      if (built.status !== 0) throw new Error(`console build failed: ${built.stderr}`);
      const tokensFile = path.join(dir, 'tokens.json');
      fs.writeFileSync(tokensFile, JSON.stringify(Object.entries(TOKENS).map(([role, token]) => ({ name: `console-${role}`, role, sha256: createHash('sha256').update(token).digest('hex') }))));
      h = await startHarness({ HOURGLASS_API_TOKENS_FILE: tokensFile, HOURGLASS_CONSOLE_DIR: consoleDir }, undefined, { clock: clockStartingAt('2026-11-15T09:00:00Z'), adminToken: TOKENS.admin });
      await h.api('POST', '/v1/reference', [
        customer(),
        customer({ customerId: 'c-eu', name: 'Euro GmbH', currency: 'EUR' }),
        priceBook(),
        priceBook({ priceBookId: 'pb-eur', currency: 'EUR', rates: [{ gpuModel: 'H100-SXM-80GB', pricingClass: 'on_demand', unitPrice: '2.30' }] }),
        rental({ startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' }),
        rental({ rentalId: 'r-eu', customerId: 'c-eu', priceBookId: 'pb-eur', gpuCount: 4, startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' }),
      ]);
      const at = (day: number, n: number) => `2026-09-${String(day).padStart(2, '0')}T${String(n).padStart(2, '0')}:00:00.000Z`;
      for (let hour = 0; hour < 5; hour++) {
        await h.publish(SUBJECT, usageEvent({ time: at(10, hour + 1), data: { intervalStart: at(10, hour), intervalEnd: at(10, hour + 1) } }));
        await h.publish(SUBJECT, usageEvent({ subject: 'rental/r-eu', time: at(12, hour + 1), data: { rentalId: 'r-eu', gpuCount: 4, intervalStart: at(12, hour), intervalEnd: at(12, hour + 1) } }));
      }
      await h.publish(SUBJECT, '{"not": "an event"}');
      await h.waitFor(async () => (await h.api<{ accepted: number; rejected: number; lag: number }>('GET', '/v1/status')).body, (s) => s.accepted === 10 && s.rejected === 1 && s.lag === 0, 120_000);
      expect((await h.api('POST', '/v1/billing-runs', { period: '2026-09' })).status).toBe(200);
      invoices = (await h.api<Invoice[]>('GET', '/v1/invoices?period=2026-09')).body;
      expect(invoices).toHaveLength(2);

      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
      fs.mkdirSync(SHOTS, { recursive: true });
    }, 300_000);

    afterAll(async () => {
      await browser?.close();
      await h?.close();
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
      for (const deadline = Date.now() + 60_000; (await loading.count()) > 0; ) {
        if (Date.now() > deadline) throw new Error(`#/${route} still loading after 60 s`);
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
      // Not-yet-built modules say so rather than fail.
      await open(page, 'breaks', 'Reconciliation breaks');
      expect((await page.getByTestId('not-built').count()) + (await page.locator('table').count())).toBeGreaterThan(0);
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
      const target = invoices.find((i) => i.customerId !== 'c-eu')!;
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
