import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Endpoint secrets sealed with AES-256-GCM before they reach ClickHouse, whose tables the SQL sandbox
 * lets finance read. The key is HOURGLASS_WEBHOOK_KEY, or one made once in the data directory (as the
 * admin token is): replicas must be given the same HOURGLASS_WEBHOOK_KEY.
 */
export class SecretSeal {
  private constructor(private readonly key: Buffer) {}

  static fromConfig(sealKey: string | null, keyFile: string): SecretSeal {
    if (sealKey) return new SecretSeal(createHash('sha256').update(sealKey).digest());
    if (!fs.existsSync(keyFile)) {
      fs.mkdirSync(path.dirname(keyFile), { recursive: true });
      fs.writeFileSync(keyFile, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    }
    return new SecretSeal(createHash('sha256').update(fs.readFileSync(keyFile, 'utf8').trim()).digest());
  }

  seal(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), sealed.toString('base64')].join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a sealed webhook secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  }
}
