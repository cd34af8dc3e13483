import * as fs from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '@hourglass/config';
import { api, out } from '../output';

interface InvoiceView {
  invoiceId: string;
  number: string;
  customerId: string;
  currency: string;
  status: string;
  total: string;
  lines: Array<{ kind: string; rentalId: string | null; servicePeriod: string; priceBookVersion: number | null; quantityGpuHours: string; unitPrice: string | null; amount: string }>;
}

function invoiceText(inv: InvoiceView): string {
  const head = `${inv.number}  ${inv.customerId}  ${inv.status}  total ${inv.total} ${inv.currency}`;
  const lines = inv.lines.map(
    (l) =>
      `  ${l.kind.padEnd(10)} ${String(l.rentalId ?? '').padEnd(16)} ${l.servicePeriod} v${l.priceBookVersion ?? '-'}  ${l.quantityGpuHours} GPU-h × ${l.unitPrice ?? '—'} = ${l.amount}`,
  );
  return [head, ...lines].join('\n');
}

export function registerBillingCommands(program: Command, period: (value: string) => string): void {
  program
    .command('bill')
    .description('close a period: invoices and payout statements; running it twice changes nothing')
    .requiredOption('--period <YYYY-MM>', 'the calendar month (UTC) to bill', period)
    .option('--json', 'print the result as JSON')
    .action(async (options: { period: string; json?: boolean }) => {
      if (!options.json) process.stderr.write(`billing ${options.period}…\n`);
      const result = await api(loadConfig()).request<{
        invoices: number;
        alreadyCompleted: boolean;
        totals: Record<string, string>;
        payoutStatements: number;
        failures: Array<{ customerId: string; reason: string }>;
      }>('POST', '/v1/billing-runs', { period: options.period });
      out(options.json, result, () => {
        const totals = Object.entries(result.totals).map(([c, t]) => `${t} ${c}`).join(', ') || 'nothing';
        const lines = [
          result.alreadyCompleted
            ? `${options.period} was already billed: ${result.invoices} invoices (${totals}); nothing changed`
            : `billed ${options.period}: ${result.invoices} invoices (${totals}), ${result.payoutStatements} payout statements`,
        ];
        for (const f of result.failures) lines.push(`  not invoiced: customer ${f.customerId}: ${f.reason}`);
        return lines.join('\n');
      });
      // The run itself succeeded: the other customers are invoiced. Who was not, and why, is in the
      // result (and on stderr), for the operator to fix the price book and let the next run catch up.
      if (options.json) for (const f of result.failures) process.stderr.write(`not invoiced: customer ${f.customerId}: ${f.reason}\n`);
    });

  program
    .command('invoices')
    .description('the invoices of a period')
    .requiredOption('--period <YYYY-MM>', 'billing period', period)
    .option('--customer <id>', 'only this customer')
    .option('--json', 'print as JSON')
    .action(async (options: { period: string; customer?: string; json?: boolean }) => {
      const query = new URLSearchParams({ period: options.period, ...(options.customer ? { customerId: options.customer } : {}) });
      const invoices = await api(loadConfig()).request<InvoiceView[]>('GET', `/v1/invoices?${query}`);
      out(options.json, invoices, () => (invoices.length ? invoices.map(invoiceText).join('\n\n') : `no invoices for ${options.period}`));
    });

  const invoice = program.command('invoice').description('one invoice: show, pay, void, credit');
  invoice
    .command('show')
    .argument('<id>', 'invoice id or number')
    .option('--json', 'print as JSON')
    .option('--html <file>', 'write the invoice as an HTML page')
    .option('--pdf <file>', 'write the invoice as a PDF')
    .action(async (id: string, options: { json?: boolean; html?: string; pdf?: string }) => {
      const client = api(loadConfig());
      const inv = await client.request<InvoiceView>('GET', `/v1/invoices/${encodeURIComponent(id)}`);
      if (options.html) fs.writeFileSync(options.html, await client.raw(`/v1/invoices/${encodeURIComponent(inv.invoiceId)}/html`));
      if (options.pdf) fs.writeFileSync(options.pdf, await client.raw(`/v1/invoices/${encodeURIComponent(inv.invoiceId)}/pdf`));
      out(options.json, inv, () => invoiceText(inv));
    });
  for (const [name, path, description] of [
    ['pay', 'pay', 'mark paid'],
    ['void', 'void', 'void (credits what is left)'],
    ['uncollectible', 'mark-uncollectible', 'mark uncollectible'],
  ] as const) {
    invoice
      .command(name)
      .description(description)
      .argument('<id>', 'invoice id or number')
      .option('--reason <text>', 'why')
      .option('--json', 'print as JSON')
      .action(async (id: string, options: { reason?: string; json?: boolean }) => {
        const r = await api(loadConfig()).request<{ invoiceId: string; status: string }>('POST', `/v1/invoices/${encodeURIComponent(id)}/${path}`, { reason: options.reason });
        out(options.json, r, () => `${r.invoiceId} is ${r.status}`);
      });
  }
  invoice
    .command('credit')
    .description('issue a credit note against a finalized invoice')
    .argument('<id>', 'invoice id or number')
    .option('--amount <decimal>', 'amount to credit (default: all that is left)')
    .option('--reason <text>', 'why')
    .option('--void', 'void the invoice when this credits all that is left')
    .option('--json', 'print as JSON')
    .action(async (id: string, options: { amount?: string; reason?: string; void?: boolean; json?: boolean }) => {
      const r = await api(loadConfig()).request<{ number: string; amount: string; status: string }>('POST', `/v1/invoices/${encodeURIComponent(id)}/credit-notes`, {
        amount: options.amount,
        reason: options.reason,
        void: options.void,
      });
      out(options.json, r, () => `credit note ${r.number} for ${r.amount}; invoice is ${r.status}`);
    });

  const credits = program.command('credits').description('prepaid credit grants');
  credits
    .command('grant')
    .requiredOption('--customer <id>', 'customer')
    .requiredOption('--amount <decimal>', 'amount')
    .requiredOption('--currency <code>', 'ISO 4217 currency')
    .option('--priority <n>', 'lower is used first', '0')
    .option('--expires <timestamp>', 'RFC 3339 expiry')
    .option('--id <grantId>', 'your id for the grant (makes a retry harmless)')
    .option('--description <text>', 'shown on the invoice')
    .option('--json', 'print as JSON')
    .action(async (o: { customer: string; amount: string; currency: string; priority: string; expires?: string; id?: string; description?: string; json?: boolean }) => {
      const r = await api(loadConfig()).request<{ grantId: string }>('POST', '/v1/credit-grants', {
        grantId: o.id,
        customerId: o.customer,
        amount: o.amount,
        currency: o.currency,
        priority: Number(o.priority),
        expiresAt: o.expires ?? null,
        description: o.description,
      });
      out(o.json, r, () => `granted ${o.amount} ${o.currency} to ${o.customer} as ${r.grantId}`);
    });
  credits
    .command('balance')
    .requiredOption('--customer <id>', 'customer')
    .option('--json', 'print as JSON')
    .action(async (o: { customer: string; json?: boolean }) => {
      const r = await api(loadConfig()).request<Array<{ grantId: string; currency: string; amount: string; remaining: string; expiresAt: string | null }>>(
        'GET',
        `/v1/customers/${encodeURIComponent(o.customer)}/credits`,
      );
      out(o.json, r, () => (r.length ? r.map((g) => `${g.grantId}  ${g.remaining} of ${g.amount} ${g.currency}${g.expiresAt ? `  expires ${g.expiresAt}` : ''}`).join('\n') : 'no credit grants'));
    });
}
