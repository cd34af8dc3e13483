import type { Command } from 'commander';

/** `bill`, `invoices`, `invoice show`, `payouts`, `credits`: wired once invoicing exists. */
export function registerBillingCommands(_program: Command, _period: (value: string) => string): void {}
