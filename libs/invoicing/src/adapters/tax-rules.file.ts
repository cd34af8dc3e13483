import { readFileSync } from 'node:fs';
import { parseTaxRules, type TaxRules } from '../domain';

/** HOURGLASS_TAX_RULES_FILE, read and validated once at start-up; null path: no tax. Throws on a bad file. */
export function loadTaxRules(path: string | null): TaxRules | null {
  if (!path) return null;
  return parseTaxRules(JSON.parse(readFileSync(path, 'utf8')) as unknown);
}
