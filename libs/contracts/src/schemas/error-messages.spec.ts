import type { ErrorObject } from 'ajv';
import { formatAjvErrors } from './error-messages';

function error(instancePath: string, keyword: string, params: Record<string, unknown>, message?: string): ErrorObject {
  return { instancePath, keyword, params, message, schemaPath: `#/${keyword}` };
}

describe('formatAjvErrors', () => {
  it.each<[string, ErrorObject, string]>([
    ['names a missing property at its own path', error('/data', 'required', { missingProperty: 'rentalId' }), 'data.rentalId: is required'],
    ['names a missing top-level property', error('', 'required', { missingProperty: 'id' }), 'id: is required'],
    ['writes array indexes in brackets', error('/rates/0/tiers/1/unitPrice', 'type', { type: 'string' }), 'rates[0].tiers[1].unitPrice: must be string'],
    ['reads union types as alternatives', error('/endedAt', 'type', { type: 'string,null' }), 'endedAt: must be string or null'],
    ['unescapes JSON pointer segments', error('/a~1b/c~0d', 'type', { type: 'number' }), 'a/b.c~d: must be number'],
    ['quotes the expected constant', error('/specversion', 'const', { allowedValue: '1.0' }), 'specversion: must be "1.0"'],
    ['lists the allowed values', error('/tierMode', 'enum', { allowedValues: ['graduated', 'volume'] }), 'tierMode: must be one of "graduated", "volume"'],
    ['calls the root the document', error('', 'type', { type: 'object' }), 'document: must be object'],
    ['explains a contract format', error('/currency', 'format', { format: 'currency-code' }), 'currency: must be a 3-letter upper-case ISO 4217 code such as "USD"'],
    ['names an unknown format', error('/x', 'format', { format: 'uuid' }), 'x: must be a uuid'],
    ['says an empty string is empty', error('/id', 'minLength', { limit: 1 }), 'id: must not be empty'],
    ['falls back to the message of Ajv', error('/gpuCount', 'minimum', { limit: 1 }, 'must be >= 1'), 'gpuCount: must be >= 1'],
  ])('%s', (_name, input, line) => {
    expect(formatAjvErrors([input])).toEqual([line]);
  });

  it('drops repeated lines and reads null as no errors', () => {
    const twice = error('/id', 'minLength', { limit: 1 });
    expect(formatAjvErrors([twice, twice])).toEqual(['id: must not be empty']);
    expect(formatAjvErrors(null)).toEqual([]);
  });
});
