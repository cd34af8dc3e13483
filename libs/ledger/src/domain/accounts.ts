import { DomainError } from '@hourglass/contracts';

/**
 * The chart of accounts, per currency: every account exists once per currency it is used in, so a
 * balance is always (account, currency). Names are CONTRACTS §6's; the last three are ours.
 */
export type AccountClass = 'asset' | 'liability' | 'revenue' | 'expense';

export interface AccountKind {
  /** The name, or the prefix before `:<id>` for accounts kept per party. */
  readonly family: string;
  readonly accountClass: AccountClass;
  /** Whether the name carries `:<id>` (a customer, operator, provider or bank account). */
  readonly perParty: boolean;
  readonly meaning: string;
}

export const ACCOUNT_KINDS: readonly AccountKind[] = [
  { family: 'receivable', accountClass: 'asset', perParty: true, meaning: 'what a customer owes on finalized invoices' },
  { family: 'customer_credit', accountClass: 'liability', perParty: true, meaning: "a customer's credit balance (overpayments, credit notes on paid invoices)" },
  { family: 'operator_payable', accountClass: 'liability', perParty: true, meaning: 'earned operator shares not yet paid out' },
  { family: 'payout_reserve', accountClass: 'liability', perParty: true, meaning: "an operator's earnings held back as a rolling reserve" },
  { family: 'platform_fees', accountClass: 'revenue', perParty: false, meaning: "the platform's fee on every invoice line" },
  { family: 'psp_clearing', accountClass: 'asset', perParty: true, meaning: 'captured by a PSP, not yet settled to a bank account' },
  { family: 'cash', accountClass: 'asset', perParty: true, meaning: 'money in one of our bank accounts' },
  { family: 'psp_fees', accountClass: 'expense', perParty: true, meaning: 'processing fees a PSP kept' },
  { family: 'dispute_losses', accountClass: 'expense', perParty: false, meaning: 'disputes lost and borne by the platform' },
  { family: 'disputed_funds', accountClass: 'asset', perParty: true, meaning: 'funds a PSP withdrew while a dispute is open' },
  { family: 'credit_grants_expense', accountClass: 'expense', perParty: false, meaning: 'prepaid credit grants applied to invoices (borne by the platform)' },
  { family: 'credit_notes_expense', accountClass: 'expense', perParty: false, meaning: 'credit notes and voids (borne by the platform; operator shares are untouched)' },
  { family: 'reconciliation_differences', accountClass: 'expense', perParty: false, meaning: 'reconciliation breaks written off: a loss (debit) or a gain (credit) against a PSP' },
  { family: 'tax_payable', accountClass: 'liability', perParty: false, meaning: 'VAT or sales tax invoiced to customers, owed to the tax authority' },
];

const BY_FAMILY = new Map(ACCOUNT_KINDS.map((k) => [k.family, k]));

export class UnknownAccountError extends DomainError {
  constructor(readonly account: string) {
    super('unknown_account', `${account} is not an account of the chart (CONTRACTS §6; libs/ledger/README.md)`, { account });
  }
}

/** The kind of an account name, e.g. `receivable:c-9` → receivable; throws for a name not in the chart. */
export function accountKind(account: string): AccountKind {
  const colon = account.indexOf(':');
  const family = colon < 0 ? account : account.slice(0, colon);
  const kind = BY_FAMILY.get(family);
  const party = colon < 0 ? '' : account.slice(colon + 1);
  if (!kind || kind.perParty !== (colon >= 0) || (kind.perParty && party === '')) throw new UnknownAccountError(account);
  return kind;
}

export function accountClass(account: string): AccountClass {
  return accountKind(account).accountClass;
}

/** Assets and expenses grow with debits; liabilities and revenue with credits (CONTRACTS §6's sign). */
export function isDebitNormal(accountClass: AccountClass): boolean {
  return accountClass === 'asset' || accountClass === 'expense';
}

function party(family: string, id: string): string {
  if (id === '') throw new UnknownAccountError(`${family}:`);
  return `${family}:${id}`;
}

export const accounts = {
  receivable: (customerId: string) => party('receivable', customerId),
  customerCredit: (customerId: string) => party('customer_credit', customerId),
  operatorPayable: (operatorId: string) => party('operator_payable', operatorId),
  payoutReserve: (operatorId: string) => party('payout_reserve', operatorId),
  platformFees: 'platform_fees',
  pspClearing: (provider: string) => party('psp_clearing', provider),
  cash: (bankAccountId: string) => party('cash', bankAccountId),
  pspFees: (provider: string) => party('psp_fees', provider),
  disputeLosses: 'dispute_losses',
  disputedFunds: (provider: string) => party('disputed_funds', provider),
  creditGrantsExpense: 'credit_grants_expense',
  creditNotesExpense: 'credit_notes_expense',
  reconciliationDifferences: 'reconciliation_differences',
  taxPayable: 'tax_payable',
} as const;

/** A family of per-party accounts named without its id (`receivable` for every `receivable:*`). */
export function isAccountFamily(name: string): boolean {
  return BY_FAMILY.get(name)?.perParty === true;
}

export function isKnownAccount(name: string): boolean {
  try {
    accountKind(name);
    return true;
  } catch {
    return false;
  }
}
