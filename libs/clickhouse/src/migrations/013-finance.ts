import type { Migration } from './render';

/**
 * A finance schema that explains itself (issue #15.5, #12.7): a comment on every table, view and
 * column finance may query, and views that answer finance's questions without FINAL or joins.
 *
 * Released tables are never redefined: their comments are added with `ALTER TABLE … MODIFY COMMENT`
 * and `COMMENT COLUMN`, which change metadata only (no mutation, no rewrite of parts). Quantities
 * that older tables keep as text (`invoice_lines.quantity_gpu_hours`, `exact_amount`) stay text
 * there; the new views cast them to Decimal, which is where finance reads them.
 *
 * `COMMENTS` below is part of this migration's text, pinned by released.spec.ts like the rest: never
 * edit it after release; a better wording is a new migration. `docs/data-dictionary.md` is generated
 * from the live schema (`npm run docs:dictionary`), not from this constant.
 *
 * Conventions of every comment: timestamps are UTC with millisecond precision; amounts are Decimal in
 * major units of the row's `currency` (ISO 4217); a period is a calendar month `YYYY-MM` in UTC and a
 * `*_end` is exclusive; GPU-ms are GPU count × covered milliseconds.
 */
const INTERNAL = 'internal machinery of Hourglass, not a finance source; may change without notice';

