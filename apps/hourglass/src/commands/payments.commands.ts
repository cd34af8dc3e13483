import type { Command } from 'commander';
import { loadConfig } from '@hourglass/config';
import { UsageError } from '../exit-codes';
import { api, formatOption, out, type FormatOptions } from '../output';

interface PaymentView {
  kind: string;
  provider: string;
  amount: string;
  currency: string;
  paymentRef: string;
  occurredAt: string;
}

interface InvoicePayments {
  invoiceId: string;
  currency: string;
  status: string;
  amountPaid: string;
  amountRefunded: string;
  amountDue: string;
  overpaid: string;
  payments: PaymentView[];
}

function paymentsText(p: InvoicePayments): string {
  const head = `${p.invoiceId}  ${p.status}  paid ${p.amountPaid}, refunded ${p.amountRefunded}, due ${p.amountDue} ${p.currency}` + (p.overpaid !== '0' && Number(p.overpaid) !== 0 ? `, ${p.overpaid} to credit` : '');
  return [head, ...p.payments.map((x) => `  ${x.occurredAt}  ${x.kind.padEnd(9)} ${x.provider.padEnd(7)} ${x.amount.padStart(12)} ${x.currency}  ${x.paymentRef}`)].join('\n');
}

/** `hourglass payments …` (CONTRACTS §6): list an invoice's payments, record a bank transfer, collect. */
export function registerPaymentsCommands(program: Command): void {
  // Commander hands `--invoice` after `payments record` to `record` only when every command above it
  // parses options positionally; the program has no options of its own after its subcommands.
  program.enablePositionalOptions();
  const payments = program
    .command('payments')
    .description("an invoice's payments and refunds; `payments record` for money that arrived another way")
    // `--invoice` after `record` or `collect` is theirs, not this command's.
    .enablePositionalOptions()
    .option('--invoice <id>', 'invoice id or number')
    .option('--json', 'print as JSON')
    .addOption(formatOption())
    .action(async (options: { invoice?: string; json?: boolean; format?: FormatOptions['format'] }) => {
      if (!options.invoice) throw new UsageError('payments: --invoice <id> is required (or a subcommand: record, collect)');
      const p = await api(loadConfig()).request<InvoicePayments>('GET', `/v1/payments?invoiceId=${encodeURIComponent(options.invoice)}`);
      out(options, p, () => paymentsText(p));
    });

  payments
    .command('record')
    .description('record a payment that arrived another way (bank transfer); recording the same reference again changes nothing')
    .requiredOption('--invoice <id>', 'invoice id or number')
    .requiredOption('--amount <decimal>', 'amount in the invoice currency, e.g. 120.50')
    .requiredOption('--reference <ref>', 'the transfer reference')
    .option('--received-at <time>', 'when the money arrived (RFC 3339; default now)')
    .option('--json', 'print as JSON')
    .addOption(formatOption())
    .action(async (options: { invoice: string; amount: string; reference: string; receivedAt?: string; json?: boolean; format?: FormatOptions['format'] }) => {
      const r = await api(loadConfig()).request<{ created: boolean; payment: PaymentView & { invoiceId: string } }>('POST', '/v1/payments/records', {
        invoiceId: options.invoice,
        amount: options.amount,
        reference: options.reference,
        ...(options.receivedAt ? { receivedAt: options.receivedAt } : {}),
      });
      out(options, r, () =>
        r.created
          ? `recorded ${r.payment.amount} ${r.payment.currency} on ${r.payment.invoiceId} (reference ${options.reference})`
          : `reference ${options.reference} was already recorded: nothing changed`,
      );
    });

  payments
    .command('collect')
    .description("ask the customer's payment processor to collect what is due (or --amount)")
    .requiredOption('--invoice <id>', 'invoice id or number')
    .option('--amount <decimal>', 'collect this much instead of all that is due')
    .option('--json', 'print as JSON')
    .addOption(formatOption())
    .action(async (options: { invoice: string; amount?: string; json?: boolean; format?: FormatOptions['format'] }) => {
      const r = await api(loadConfig()).request<{ provider: string; paymentRef: string; status: string; amount: string; currency: string }>('POST', '/v1/payments/collect', {
        invoiceId: options.invoice,
        ...(options.amount ? { amount: options.amount } : {}),
      });
      out(options, r, () => `${r.provider} payment ${r.paymentRef} for ${r.amount} ${r.currency}: ${r.status} (counted when the processor's webhook confirms it)`);
    });
}
