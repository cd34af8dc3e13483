/**
 * The four roles of CONTRACTS.md §5. `admin` may do everything; every other role may do exactly what
 * a route names it for, so a route that names no role is admin-only (fail closed).
 */
export const ROLES = ['admin', 'billing', 'finance', 'control-plane'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function mayAccess(role: Role, allowed: readonly Role[]): boolean {
  return role === 'admin' || allowed.includes(role);
}

/** Who made a request: the token's name (what the audit log calls the actor) and its role. */
export interface Principal {
  name: string;
  role: Role;
}