const COMMENTS: Record<string, { table: string; columns: Record<string, string> }> = {
  usage_outcomes: {
    table: 'Raw store of metering: one row per USAGE stream message (accepted, duplicate or rejected). Read usage_events, usage_rejections or usage_duplicates instead',
    columns: {
      stream_seq: 'JetStream sequence of the message in the USAGE stream; unique per row',
      outcome: 'accepted, duplicate or rejected',
      reason: 'rejection reason code (CONTRACTS §3), empty unless rejected',
      detail: 'human-readable detail of a rejection',
      source: 'CloudEvents source of the event (the agent)',
      id: 'CloudEvents id; (source, id) identifies an event, a resend is a duplicate',
      first_seq: 'for a duplicate: the stream_seq of the copy that was accepted',
      rental_id: 'rental the usage belongs to',
      customer_id: 'customer of the rental at the time of metering',
      operator_id: 'data-center operator that ran the GPUs',
      datacenter_id: 'data center of the node',
      node_id: 'node that reported the usage',
      gpu_model: 'GPU model, e.g. H100-SXM',
      gpu_count: 'GPUs the interval covers',
      interval_start: 'start of the reported interval, UTC, inclusive',
      interval_end: 'end of the reported interval, UTC, exclusive',
      event_time: 'when the agent says it emitted the event, UTC',
      gpu_utilization_pct: 'mean GPU utilization over the interval, percent; informational, never billed',
      energy_wh: 'energy over the interval, watt-hours; informational, never billed',
      subject: 'NATS subject the message arrived on (usage.v1.<operator>.<datacenter>)',
      raw: 'the message body as received',
      received_at: 'when Hourglass received the message, UTC',
      recorded_at: 'when the row was written, UTC; usage recorded after a billing run cut-off is late usage for that run',
    },
  },
  usage_events: {
    table: 'Accepted usage events, one row per event; overlapping intervals and resends are NOT folded here (see usage_covered_hourly for GPU-ms as billed)',
    columns: {
      stream_seq: 'JetStream sequence of the message in the USAGE stream',
      source: 'CloudEvents source of the event (the agent)',
      id: 'CloudEvents id; (source, id) is unique among accepted events',
      rental_id: 'rental the usage belongs to',
      customer_id: 'customer of the rental',
      operator_id: 'data-center operator that ran the GPUs',
      datacenter_id: 'data center of the node',
      node_id: 'node that reported the usage',
      gpu_model: 'GPU model, e.g. H100-SXM',
      gpu_count: 'GPUs the interval covers',
      interval_start: 'start of the reported interval, UTC, inclusive',
      interval_end: 'end of the reported interval, UTC, exclusive',
      gpu_ms_raw: 'GPU-milliseconds of this event alone: gpu_count × (interval_end − interval_start); summing it double-counts overlaps',
      event_time: 'when the agent says it emitted the event, UTC',
      gpu_utilization_pct: 'mean GPU utilization over the interval, percent; informational, never billed',
      energy_wh: 'energy over the interval, watt-hours; informational, never billed',
      subject: 'NATS subject the message arrived on',
      received_at: 'when Hourglass received the message, UTC',
    },
  },
  usage_rejections: {
    table: 'Usage messages refused, with the reason; never billed',
    columns: {
      stream_seq: 'JetStream sequence of the message in the USAGE stream',
      reason: 'rejection reason code (CONTRACTS §3), e.g. unknown_rental, invalid_interval',
      detail: 'human-readable detail',
      source: 'CloudEvents source, when the message had one',
      id: 'CloudEvents id, when the message had one',
      rental_id: 'rental named by the message, when it named one',
      subject: 'NATS subject the message arrived on',
      raw: 'the message body as received',
      received_at: 'when Hourglass received the message, UTC',
    },
  },
  usage_duplicates: {
    table: 'Usage messages whose (source, id) had been accepted before: resends, counted once',
    columns: {
      stream_seq: 'JetStream sequence of this copy',
      first_seq: 'stream_seq of the copy that was accepted',
      source: 'CloudEvents source',
      id: 'CloudEvents id',
      rental_id: 'rental named by the event',
      subject: 'NATS subject the message arrived on',
      received_at: 'when Hourglass received this copy, UTC',
    },
  },
  usage_covered_hourly: {
    table: 'Covered GPU-ms per rental and UTC hour: the union of accepted intervals clipped to the rental window, so overlaps and resends count once; what rating bills',
    columns: {
      rental_id: 'rental',
      customer_id: 'customer of the rental (current rental version)',
      operator_id: 'operator of the rental (current rental version)',
      hour: 'start of the UTC hour, inclusive; the hour ends one hour later, exclusive',
      covered_ms: 'milliseconds of the hour covered by the union of accepted intervals',
      gpu_ms: 'GPU-milliseconds, union of accepted intervals: covered_ms × gpu_count',
    },
  },
  rental_versions: {
    table: 'Every version of every rental received from the control plane (facts); rentals shows the newest',
    columns: {
      rental_id: 'rental id from the control plane',
      customer_id: 'customer renting the GPUs',
      operator_id: 'data-center operator providing them',
      datacenter_id: 'data center',
      node_id: 'node',
      gpu_model: 'GPU model, e.g. H100-SXM',
      gpu_count: 'GPUs rented',
      pricing_class: 'on_demand, reserved, spot, … as the price book names it',
      price_book_id: 'price book that prices the rental',
      started_at: 'start of the rental, UTC, inclusive',
      ended_at: 'end of the rental, UTC, exclusive; NULL while running',
      commitment_term_months: 'reserved capacity: committed months, NULL if none',
      commitment_auto_renew: 'reserved capacity: renews at the end of the term',
      updated_at: 'version time given by the control plane, UTC; the newest wins',
      document: 'the document as received, JSON',
      received_at: 'when Hourglass received this version, UTC',
    },
  },
  rentals: {
    table: 'Current state of each rental: its newest version',
    columns: {
      rental_id: 'rental id from the control plane',
      customer_id: 'customer renting the GPUs',
      operator_id: 'data-center operator providing them',
      datacenter_id: 'data center',
      node_id: 'node',
      gpu_model: 'GPU model, e.g. H100-SXM',
      gpu_count: 'GPUs rented',
      pricing_class: 'on_demand, reserved, spot, … as the price book names it',
      price_book_id: 'price book that prices the rental',
      started_at: 'start of the rental, UTC, inclusive',
      ended_at: 'end of the rental, UTC, exclusive; NULL while running',
      commitment_term_months: 'reserved capacity: committed months, NULL if none',
      commitment_auto_renew: 'reserved capacity: renews at the end of the term',
      updated_at: 'version time given by the control plane, UTC',
      document: 'the document as received, JSON',
    },
  },
  customer_versions: {
    table: 'Every version of every customer received from the control plane (facts); customers shows the newest',
    columns: {
      customer_id: 'customer id from the control plane',
      name: 'customer display or legal name',
      currency: 'billing currency, ISO 4217',
      country: 'country, ISO 3166-1 alpha-2',
      credit_limit: 'spend alert limit in major units of currency; NULL for none',
      updated_at: 'version time given by the control plane, UTC; the newest wins',
      document: 'the document as received, JSON',
      received_at: 'when Hourglass received this version, UTC',
    },
  },
  customers: {
    table: 'Current state of each customer: its newest version',
    columns: {
      customer_id: 'customer id from the control plane',
      name: 'customer display or legal name',
      currency: 'billing currency, ISO 4217',
      country: 'country, ISO 3166-1 alpha-2',
      credit_limit: 'spend alert limit in major units of currency; NULL for none',
      updated_at: 'version time given by the control plane, UTC',
      document: 'the document as received, JSON',
    },
  },
  price_book_versions: {
    table: 'Every version of every price book; a version applies from effective_from until the next version',
    columns: {
      price_book_id: 'price book id',
      version: 'version number, increasing',
      effective_from: 'first instant the version prices, UTC, inclusive',
      currency: 'currency of every rate, ISO 4217',
      platform_fee_rate: 'share of each amount kept by the platform, 0..1; the operator earns the rest',
      rates: 'rates as JSON (gpuModel, pricingClass, unitPrice per GPU-hour, tiers)',
      document: 'the document as received, JSON',
      received_at: 'when Hourglass received it, UTC',
    },
  },
  price_book_rates: {
    table: 'One row per rate of every price book version',
    columns: {
      price_book_id: 'price book id',
      version: 'version number',
      effective_from: 'first instant the version prices, UTC, inclusive',
      currency: 'currency, ISO 4217',
      platform_fee_rate: 'share kept by the platform, 0..1',
      gpu_model: 'GPU model the rate prices',
      pricing_class: 'pricing class the rate prices',
      unit_price: 'price per GPU-hour in major units of currency; NULL for tiered rates',
      tiers: 'tiers as JSON, for tiered rates',
      tier_mode: 'graduated or volume, for tiered rates',
    },
  },
  reference_rejections: {
    table: 'Reference documents refused, with every error; nothing in them was applied',
    columns: {
      subject: 'NATS subject or API route it arrived on',
      errors: 'validation errors, one per field',
      raw: 'the document as received',
      received_at: 'when Hourglass received it, UTC',
    },
  },
  billing_runs: {
    table: 'Billing runs that closed a period: started and completed rows per run',
    columns: {
      run_id: 'run id',
      period: 'billed period, YYYY-MM (UTC calendar month)',
      status: 'started or completed',
      usage_watermark: 'highest USAGE stream sequence included; later usage is late usage',
      fencing_token: 'lease fencing token of the process that ran it',
      started_at: 'when the run started, UTC',
      recorded_at: 'when this row was written, UTC',
      invoices: 'invoices issued by the run (completed rows)',
      summary: 'run summary, JSON',
    },
  },
  invoices: {
    table: 'Issued invoices, one row each (facts; read invoice_summary for status, paid and due without FINAL)',
    columns: {
      invoice_id: 'invoice id, deterministic from period, customer and currency',
      number: 'legal invoice number, e.g. HG-2026-000123, gap-free per billing entity and year',
      number_year: 'year of the number sequence',
      number_seq: 'position in the number sequence',
      billing_entity: 'issuing entity prefix of the number',
      customer_id: 'customer billed',
      currency: 'invoice currency, ISO 4217',
      period: 'billed period, YYYY-MM (UTC calendar month)',
      period_start: 'start of the billed period, UTC, inclusive',
      period_end: 'end of the billed period, UTC, exclusive',
      run_id: 'billing run that issued it',
      issued_at: 'issue date and time, UTC',
      subtotal: 'sum of the lines before prepaid credits, major units of currency',
      credits_applied: 'prepaid credit grants applied, major units of currency (positive)',
      total: 'amount invoiced: subtotal − credits_applied, major units of currency, rounded to minor units',
    },
  },
  invoice_lines: {
    table: 'Lines of every invoice (facts; read invoice_line_items for Decimal quantities and the invoice status)',
    columns: {
      invoice_id: 'invoice the line belongs to',
      line_id: 'line id, unique within the invoice',
      line_no: 'position on the invoice, from 1',
      run_id: 'billing run that issued it',
      customer_id: 'customer billed',
      currency: 'currency, ISO 4217',
      period: 'billed period, YYYY-MM',
      kind: 'usage, reserved, adjustment (late usage of an earlier period) or credit (prepaid credit applied, negative)',
      rental_id: 'rental billed; empty for credit lines',
      operator_id: 'operator who earns the operator share; empty for credit lines',
      price_book_id: 'price book used',
      price_book_version: 'price book version used',
      service_period: 'the service period the line covers, as text',
      gpu_count: 'GPUs of the rental',
      gpu_ms: 'GPU-milliseconds billed, union of accepted intervals within the service period',
      quantity_gpu_hours: 'GPU-hours as decimal text (gpu_ms / 3,600,000 to 12 places); Decimal in invoice_line_items',
      unit_price: 'price per GPU-hour in major units of currency; NULL for tiered rates',
      unit_price_text: 'the price exactly as the price book wrote it',
      amount: 'line amount, major units of currency, rounded to minor units',
      operator_share: 'part of amount earned by the operator, major units',
      platform_fee: 'part of amount kept by the platform, major units; operator_share + platform_fee = amount',
      exact_amount: 'unrounded amount as decimal text; Decimal in invoice_line_items',
      credit_grant_id: 'prepaid credit grant applied (credit lines)',
      description: 'line text as printed',
    },
  },
  invoice_status_events: {
    table: 'Every status change of every invoice (facts); invoice_status and invoice_summary give the current one',
    columns: {
      invoice_id: 'invoice',
      status: 'draft, finalized, uncollectible, paid or void',
      at: 'when the change happened, UTC',
      reason: 'why, as given by the actor or the system',
      event_id: 'id of the change, deterministic',
    },
  },
  invoice_status: {
    table: 'Current lifecycle status of each invoice (the furthest status event)',
    columns: {
      invoice_id: 'invoice',
      status: 'draft, finalized, uncollectible, paid or void (lifecycle; invoice_summary also says paid when payments cover it)',
      status_at: 'time of the latest status event, UTC',
    },
  },
  credit_notes: {
    table: 'Credit notes against invoices; voiding an invoice issues one for what was left',
    columns: {
      credit_note_id: 'credit note id',
      number: 'legal credit note number, e.g. HG-CN-2026-000001',
      invoice_id: 'invoice credited',
      customer_id: 'customer',
      currency: 'currency, ISO 4217',
      amount: 'amount credited, major units of currency, positive',
      reason: 'why',
      voids_invoice: 'true when issued by voiding the invoice',
      issued_at: 'issue time, UTC',
    },
  },
  credit_grants: {
    table: 'Prepaid credit granted to customers, applied to later invoices by priority',
    columns: {
      grant_id: 'grant id',
      customer_id: 'customer',
      currency: 'currency, ISO 4217',
      amount: 'amount granted, major units of currency',
      priority: 'lower is applied first',
      expires_at: 'after this instant the grant applies no more, UTC, exclusive; NULL never',
      granted_at: 'when granted, UTC',
      description: 'free text',
    },
  },
  payout_statements: {
    table: 'What each operator earned per period and currency (earned payout statements)',
    columns: {
      statement_id: 'statement id, deterministic from period, operator and currency',
      operator_id: 'operator',
      currency: 'currency, ISO 4217',
      period: 'period, YYYY-MM',
      period_start: 'start of the period, UTC, inclusive',
      period_end: 'end of the period, UTC, exclusive',
      run_id: 'billing run that issued it',
      gross: 'amount of the invoice lines the operator served, major units',
      platform_fee: 'platform fees on those lines, major units',
      net: 'earned by the operator: gross − platform_fee, major units',
      lines: 'invoice lines counted',
      issued_at: 'issue time, UTC',
    },
  },
  rated_usage_versions: {
    table: 'Every rating of every (rental, hour), newest rating_seq wins; rated_usage shows the current ones',
    columns: {
      rental_id: 'rental',
      customer_id: 'customer',
      operator_id: 'operator',
      hour: 'start of the UTC hour, inclusive (the hour is exclusive of its end)',
      price_book_id: 'price book used',
      price_book_version: 'price book version used',
      currency: 'currency, ISO 4217',
      gpu_ms: 'GPU-milliseconds rated, union of accepted intervals in the hour',
      unit_price: 'price per GPU-hour, major units; NULL for tiered rates',
      exact_amount: 'unrounded amount, major units (18 places)',
      operator_share: 'unrounded operator share, major units',
      platform_fee: 'unrounded platform fee, major units',
      rating_seq: 'rating tick that wrote the row, increasing',
      rated_at: 'when rated, UTC',
    },
  },
  rated_usage: {
    table: 'Current rating of every (rental, hour): live, unrounded amounts before invoicing',
    columns: {
      rental_id: 'rental',
      customer_id: 'customer',
      operator_id: 'operator',
      hour: 'start of the UTC hour, inclusive',
      price_book_id: 'price book used',
      price_book_version: 'price book version used',
      currency: 'currency, ISO 4217',
      gpu_ms: 'GPU-milliseconds rated, union of accepted intervals in the hour',
      unit_price: 'price per GPU-hour, major units; NULL for tiered rates',
      exact_amount: 'unrounded amount, major units (18 places)',
      operator_share: 'unrounded operator share, major units',
      platform_fee: 'unrounded platform fee, major units',
      rating_seq: 'rating tick that wrote the row',
      rated_at: 'when rated, UTC',
    },
  },
  payment_facts: {
    table: 'Money movements of customer payments as append-only facts; what the ledger posts from (read payment_facts_resolved or invoice_summary)',
    columns: {
      customer_id: 'customer paying; empty when the event named none (payment_facts_resolved fills it)',
    },
  },
  payment_refs: {
    table: 'Which invoice a processor payment is for, learnt when Hourglass created it or from any event naming it',
    columns: {
      provider: 'stripe, adyen or manual',
      invoice_id: 'invoice the payment is for',
      customer_id: 'customer paying',
      currency: 'currency, ISO 4217',
      recorded_at: 'when Hourglass learnt it, UTC',
    },
  },
  dispute_facts: {
    table: 'Dispute and chargeback events as facts; the disputes module derives the lifecycle',
    columns: {
      fact_id: 'deterministic from the processor event: a replay writes the same id',
      provider: 'stripe or adyen',
      reason: 'reason given by the processor or the card network',
      payment_ref: 'the payment disputed: Stripe PaymentIntent id or Adyen pspReference',
      invoice_id: 'invoice disputed, when known',
      customer_id: 'customer, when known',
      currency: 'currency, ISO 4217',
      occurred_at: 'when the processor says it happened, UTC',
      recorded_at: 'when Hourglass wrote the fact, UTC',
    },
  },
  customer_credit_facts: { table: 'Changes of a customer credit balance from payments; the balance is their sum', columns: { customer_id: 'customer', currency: 'currency, ISO 4217', occurred_at: 'when the change happened, UTC', recorded_at: 'when Hourglass wrote it, UTC' } },
  payment_facts_resolved: {
    table: 'payment_facts with invoice and customer filled in from payment_refs; one row per fact, no FINAL needed',
    columns: {
      fact_id: 'deterministic from the processor references',
      kind: 'captured, failed, refunded, refund_failed, recorded',
      provider: 'stripe, adyen or manual',
      invoice_id: 'invoice the payment is for; empty when unknown',
      customer_id: 'customer paying; empty when unknown',
      currency: 'currency, ISO 4217',
      amount: 'major units of currency; for refunded: cumulative refunded amount of cumulative_key',
      cumulative_key: 'refunded facts sharing it are cumulative: the largest is the total',
      payment_ref: 'Stripe PaymentIntent id, Adyen pspReference, or the manual reference',
      psp_reference: 'reference of this very movement',
      occurred_at: 'when the processor says it happened, UTC',
      recorded_at: 'when Hourglass wrote the fact, UTC',
      source: 'what caused it: <provider>:<inbox key> or api:<reference>',
    },
  },
  invoice_payment_totals: {
    table: 'Paid and refunded per invoice from payment facts',
    columns: {
      invoice_id: 'invoice',
      currency: 'currency, ISO 4217',
      paid: 'sum of captured and recorded payments, major units',
      refunded: 'sum of refunds, major units',
    },
  },
  invoice_balances: {
    table: 'What each invoice owes (CONTRACTS §6); invoice_summary adds the invoice header',
    columns: {
      invoice_id: 'invoice',
      customer_id: 'customer',
      currency: 'currency, ISO 4217',
      base_status: 'lifecycle status: draft, finalized, uncollectible, paid or void',
      total: 'invoice total after prepaid credits, major units',
      credit_notes: 'sum of credit notes against it, major units',
      amount_paid: 'captured and recorded payments, major units',
      amount_refunded: 'refunds, major units',
      owed: 'total − credit notes, 0 for draft and void invoices, major units',
      amount_due: 'max(0, owed − paid + refunded); 0 when marked paid by hand; major units',
      overpaid: 'max(0, paid − refunded − owed): moved to the customer credit balance, major units',
      status: 'paid once something was paid and nothing is due, else base_status',
    },
  },
  customer_credit_balances: {
    table: 'Credit balance of each customer from overpayments, per currency',
    columns: { customer_id: 'customer', currency: 'currency, ISO 4217', balance: 'credit held for the customer, major units of currency' },
  },
  audit_log: {
    table: 'Who did what through the API (CONTRACTS §5), append-only',
    columns: {
      id: 'time-ordered id: ms since epoch, zero-padded, then a suffix',
      at: 'when, UTC',
      actor: 'token name',
      role: 'role of the token',
      method: 'HTTP method',
      path: 'request path',
      status: 'HTTP status answered',
      idempotency_key: 'Idempotency-Key of the request, if any',
    },
  },
};

