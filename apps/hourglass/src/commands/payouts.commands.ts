import * as fs from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '@hourglass/config';
import { UsageError } from '../exit-codes';
import { api, formatOption, out, type Format } from '../output';
import { printTable } from '../print';

type FormatFlags = { json?: boolean; format?: Format };

interface Item {
  operatorId: string;
  currency: string;
  amount: string;
  status: string;
  holdReason?: string;
}
interface Batch {
  batchId: string;
  items: Item[];
}

/** CONTRACTS §7: `{batchId, items:[{operatorId, currency, amount, status, holdReason?}]}`. */
function contractBatch(b: Batch): Batch {
  return { batchId: b.batchId, items: b.items.map((i) => ({ operatorId: i.operatorId, currency: i.currency, amount: i.amount, status: i.status, ...(i.holdReason ? { holdReason: i.holdReason } : {}) })) };
}

const ITEM_COLUMNS = ['batchId', 'operatorId', 'currency', 'amount', 'status', 'holdReason'];
const itemRows = (b: Batch) => b.items.map((i) => ({ batchId: b.batchId, ...i, holdReason: i.holdReason ?? '' }));

/**
 * `hourglass payouts run|batches|batch|status|export|statement|clawback|balances`, `hourglass operators`
 * and `hourglass kyc …`. `hourglass payouts --period P` (the earned statements) stays as it was.
 */
