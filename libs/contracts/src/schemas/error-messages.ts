import type { ErrorObject } from 'ajv';
import { FORMAT_MESSAGES } from './formats';

/**
 * Ajv errors as `path: problem` lines (`rates[0].unitPrice: must be a decimal string…`),
 * for people who fix the document by hand: paths in the dotted form they write in code,
 * a missing property named at its own path, duplicates dropped.
 */
export function formatAjvErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  const lines = new Set<string>();
  for (const error of errors ?? []) {
    const path = pointerToPath(error.instancePath);
    if (error.keyword === 'required') {
      lines.add(`${joinPath(path, String(error.params.missingProperty))}: is required`);
    } else {
      lines.add(`${path || 'document'}: ${describe(error)}`);
    }
  }
  return [...lines];
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `must be ${String(params.type).split(',').join(' or ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'format':
      return FORMAT_MESSAGES[params.format as keyof typeof FORMAT_MESSAGES] ?? `must be a ${String(params.format)}`;
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must have at least ${String(params.limit)} characters`;
    case 'maxLength':
      return `must have at most ${String(params.limit)} characters`;
    case 'minItems':
      return `must have at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`;
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}

/** `/rates/0/unit~1price` → `rates[0].unit/price` (RFC 6901 unescaping). */
function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  let path = '';
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path = /^\d+$/.test(segment) ? `${path}[${segment}]` : joinPath(path, segment);
  }
  return path;
}

function joinPath(path: string, property: string): string {
  return path === '' ? property : `${path}.${property}`;
}
