import { IngestPage } from './ingest.js';
import { UsagePage } from './usage.js';
import { InvoicesPage, InvoicePage } from './invoices.js';
import { PaymentsPage } from './payments.js';
import { DisputesPage, DisputePage } from './disputes.js';
import { PayoutsPage, PayoutBatchPage, PayoutStatementPage } from './payouts.js';
import { BreaksPage } from './breaks.js';
import { ScreeningsPage } from './screenings.js';
import { AuditPage } from './audit.js';

/** The pages in the order of the menu; `read` is the route whose GET right decides if the menu shows it. */
export const PAGES = [
  { path: '/ingest', title: 'Ingest health', read: '/v1/status', component: IngestPage },
  { path: '/usage', title: 'Usage', read: '/v1/usage', component: UsagePage },
  { path: '/invoices', title: 'Invoices', read: '/v1/invoices', component: InvoicesPage, detail: InvoicePage },
  { path: '/payments', title: 'Payments & dunning', read: '/v1/invoices', component: PaymentsPage },
  { path: '/disputes', title: 'Disputes', read: '/v1/disputes', component: DisputesPage, detail: DisputePage },
  { path: '/payouts', title: 'Payouts', read: '/v1/payout-statements', component: PayoutsPage, detail: PayoutBatchPage },
  // Not in the menu: reached from a payout item or a statement row.
  { path: '/payout-statements', title: 'Payout statement', read: '/v1/payout-statements', component: PayoutsPage, detail: PayoutStatementPage, hidden: true },
  { path: '/breaks', title: 'Reconciliation breaks', read: '/v1/breaks', component: BreaksPage },
  { path: '/screenings', title: 'Screening reviews', read: '/v1/screenings/reviews', component: ScreeningsPage },
  { path: '/audit', title: 'Audit log', read: '/v1/audit-log', component: AuditPage },
];

export function matchPage(path) {
  for (const page of PAGES) {
    if (path === page.path) return { page, params: {} };
    if (page.detail && path.startsWith(`${page.path}/`)) {
      const id = decodeURIComponent(path.slice(page.path.length + 1));
      if (id && !id.includes('/')) return { page: { ...page, component: page.detail }, params: { id } };
    }
  }
  return null;
}
