import { DomainError } from '@hourglass/contracts';

/**
 * body-parser's refusals as DomainErrors, so they reach the filter with a reason of their own:
 * Nest would turn bad JSON into a generic 400 and leave a too-large body to Express's HTML page.
 */
export function fromBodyParserError(error: unknown): unknown {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') return new DomainError('invalid_json', `the request body is not valid JSON: ${(error as Error).message}`);
  if (type === 'entity.too.large') {
    const { limit } = error as { limit?: number };
    return new DomainError('payload_too_large', `the request body is larger than the limit${limit ? ` of ${limit} bytes` : ''}`, limit ? { limitBytes: limit } : {});
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new DomainError('unsupported_media_type', (error as Error).message);
  return error;
}
