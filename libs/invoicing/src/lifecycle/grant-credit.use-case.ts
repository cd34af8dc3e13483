import { idFromKey, InvoicingError, validateGrant, type CreditGrantRequest, type ValidGrant } from '../domain';
import type { CreditGrantRecord } from '../ports';
import { idempotent, idempotentRequest } from './idempotent';
import type { LifecycleContext } from './lifecycle-context';

export interface GrantCreditInput extends CreditGrantRequest {
  idempotencyKey?: string;
}

/**
 * A prepaid credit grant. Idempotent by the client's `grantId` or its Idempotency-Key (the grant id is
 * then derived from the key): a grant that exists is never written again, which would also move its
 * grant time and so the order invoices draw credits in.
 */
export class GrantCredit {
  constructor(private readonly ctx: LifecycleContext) {}

  async execute(input: GrantCreditInput): Promise<{ grantId: string }> {
    const { idempotencyKey, ...body } = input;
    const grant = validateGrant(input);
    const request = idempotentRequest(idempotencyKey, 'credit-grant', input.customerId ?? '', body);
    const grantId = input.grantId ?? (request ? idFromKey('cg', request.operation, request.key) : `cg_${this.ctx.ids.newId()}`);
    return idempotent(this.ctx, request, async () => {
      const stored = await this.ctx.repository.creditGrant(grantId);
      if (stored) {
        if (!sameTerms(stored, grant)) {
          throw new InvoicingError('idempotency_key_reused', `credit grant ${grantId} exists with other terms; a new grant needs a new id`);
        }
        return { grantId };
      }
      await this.ctx.repository.appendCreditGrant({ grantId, ...grant, grantedAtMs: this.ctx.clock.nowMs() });
      return { grantId };
    });
  }
}

function sameTerms(stored: CreditGrantRecord, grant: ValidGrant): boolean {
  return (
    stored.customerId === grant.customerId &&
    stored.currency === grant.currency &&
    stored.amount.eq(grant.amount) &&
    stored.priority === grant.priority &&
    stored.expiresAtMs === grant.expiresAtMs &&
    stored.description === grant.description
  );
}
