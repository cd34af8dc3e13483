import { HttpException } from '@nestjs/common';
import { PaymentsError, type PaymentsReason } from '../../domain';

const STATUS_BY_REASON: Record<PaymentsReason, number> = {
  invalid_signature: 400,
  invalid_payload: 400,
  invalid_amount: 400,
  invalid_reference: 400,
  unknown_currency: 400,
  invoice_not_found: 404,
  payment_not_found: 404,
  invoice_not_payable: 409,
  reference_conflict: 409,
  provider_not_configured: 503,
  provider_error: 502,
  not_supported: 501,
};

/** Payments' refusals reach HTTP here, at the edge, as `{reason, message}`. */
export async function http<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PaymentsError) {
      throw new HttpException({ reason: error.reason, message: error.message }, STATUS_BY_REASON[error.reason] ?? 422);
    }
    throw error;
  }
}
