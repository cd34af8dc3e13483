import { InvoicingError } from '../domain';
import type { LifecycleContext } from './lifecycle-context';

/**
 * Every change after issue (status, credit note, its number) is made under one fenced lease per billing
 * entity: the remaining amount a credit note checks against, and the next credit-note number, are read
 * and written by one request at a time. `held()` checks the fence right before a write and throws
 * (`lease_lost`) when another holder took the lease over (a request that stalled past it), so a deposed
 * holder never writes. Another request holding the lease is waited for, within a bound.
 */
export async function underEntityLock<T>(ctx: LifecycleContext, work: (held: () => Promise<void>) => Promise<T>): Promise<T> {
  const name = `invoice-lifecycle:${ctx.billingEntity}`;
  const { leaseMs, attempts, pauseMs } = ctx.lockWait;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    const outcome = await ctx.lock.runExclusive(name, leaseMs, (fence) => work(() => fence.assertHeld()));
    if (outcome.acquired) return outcome.value;
  }
  throw new InvoicingError('busy', 'invoices of this billing entity are being changed by other requests; try again in a moment');
}
