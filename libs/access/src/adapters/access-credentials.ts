import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AccessConfig } from '@hourglass/config';
import { InvalidTokensFileError, parseTokenEntries, sha256Hex, TokenRegistry } from '../tokens/token-registry';

export interface AccessCredentials {
  registry: TokenRegistry;
  /** The generated admin token when no tokens file is configured; null otherwise. */
  adminToken: string | null;
}

/**
 * With no tokens file, one admin token is made once and kept in `<dataDir>/admin.token` (0600), so
 * a restart, the CLI and `hourglass demo` find the same one. Created with O_EXCL: two processes
 * starting at once agree on the first one written.
 */
export function loadOrCreateAdminToken(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  fs.chmodSync(file, 0o600);
  const token = fs.readFileSync(file, 'utf8').trim();
  if (token.length < 16) throw new Error(`${file} holds no usable token (delete it to have a new one made)`);
  return token;
}

export function accessCredentials(config: AccessConfig): AccessCredentials {
  if (config.tokensFile) {
    let text: string;
    try {
      text = fs.readFileSync(config.tokensFile, 'utf8');
    } catch (error) {
      throw new InvalidTokensFileError(`HOURGLASS_API_TOKENS_FILE=${config.tokensFile} cannot be read (${(error as Error).message})`);
    }
    const entries = parseTokenEntries(text, config.tokensFile);
    if (entries.length === 0) throw new InvalidTokensFileError(`${config.tokensFile} names no token: nobody could use the API`);
    return { registry: new TokenRegistry(entries), adminToken: null };
  }
  const adminToken = loadOrCreateAdminToken(config.adminTokenFile);
  return { registry: new TokenRegistry([{ name: 'admin', role: 'admin', sha256: sha256Hex(adminToken) }]), adminToken };
}

/** What the CLI sends: HOURGLASS_API_TOKEN, else the admin token file if it can read it. */
export function cliToken(config: AccessConfig): string | null {
  if (config.cliToken) return config.cliToken;
  try {
    return fs.readFileSync(config.adminTokenFile, 'utf8').trim() || null;
  } catch {
    return null;
  }
}
