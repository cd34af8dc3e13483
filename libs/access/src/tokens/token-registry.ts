import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@hourglass/contracts';
import { isRole, type Principal, type Role } from '../roles';

/** One configured token: never the token itself, only its SHA-256. */
export interface TokenEntry {
  name: string;
  role: Role;
  sha256: string;
}

/** The tokens file is missing or wrong: Hourglass refuses to start rather than guess who may do what. */
export class InvalidTokensFileError extends DomainError {
  constructor(message: string) {
    super('invalid_config', message);
  }
}

export function sha256Hex(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Parses `HOURGLASS_API_TOKENS_FILE`'s JSON; every entry is checked, and every problem named. */
export function parseTokenEntries(json: string, source: string): TokenEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new InvalidTokensFileError(`${source} is not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new InvalidTokensFileError(`${source} must hold a JSON array of {name, role, sha256}`);
  const problems: string[] = [];
  const names = new Set<string>();
  parsed.forEach((entry: unknown, i) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    if (typeof e.name !== 'string' || e.name.trim() === '') problems.push(`entry ${i + 1}: name must be a non-empty string`);
    else if (names.has(e.name)) problems.push(`entry ${i + 1}: name ${e.name} is used twice (names tell tokens apart in the audit log)`);
    else names.add(e.name);
    if (!isRole(e.role)) problems.push(`entry ${i + 1}: role must be admin, billing, finance or control-plane`);
    if (typeof e.sha256 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(e.sha256)) problems.push(`entry ${i + 1}: sha256 must be 64 hex digits (the SHA-256 of the token)`);
  });
  if (problems.length > 0) throw new InvalidTokensFileError(`${source}: ${problems.join('; ')}`);
  return (parsed as TokenEntry[]).map((e) => ({ name: e.name, role: e.role, sha256: e.sha256.toLowerCase() }));
}

/**
 * Authenticates a presented bearer token. The token is hashed first and the digest compared with
 * every entry in constant time, without stopping at a match, so neither the comparison nor the
 * number of comparisons tells an attacker how close a guess came.
 */
export class TokenRegistry {
  private readonly digests: Array<{ principal: Principal; digest: Buffer }>;

  constructor(entries: readonly TokenEntry[]) {
    this.digests = entries.map((e) => ({ principal: { name: e.name, role: e.role }, digest: Buffer.from(e.sha256, 'hex') }));
  }

  get size(): number {
    return this.digests.length;
  }

  authenticate(token: string | null): Principal | null {
    if (!token) return null;
    const presented = createHash('sha256').update(token, 'utf8').digest();
    let found: Principal | null = null;
    for (const { principal, digest } of this.digests) {
      if (timingSafeEqual(presented, digest) && found === null) found = principal;
    }
    return found;
  }
}

/** `Authorization: Bearer <token>`; anything else is no token at all. */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match ? match[1] : null;
}
