import * as fs from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '@hourglass/config';
import { UsageError } from '../exit-codes';
import { api, formatOption, isMachineFormat, out, type Format } from '../output';
import { printTable } from '../print';

interface InvoiceView {
  invoiceId: string;
  number: string;
  customerId: string;
  currency: string;
  status: string;
  total: string;
  periodStart?: string;
  periodEnd?: string;
  /** Tax beside the net total (README "Tax"); taxRounding is null for an untaxed invoice. */
  taxTotal?: string;
  totalWithTax?: string;
  taxTreatment?: string;
  taxRounding?: string | null;
  lines: Array<{ kind: string; rentalId: string | null; servicePeriod: string; priceBookVersion: number | null; quantityGpuHours: string; unitPrice: string | null; amount: string }>;
}

interface PayoutView {
  operatorId: string;
  currency: string;
  gross: string;
  platformFee: string;
  net: string;
  periodStart?: string;
  periodEnd?: string;
  lines: Array<Record<string, unknown>>;
}

function invoiceText(inv: InvoiceView): string {
  // Tax only when the invoice was taxed (a rules file configured): untaxed invoices read as before.
  const tax = inv.taxRounding ? `  + ${inv.taxTreatment === 'standard' ? 'tax' : (inv.taxTreatment ?? '').replace('_', ' ')} ${inv.taxTotal} = ${inv.totalWithTax} ${inv.currency}` : '';
  const head = `${inv.number}  ${inv.customerId}  ${inv.status}  total ${inv.total} ${inv.currency}${tax}`;
  const lines = inv.lines.map((l) => ({
    kind: l.kind,
    rental: l.rentalId ?? '',
    service: l.servicePeriod,
    version: l.priceBookVersion ?? '',
    'GPU-hours': l.quantityGpuHours,
    'unit price': l.unitPrice ?? '',
    amount: l.amount,
  }));
  return lines.length ? `${head}\n${indent(printTable(lines))}` : head;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

const INVOICE_COLUMNS = ['invoiceId', 'number', 'customerId', 'currency', 'periodStart', 'periodEnd', 'status', 'total', 'taxTotal', 'totalWithTax'];
const LINE_COLUMNS = ['lineId', 'kind', 'rentalId', 'operatorId', 'priceBookVersion', 'servicePeriod', 'quantityGpuHours', 'gpuMs', 'unitPrice', 'amount', 'taxRate', 'taxAmount'];

/**
 * CSV of invoices: one row per invoice line, the invoice's own fields repeated on each (an invoice
 * without lines still gets one row), so a spreadsheet can filter and sum lines without a join.
 */
export function invoiceCsvRows(invoices: InvoiceView[]): Array<Record<string, unknown>> {
  return invoices.flatMap((inv) => {
    const head = Object.fromEntries(INVOICE_COLUMNS.map((c) => [c, (inv as unknown as Record<string, unknown>)[c]]));
    const lines = inv.lines.length ? inv.lines : [{}];
    return lines.map((l) => ({ ...head, ...Object.fromEntries(LINE_COLUMNS.map((c) => [`line.${c}`, (l as Record<string, unknown>)[c]])) }));
  });
}
const INVOICE_CSV_COLUMNS = [...INVOICE_COLUMNS, ...LINE_COLUMNS.map((c) => `line.${c}`)];

const PAYOUT_COLUMNS = ['operatorId', 'currency', 'periodStart', 'periodEnd', 'gross', 'platformFee', 'net'];
const PAYOUT_LINE_COLUMNS = ['invoiceNumber', 'customerId', 'rentalId', 'kind', 'servicePeriod', 'quantityGpuHours', 'amount', 'operatorShare', 'platformFee'];

/** Payout statements the same way: one row per statement line, the statement's fields repeated. */
function payoutCsvRows(statements: PayoutView[]): Array<Record<string, unknown>> {
  return statements.flatMap((s) => {
    const head = Object.fromEntries(PAYOUT_COLUMNS.map((c) => [c, (s as unknown as Record<string, unknown>)[c]]));
    const lines = s.lines.length ? s.lines : [{}];
    return lines.map((l) => ({ ...head, ...Object.fromEntries(PAYOUT_LINE_COLUMNS.map((c) => [`line.${c}`, (l as Record<string, unknown>)[c]])) }));
  });
}
const PAYOUT_CSV_COLUMNS = [...PAYOUT_COLUMNS, ...PAYOUT_LINE_COLUMNS.map((c) => `line.${c}`)];

export function registerBillingCommands(program: Command, period: (value: string) => string): void {
  program
    .command('bill')
    .description('close a period: invoices and payout statements; running it twice changes nothing')
    .requiredOption('--period <YYYY-MM>', 'the calendar month (UTC) to bill', period)
    .option('--json', 'print one JSON document (same as --format json)')
    .addOption(formatOption())
    .action(async (options: { period: string; json?: boolean; format?: Format }) => {
      if (!isMachineFormat(options)) process.stderr.write(`billing ${options.period}…\n`);
      const result = await api(loadConfig()).request<{
        invoices: number;
        alreadyCompleted: boolean;
        totals: Record<string, string>;
        payoutStatements: number;
        failures: Array<{ customerId: string; reason: string }>;
      }>('POST', '/v1/billing-runs', { period: options.period });
      out(options, result, {
        csv: () =>
          Object.entries(result.totals).map(([currency, total]) => ({
            period: options.period,
            currency,
            total,
            invoices: result.invoices,
            payoutStatements: result.payoutStatements,
            alreadyCompleted: result.alreadyCompleted,
          })),
        csvColumns: ['period', 'currency', 'total', 'invoices', 'payoutStatements', 'alreadyCompleted'],
        table: () => {
          const totals = Object.entries(result.totals).map(([c, t]) => `${t} ${c}`).join(', ') || 'nothing';
          const lines = [
            result.alreadyCompleted
              ? `${options.period} was already billed: ${result.invoices} invoices (${totals}); nothing changed`
              : `billed ${options.period}: ${result.invoices} invoices (${totals}), ${result.payoutStatements} payout statements`,
          ];
          for (const f of result.failures) lines.push(`  not invoiced: customer ${f.customerId}: ${f.reason}`);
          return lines.join('\n');
        },
      });
      // The run itself succeeded: the other customers are invoiced. Who was not, and why, is in the
      // result (and on stderr), for the operator to fix the price book and let the next run catch up.
      if (isMachineFormat(options)) for (const f of result.failures) process.stderr.write(`not invoiced: customer ${f.customerId}: ${f.reason}\n`);
    });

  program
    .command('invoices')
    .description('the invoices of a period')
    .requiredOption('--period <YYYY-MM>', 'billing period', period)
    .option('--customer <id>', 'only this customer')
    .option('--json', 'print one JSON document (same as --format json)')
    .addOption(formatOption())
    .action(async (options: { period: string; customer?: string; json?: boolean; format?: Format }) => {
      const query = new URLSearchParams({ period: options.period, ...(options.customer ? { customerId: options.customer } : {}) });
      const invoices = await api(loadConfig()).request<InvoiceView[]>('GET', `/v1/invoices?${query}`);
      out(options, invoices, {
        table: () => (invoices.length ? invoices.map(invoiceText).join('\n\n') : `no invoices for ${options.period}`),
        csv: () => invoiceCsvRows(invoices),
        csvColumns: INVOICE_CSV_COLUMNS,
      });
    });

  const invoice = program.command('invoice').description('one invoice: show, pay, void, credit');
  invoice
    .command('show')
    .argument('<id>', 'invoice id or number')
    .option('--json', 'print one JSON document (same as --format json)')
    .addOption(formatOption())
    .option('--html <file>', 'write the invoice as an HTML page')
    .option('--pdf <file>', 'write the invoice as a PDF')
    .action(async (id: string, options: { json?: boolean; format?: Format; html?: string; pdf?: string }) => {
      const client = api(loadConfig());
      const inv = await client.request<InvoiceView>('GET', `/v1/invoices/${encodeURIComponent(id)}`);
      if (options.html) fs.writeFileSync(options.html, await client.raw(`/v1/invoices/${encodeURIComponent(inv.invoiceId)}/html`));
      if (options.pdf) fs.writeFileSync(options.pdf, await client.raw(`/v1/invoices/${encodeURIComponent(inv.invoiceId)}/pdf`));
      out(options, inv, { table: () => invoiceText(inv), csv: () => invoiceCsvRows([inv]), csvColumns: INVOICE_CSV_COLUMNS });
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
      .option('--json', 'print one JSON document (same as --format json)')
    .addOption(formatOption())
      .action(async (id: string, options: { reason?: string; json?: boolean; format?: Format }) => {
        const r = await api(loadConfig()).request<{ invoiceId: string; status: string }>('POST', `/v1/invoices/${encodeURIComponent(id)}/${path}`, { reason: options.reason });
        out(options, r, () => `${r.invoiceId} is ${r.status}`);
      });
  }
  invoice
    .command('credit')
    .description('issue a credit note against a finalized invoice')
    .argument('<id>', 'invoice id or number')
    .option('--amount <decimal>', 'amount to credit (default: all that is left)')
    .option('--reason <text>', 'why')
    .option('--void', 'void the invoice when this credits all that is left')
    .option('--json', 'print one JSON document (same as --format json)')
    .addOption(formatOption())
    .action(async (id: string, options: { amount?: string; reason?: string; void?: boolean; json?: boolean; format?: Format }) => {
      const r = await api(loadConfig()).request<{ number: string; amount: string; taxAmount?: string; status: string }>('POST', `/v1/invoices/${encodeURIComponent(id)}/credit-notes`, {
        amount: options.amount,
        reason: options.reason,
        void: options.void,
      });
      const tax = r.taxAmount && !/^0*(\.0*)?$/.test(r.taxAmount) ? ` (+ ${r.taxAmount} tax)` : '';
      out(options, r, () => `credit note ${r.number} for ${r.amount}${tax}; invoice is ${r.status}`);
    });
  invoice
    .command('credit-note')
    .description('write a credit note (id or number) as an HTML page and/or a PDF')
    .argument('<id>', 'credit note id or number')
    .option('--html <file>', 'write the credit note as an HTML page')
    .option('--pdf <file>', 'write the credit note as a PDF')
    .action(async (id: string, options: { html?: string; pdf?: string }) => {
      const client = api(loadConfig());
      const path = `/v1/credit-notes/${encodeURIComponent(id)}`;
      if (!options.html && !options.pdf) throw new Error('name --html FILE and/or --pdf FILE');
      if (options.html) fs.writeFileSync(options.html, await client.raw(`${path}/html`));
      if (options.pdf) fs.writeFileSync(options.pdf, await client.raw(`${path}/pdf`));
      process.stdout.write(`wrote ${[options.html, options.pdf].filter(Boolean).join(' and ')}\n`);
    });

  program
    .command('payouts')
    .description("operators' earned payout statements for a period (and payout batches: see the subcommands)")
    // Not requiredOption: commander would demand it of `payouts run` and the other subcommands too.
    .option('--period <YYYY-MM>', 'billing period (required)', period)
    .option('--operator <id>', 'only this operator')
    .option('--json', 'print one JSON document (same as --format json)')
    .addOption(formatOption())
    .action(async (options: { period?: string; operator?: string; json?: boolean; format?: Format }) => {
      if (!options.period) throw new UsageError("required option '--period <YYYY-MM>' not specified");
      const query = new URLSearchParams({ period: options.period, ...(options.operator ? { operatorId: options.operator } : {}) });
      const statements = await api(loadConfig()).request<PayoutView[]>('GET', `/v1/payout-statements?${query}`);
      out(options, statements, {
        table: () =>
          statements.length
            ? printTable(statements.map((s) => ({ operator: s.operatorId, currency: s.currency, gross: s.gross, 'platform fee': s.platformFee, net: s.net, lines: s.lines.length })))
            : `no payout statements for ${options.period}`,
        csv: () => payoutCsvRows(statements),
        csvColumns: PAYOUT_CSV_COLUMNS,
      });
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
    .option('--json', 'print one JSON document (same as --format json)')
    .addOption(formatOption())
    .action(async (o: { customer: string; amount: string; currency: string; priority: string; expires?: string; id?: string; description?: string; json?: boolean; format?: Format }) => {
      const r = await api(loadConfig()).request<{ grantId: string }>('POST', '/v1/credit-grants', {
        grantId: o.id,
        customerId: o.customer,
        amount: o.amount,
        currency: o.currency,
        priority: Number(o.priority),
        expiresAt: o.expires ?? null,
        description: o.description,
      });
      out(o, r, () => `granted ${o.amount} ${o.currency} to ${o.customer} as ${r.grantId}`);
    });
  credits
    .command('balance')
    .requiredOption('--customer <id>', 'customer')
    .option('--json', 'print one JSON document (same as --format json)')
    .addOption(formatOption())
    .action(async (o: { customer: string; json?: boolean; format?: Format }) => {
      const r = await api(loadConfig()).request<Array<{ grantId: string; currency: string; amount: string; remaining: string; expiresAt: string | null }>>(
        'GET',
        `/v1/customers/${encodeURIComponent(o.customer)}/credits`,
      );
      out(o, r, {
        table: () => (r.length ? printTable(r.map((g) => ({ grant: g.grantId, currency: g.currency, amount: g.amount, remaining: g.remaining, expires: g.expiresAt ?? '' }))) : 'no credit grants'),
        csv: () => r,
      });
    });
}
