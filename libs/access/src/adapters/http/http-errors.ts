import { errorResponse } from '@hourglass/kernel';

/** The status an error will be answered with, as the kernel's filter maps it (for the audit log). */
export function statusOf(error: unknown): number {
  return errorResponse(error).status;
}
