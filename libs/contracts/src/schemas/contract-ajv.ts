import Ajv from 'ajv';
import { CONTRACT_FORMATS } from './formats';
import { CONTRACT_KEYWORDS } from './keywords';

export interface ContractAjvOptions {
  /**
   * true: report every violation (reference data, where the sender fixes a document once).
   * false: stop at the first (the usage hot path, where one reason per event is enough).
   */
  allErrors: boolean;
}

/**
 * An Ajv that knows the contracts' formats and keywords. Options are spelled out rather
 * than left to Ajv's defaults: coercion or defaults would make the validator rewrite the
 * payload that the DLQ must keep as received.
 */
export function createContractAjv({ allErrors }: ContractAjvOptions): Ajv {
  const ajv = new Ajv({
    allErrors,
    strict: true,
    allowUnionTypes: true,
    coerceTypes: false,
    useDefaults: false,
    removeAdditional: false,
    validateFormats: true,
    messages: true,
  });
  for (const [name, format] of Object.entries(CONTRACT_FORMATS)) ajv.addFormat(name, format);
  for (const keyword of CONTRACT_KEYWORDS) ajv.addKeyword(keyword);
  return ajv;
}