const INTERNAL_TABLES = ['schema_migrations', 'hourglass_instance', 'outbox', 'outbox_deliveries', 'outbox_progress', 'inbox', 'inbox_processed', 'idempotency_keys', 'rating_runs', 'webhook_endpoints', 'webhook_deliveries'];

const sql = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export const financeMigration: Migration = {
  version: 13,
  name: 'finance: comments on every queryable table and column; invoice_summary, invoice_line_items, receivables_aging, operator_earnings, revenue_by_gpu_model views',
  statements: ({ db, onCluster }) => [
    ...INTERNAL_TABLES.map((t) => `ALTER TABLE ${db}.${t}${onCluster} MODIFY COMMENT ${sql(INTERNAL)}`),
    ...Object.entries(COMMENTS).flatMap(([t, c]) => [
      `ALTER TABLE ${db}.${t}${onCluster} MODIFY COMMENT ${sql(c.table)}`,
      ...(Object.keys(c.columns).length === 0
        ? []
        : [`ALTER TABLE ${db}.${t}${onCluster} ${Object.entries(c.columns).map(([col, text]) => `COMMENT COLUMN ${col} ${sql(text)}`).join(', ')}`]),
    ]),
    // What each customer owes, one row per invoice: no FINAL, no join for the reader. Draft invoices
    // are left out (nothing is owed on them); void ones stay, with due 0, so totals tie to invoices.
    `CREATE VIEW IF NOT EXISTS ${db}.invoice_summary${onCluster} (
      invoice_id String COMMENT 'invoice id',
      number String COMMENT 'legal invoice number, e.g. HG-2026-000123',
      customer_id String COMMENT 'customer billed',
      customer_name String COMMENT 'customer name (current customer version); empty if unknown',
      currency LowCardinality(String) COMMENT 'invoice currency, ISO 4217; every amount of the row is in it',
      period String COMMENT 'billed period, YYYY-MM (UTC calendar month)',
      period_start DateTime64(3, 'UTC') COMMENT 'start of the billed period, UTC, inclusive',
      period_end DateTime64(3, 'UTC') COMMENT 'end of the billed period, UTC, exclusive',
      issued_at DateTime64(3, 'UTC') COMMENT 'issue time, UTC',
      status String COMMENT 'finalized, uncollectible, paid or void: paid once payments cover it or when marked paid',
      subtotal Decimal(38, 12) COMMENT 'lines before prepaid credits, major units',
      credits_applied Decimal(38, 12) COMMENT 'prepaid credits applied, major units',
      total Decimal(38, 12) COMMENT 'amount invoiced after prepaid credits, major units',
      credited Decimal(38, 12) COMMENT 'credit notes against the invoice (void included), major units',
      paid Decimal(38, 12) COMMENT 'captured and recorded payments less refunds, major units',
      due Decimal(38, 12) COMMENT 'still owed: max(0, total − credited − paid); 0 for void or marked paid; major units',
      overpaid Decimal(38, 12) COMMENT 'paid beyond what was owed, moved to the customer credit balance, major units'
    ) AS
      SELECT i.invoice_id AS invoice_id, i.number AS number, i.customer_id AS customer_id, ifNull(c.name, '') AS customer_name,
        i.currency AS currency, i.period AS period, i.period_start AS period_start, i.period_end AS period_end, i.issued_at AS issued_at,
        b.status AS status, i.subtotal AS subtotal, i.credits_applied AS credits_applied, i.total AS total, b.credit_notes AS credited,
        b.amount_paid - b.amount_refunded AS paid, b.amount_due AS due, b.overpaid AS overpaid
      FROM ${db}.invoices AS i FINAL
      INNER JOIN ${db}.invoice_balances AS b ON b.invoice_id = i.invoice_id
      LEFT JOIN ${db}.customers AS c ON c.customer_id = i.customer_id
      WHERE b.base_status != 'draft'
      SETTINGS join_use_nulls = 1
    COMMENT 'What each customer owes, one row per issued invoice; no FINAL or join needed. Amounts in major units of currency'`,
    `CREATE VIEW IF NOT EXISTS ${db}.invoice_line_items${onCluster} (
      invoice_id String COMMENT 'invoice',
      number String COMMENT 'legal invoice number',
      status String COMMENT 'status of the invoice, as invoice_summary',
      line_no UInt32 COMMENT 'position on the invoice, from 1',
      kind LowCardinality(String) COMMENT 'usage, reserved, adjustment or credit',
      customer_id String COMMENT 'customer billed',
      currency LowCardinality(String) COMMENT 'currency, ISO 4217',
      period String COMMENT 'billed period, YYYY-MM',
      rental_id String COMMENT 'rental; empty for credit lines',
      operator_id String COMMENT 'operator earning the share; empty for credit lines',
      gpu_model String COMMENT 'GPU model of the rental (current rental version); empty for credit lines',
      datacenter_id String COMMENT 'data center of the rental (current rental version); empty for credit lines',
      price_book_id String COMMENT 'price book used',
      price_book_version UInt32 COMMENT 'price book version used',
      gpu_count UInt16 COMMENT 'GPUs of the rental',
      gpu_ms UInt64 COMMENT 'GPU-milliseconds billed, union of accepted intervals',
      quantity_gpu_hours Decimal(38, 12) COMMENT 'GPU-hours billed (gpu_ms / 3,600,000, 12 places; negative for a reversed adjustment)',
      unit_price Nullable(Decimal(38, 12)) COMMENT 'price per GPU-hour, major units; NULL for tiered rates',
      amount Decimal(38, 12) COMMENT 'line amount, major units, rounded to minor units',
      exact_amount Decimal(38, 18) COMMENT 'unrounded amount, major units',
      operator_share Decimal(38, 12) COMMENT 'operator part of amount, major units',
      platform_fee Decimal(38, 12) COMMENT 'platform part of amount, major units',
      description String COMMENT 'line text as printed'
    ) AS
      SELECT l.invoice_id AS invoice_id, s.number AS number, s.status AS status, l.line_no AS line_no, l.kind AS kind,
        l.customer_id AS customer_id, l.currency AS currency, l.period AS period, l.rental_id AS rental_id, l.operator_id AS operator_id,
        toString(ifNull(r.gpu_model, '')) AS gpu_model, ifNull(r.datacenter_id, '') AS datacenter_id, l.price_book_id AS price_book_id,
        l.price_book_version AS price_book_version, l.gpu_count AS gpu_count, l.gpu_ms AS gpu_ms,
        toDecimal128OrZero(l.quantity_gpu_hours, 12) AS quantity_gpu_hours, l.unit_price AS unit_price, l.amount AS amount,
        toDecimal128OrZero(l.exact_amount, 18) AS exact_amount, l.operator_share AS operator_share, l.platform_fee AS platform_fee,
        l.description AS description
      FROM ${db}.invoice_lines AS l FINAL
      INNER JOIN ${db}.invoice_summary AS s ON s.invoice_id = l.invoice_id
      LEFT JOIN ${db}.rentals AS r ON r.rental_id = l.rental_id
      SETTINGS join_use_nulls = 1
    COMMENT 'Every line of every issued invoice with its invoice status, GPU model and data center; quantities as Decimal'`,
    // Age from the issue date: Hourglass has no due dates yet (payment terms come with the invoice
    // documents work); when they come, a due-date bucket is a new column.
    `CREATE VIEW IF NOT EXISTS ${db}.receivables_aging${onCluster} (
      invoice_id String COMMENT 'invoice',
      number String COMMENT 'legal invoice number',
      customer_id String COMMENT 'customer',
      customer_name String COMMENT 'customer name',
      currency LowCardinality(String) COMMENT 'currency, ISO 4217',
      issued_at DateTime64(3, 'UTC') COMMENT 'issue time, UTC',
      status String COMMENT 'finalized or uncollectible',
      due Decimal(38, 12) COMMENT 'still owed, major units',
      age_days UInt32 COMMENT 'whole days from issued_at to now (query time), UTC',
      age_bucket String COMMENT '0-30, 31-60, 61-90 or 90+ days since issue'
    ) AS
      SELECT invoice_id, number, customer_id, customer_name, currency, issued_at, status, due,
        toUInt32(greatest(0, dateDiff('day', issued_at, now64(3, 'UTC')))) AS age_days,
        multiIf(age_days <= 30, '0-30', age_days <= 60, '31-60', age_days <= 90, '61-90', '90+') AS age_bucket
      FROM ${db}.invoice_summary
      WHERE due > 0 AND status IN ('finalized', 'uncollectible')
    COMMENT 'Open receivables: issued invoices with something still due, aged from the issue date at query time'`,
    `CREATE VIEW IF NOT EXISTS ${db}.operator_earnings${onCluster} (
      operator_id String COMMENT 'operator',
      currency LowCardinality(String) COMMENT 'currency, ISO 4217',
      period String COMMENT 'period, YYYY-MM',
      period_start DateTime64(3, 'UTC') COMMENT 'start of the period, UTC, inclusive',
      period_end DateTime64(3, 'UTC') COMMENT 'end of the period, UTC, exclusive',
      gross Decimal(38, 12) COMMENT 'invoiced amount of the lines the operator served, major units',
      platform_fee Decimal(38, 12) COMMENT 'platform fees on those lines, major units',
      net Decimal(38, 12) COMMENT 'earned by the operator: gross − platform_fee, major units',
      lines UInt64 COMMENT 'invoice lines counted',
      statements UInt64 COMMENT 'payout statements summed (one per billing run of the period)'
    ) AS
      SELECT p.operator_id AS operator_id, p.currency AS currency, p.period AS period,
        min(p.period_start) AS period_start, max(p.period_end) AS period_end,
        sum(p.gross) AS gross, sum(p.platform_fee) AS platform_fee, sum(p.net) AS net, sum(toUInt64(p.lines)) AS lines, count() AS statements
      FROM ${db}.payout_statements AS p FINAL
      GROUP BY p.operator_id, p.currency, p.period
    COMMENT 'What each operator earned per period and currency, from the payout statements; no FINAL needed'`,
    `CREATE VIEW IF NOT EXISTS ${db}.revenue_by_gpu_model${onCluster} (
      period String COMMENT 'billed period, YYYY-MM',
      currency LowCardinality(String) COMMENT 'currency, ISO 4217',
      gpu_model String COMMENT 'GPU model',
      datacenter_id String COMMENT 'data center',
      operator_id String COMMENT 'operator of the data center',
      gpu_ms Int64 COMMENT 'GPU-milliseconds invoiced (adjustment lines may subtract), union of accepted intervals',
      gpu_hours Decimal(38, 12) COMMENT 'GPU-hours invoiced',
      amount Decimal(38, 12) COMMENT 'invoiced amount, major units',
      platform_fee Decimal(38, 12) COMMENT 'platform revenue, major units',
      operator_share Decimal(38, 12) COMMENT 'operator share, major units'
    ) AS
      SELECT l.period AS period, l.currency AS currency, l.gpu_model AS gpu_model, l.datacenter_id AS datacenter_id, l.operator_id AS operator_id,
        sum(if(l.quantity_gpu_hours < 0, -toInt64(l.gpu_ms), toInt64(l.gpu_ms))) AS gpu_ms, sum(l.quantity_gpu_hours) AS gpu_hours,
        sum(l.amount) AS amount, sum(l.platform_fee) AS platform_fee, sum(l.operator_share) AS operator_share
      FROM ${db}.invoice_line_items AS l
      WHERE l.rental_id != '' AND l.status != 'void'
      GROUP BY l.period, l.currency, l.gpu_model, l.datacenter_id, l.operator_id
    COMMENT 'Invoiced revenue by period, currency, GPU model and data center, void invoices and credit lines left out; amounts before prepaid credits'`,
  ],
};