export function registerPayoutsCommands(program: Command): void {
  const payouts = program.commands.find((c) => c.name() === 'payouts');
  if (!payouts) throw new Error('register the billing commands first: payouts run extends hourglass payouts');
  // `payouts --period P` is the parent's own option: without this, it would also take `payouts run --period P`'s.
  payouts.enablePositionalOptions();

  payouts
    .command('run')
    .description("make the period's payout batch (a rerun returns the same batch and pays nothing twice)")
    .requiredOption('--period <YYYY-MM>', 'the period whose earnings are paid (everything eligible up to it)')
    .option('--json', 'print one JSON document: {batchId, items:[{operatorId, currency, amount, status, holdReason?}]}')
    .addOption(formatOption())
    .action(async (options: FormatFlags & { period: string }) => {
      const batch = contractBatch(await api(loadConfig()).request<Batch>('POST', '/v1/payouts/runs', { period: options.period }));
      out(options, batch, { table: () => `${batch.batchId}\n${printTable(itemRows(batch))}`, csv: () => itemRows(batch), csvColumns: ITEM_COLUMNS });
    });

  payouts
    .command('batches')
    .description('payout batches, newest first')
    .option('--json', 'print one JSON document')
    .addOption(formatOption())
    .action(async (options: FormatFlags) => {
      const rows = await api(loadConfig()).request<Array<Record<string, unknown>>>('GET', '/v1/payouts/batches');
      out(options, rows, { table: () => printTable(rows), csv: () => rows });
    });

  payouts
    .command('batch')
    .argument('<id>', 'batch id, e.g. pb_2026-10')
    .description('one payout batch with its items')
    .option('--json', 'print one JSON document')
    .addOption(formatOption())
    .action(async (id: string, options: FormatFlags) => {
      const batch = contractBatch(await api(loadConfig()).request<Batch>('GET', `/v1/payouts/batches/${encodeURIComponent(id)}`));
      out(options, batch, { table: () => printTable(itemRows(batch)), csv: () => itemRows(batch), csvColumns: ITEM_COLUMNS });
    });

  payouts
    .command('status')
    .description("record the bank's status of one payout: paid, failed or returned")
    .requiredOption('--batch <id>', 'batch id')
    .requiredOption('--operator <id>', 'operator id')
    .requiredOption('--status <status>', 'paid, failed or returned')
    .option('--currency <code>', 'when the operator has items in several currencies')
    .option('--reason <text>', "the bank's reason or reference")
    .option('--json', 'print one JSON document')
    .addOption(formatOption())
    .action(async (options: FormatFlags & { batch: string; operator: string; status: string; currency?: string; reason?: string }) => {
      const item = await api(loadConfig()).request<Item>('POST', `/v1/payouts/batches/${encodeURIComponent(options.batch)}/items/${encodeURIComponent(options.operator)}/status`, {
        status: options.status,
        currency: options.currency,
        reason: options.reason,
      });
      out(options, item, () => `${options.operator}: ${item.status} ${item.amount} ${item.currency}`);
    });

  payouts
    .command('export')
    .description('write the bank file of a batch: ISO 20022 pain.001.001.09, or CSV')
    .requiredOption('--batch <id>', 'batch id')
    .requiredOption('--format <format>', 'pain.001 or csv')
    .requiredOption('--out <file>', 'where to write it')
    .option('--json', 'print one JSON document: {batchId, format, out, bytes}')
    .action(async (options: { batch: string; format: string; out: string; json?: boolean }) => {
      if (options.format !== 'pain.001' && options.format !== 'csv') throw new UsageError('--format: expected pain.001 or csv');
      const body = await api(loadConfig()).raw(`/v1/payouts/batches/${encodeURIComponent(options.batch)}/export?format=${encodeURIComponent(options.format)}`);
      fs.writeFileSync(options.out, body);
      const result = { batchId: options.batch, format: options.format, out: options.out, bytes: body.length };
      out({ json: options.json }, result, () => `wrote ${options.out} (${body.length} bytes, ${options.format})`);
    });

  payouts
    .command('statement')
    .argument('<id>', 'statement id, e.g. ps_202610_EUR_op-42')
    .description('a payout statement drilled down to invoice lines, rentals and GPU-hours')
    .option('--json', 'print one JSON document')
    .option('--csv <file>', 'write one row per invoice line')
    .option('--pdf <file>', 'write it as a PDF')
    .action(async (id: string, options: { json?: boolean; csv?: string; pdf?: string }) => {
      const client = api(loadConfig());
      const path = `/v1/payout-statements/${encodeURIComponent(id)}`;
      const d = await client.request<{ operatorId: string; currency: string; net: string; gpuHours: string; rentals: Array<Record<string, unknown>> }>('GET', path);
      if (options.csv) fs.writeFileSync(options.csv, await client.raw(`${path}/csv`));
      if (options.pdf) fs.writeFileSync(options.pdf, await client.raw(`${path}/pdf`));
      out({ json: options.json }, d, () => `${id}: ${d.operatorId} net ${d.net} ${d.currency}, ${d.gpuHours} GPU-hours\n${printTable(d.rentals.map(({ lines: _l, ...r }) => r))}`);
    });

  payouts
    .command('clawback')
    .description("record an operator's share of a refund, netted against its next payouts")
    .requiredOption('--id <clawbackId>', 'your id for it (e.g. the refund id)')
    .requiredOption('--operator <id>', 'operator id')
    .requiredOption('--currency <code>', 'ISO 4217')
    .requiredOption('--amount <decimal>', 'positive amount')
    .option('--reason <text>', 'why')
    .option('--json', 'print one JSON document')
    .action(async (options: { id: string; operator: string; currency: string; amount: string; reason?: string; json?: boolean }) => {
      const r = await api(loadConfig()).request<{ clawbackId: string }>('POST', '/v1/payouts/clawbacks', { clawbackId: options.id, operatorId: options.operator, currency: options.currency, amount: options.amount, reason: options.reason });
      out({ json: options.json }, r, () => `recorded clawback ${r.clawbackId}`);
    });

  payouts
    .command('balances')
    .description('per operator and currency: earned, clawbacks, paid, in flight, reserve, payable')
    .option('--json', 'print one JSON document')
    .addOption(formatOption())
    .action(async (options: FormatFlags) => {
      const rows = await api(loadConfig()).request<Array<Record<string, unknown>>>('GET', '/v1/payouts/balances');
      out(options, rows, { table: () => printTable(rows), csv: () => rows });
    });

  program
    .command('operators')
    .description('every operator (reference data), current version')
    .option('--json', 'print one JSON document')
    .addOption(formatOption())
    .action(async (options: FormatFlags) => {
      const rows = await api(loadConfig()).request<Array<Record<string, unknown>>>('GET', '/v1/operators');
      out(options, rows, { table: () => printTable(rows), csv: () => rows });
    });

  const kyc = program.command('kyc').description('KYC states of operators and customers (append-only, with who and why)');
  kyc
    .command('set')
    .argument('<kind>', 'operator or customer')
    .argument('<id>', 'operator or customer id')
    .requiredOption('--state <state>', 'unverified, pending, verified, rejected or expired')
    .requiredOption('--reason <text>', 'why')
    .option('--json', 'print one JSON document')
    .action(async (kind: string, id: string, options: { state: string; reason: string; json?: boolean }) => {
      const v = await api(loadConfig()).request<{ state: string }>('POST', `/v1/kyc/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`, { state: options.state, reason: options.reason });
      out({ json: options.json }, v, () => `${kind} ${id}: ${v.state}`);
    });
  kyc
    .command('show')
    .argument('<kind>', 'operator or customer')
    .argument('<id>', 'operator or customer id')
    .option('--json', 'print one JSON document')
    .action(async (kind: string, id: string, options: { json?: boolean }) => {
      const v = await api(loadConfig()).request<{ state: string; history: Array<Record<string, unknown>> }>('GET', `/v1/kyc/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`);
      out({ json: options.json }, v, () => `${kind} ${id}: ${v.state}\n${printTable(v.history)}`);
    });
  kyc
    .command('spend-check')
    .description('customers above HOURGLASS_KYC_CUSTOMER_MONTHLY_SPEND who are not verified (announced to the control plane)')
    .requiredOption('--period <YYYY-MM>', 'the month')
    .option('--json', 'print one JSON document')
    .action(async (options: { period: string; json?: boolean }) => {
      const rows = await api(loadConfig()).request<Array<Record<string, unknown>>>('POST', '/v1/kyc/spend-checks', { period: options.period });
      out({ json: options.json }, rows, () => (rows.length ? printTable(rows) : 'no customer above the limit without verification'));
    });
}
