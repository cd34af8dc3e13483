import { InvoicingError } from '../domain';
import type { LifecycleContext } from './lifecycle-context';

/**
 * Every change after issue (status, credit note, its number) is made under one fenced lease per billing
 * entity: the remaining amount a credit note checks against, and the next credit-note number, are read
 * and written by one request at a time. `held()` renews the lease and refuses when another holder took
 * it over (a request that stalled past its lease), so a deposed holder never writes.
 */
export async function underEntityLock<T>(ctx: LifecycleContext, work: (held: () => Promise<void>) => Promise<T>): Promise<T> {
  const name = `invoice-lifecycle:${ctx.billingEntity}`;
  const { leaseMs, attempts, pauseMs } = ctx.lockWait;
  let token: number | null = null;
  for (let attempt = 0; token === null && attempt < attempts; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    token = await ctx.lock.acquire(name, leaseMs);
  }
  if (token === null) throw new InvoicingError('busy', 'invoices of this billing entity are being changed by other requests; try again in a moment');
  const held = async () => {
    if (!(await ctx.lock.renew(name, token, leaseMs))) {
      throw new InvoicingError('busy', 'this request lost the invoice lock before writing; nothing was written, try again');
    }
  };
  try {
    return await work(held);
  } finally {
    await ctx.lock.release(name, token);
  }
}
