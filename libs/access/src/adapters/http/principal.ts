import type { Request } from 'express';
import type { Principal } from '../../roles';

/** The authenticated caller, attached to the request by the bearer guard. */
export type AuthenticatedRequest = Request & { principal?: Principal };

export function isUnderV1(path: string): boolean {
  return path === '/v1' || path.startsWith('/v1/');
}
