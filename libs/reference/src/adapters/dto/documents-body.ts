import { applyDecorators, type Type } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import { AppliedDocumentsDto, InvalidDocumentDto } from './reference.dto';

/** A write route takes one document, an array of them, or `{documents: [...]}`. */
export function AppliesDocuments(...kinds: Type<unknown>[]): MethodDecorator {
  const one = kinds.length === 1 ? { $ref: getSchemaPath(kinds[0]) } : { oneOf: kinds.map((k) => ({ $ref: getSchemaPath(k) })) };
  return applyDecorators(
    ApiExtraModels(...kinds, AppliedDocumentsDto, InvalidDocumentDto),
    ApiBody({
      schema: {
        oneOf: [one, { type: 'array', items: one }, { type: 'object', required: ['documents'], properties: { documents: { type: 'array', items: one } } }],
      },
    }),
    ApiOkResponse({ type: AppliedDocumentsDto }),
    ApiBadRequestResponse({ type: InvalidDocumentDto, description: '`invalid_document`: nothing of the request was applied' }),
    ApiConflictResponse({ description: '`price_book_version_conflict`: a published version never changes' }),
  );
}
