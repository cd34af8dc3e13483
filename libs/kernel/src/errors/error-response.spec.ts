import { BadRequestException, ConflictException, HttpException, NotFoundException } from '@nestjs/common';
import { DomainError } from '@hourglass/contracts';
import { fromBodyParserError } from './body-parser-errors';
import { errorResponse, INTERNAL_MESSAGE } from './error-response';
import { REASON_STATUS, reasonForStatus, statusForReason } from './reason-status';

class BillingRefused extends DomainError {}

describe('the reason table', () => {
  it.each([
    ['period_not_ended', 422],
    ['billing_run_in_progress', 409],
    ['lost_billing_lock', 409],
    ['invalid_period', 400],
    ['invalid_amount', 400],
    ['invalid_grant', 400],
    ['invalid_transition', 409],
    ['busy', 409],
    ['invoice_not_found', 404],
    ['customer_not_found', 404],
    ['unknown_rental', 404],
    ['invalid_document', 400],
    ['price_book_version_conflict', 409],
    ['missing_rate', 422],
    ['invalid_json', 400],
    ['payload_too_large', 413],
    ['not_found', 404],
    ['internal', 500],
  ])('answers %s with %i', (reason, status) => {
    expect(statusForReason(reason)).toBe(status);
  });

  it('answers a reason it does not list as a refusal (422), and never with an inherited key', () => {
    expect(statusForReason('some_new_refusal')).toBe(422);
    expect(statusForReason('toString')).toBe(422);
  });

  it('names every status it maps back to a reason that maps to the same status', () => {
    for (const status of [400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 503]) {
      expect(REASON_STATUS[reasonForStatus(status)]).toBe(status);
    }
  });

  it('holds only snake_case reasons and real HTTP error statuses', () => {
    for (const [reason, status] of Object.entries(REASON_STATUS)) {
      expect(reason).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(status >= 400 && status < 600).toBe(true);
    }
  });
});

describe('errorResponse', () => {
  it('answers a DomainError by its reason, with its details beside reason and message', () => {
    const error = new BillingRefused('billing_run_in_progress', 'another run holds the lock', { period: '2026-10' });
    expect(errorResponse(error)).toEqual({
      status: 409,
      body: { reason: 'billing_run_in_progress', message: 'another run holds the lock', period: '2026-10' },
      unexpected: false,
    });
  });

  it('keeps reason and message when a detail tries to overwrite them', () => {
    const { body } = errorResponse(new DomainError('busy', 'try again', { reason: 'spoofed', message: 'spoofed' }));
    expect(body).toEqual({ reason: 'busy', message: 'try again' });
  });

  it("gives Nest's own exceptions the same shape", () => {
    expect(errorResponse(new NotFoundException('Cannot GET /v1/nowhere'))).toMatchObject({ status: 404, body: { reason: 'not_found', message: 'Cannot GET /v1/nowhere' } });
    expect(errorResponse(new BadRequestException()).body).toEqual({ reason: 'bad_request', message: 'Bad Request' });
    expect(errorResponse(new ConflictException({ reason: 'price_book_version_conflict', message: 'no', results: [] })).body).toEqual({
      reason: 'price_book_version_conflict',
      message: 'no',
      results: [],
    });
    expect(errorResponse(new HttpException({ message: ['a is missing', 'b is missing'] }, 400)).body.message).toBe('a is missing; b is missing');
  });

  it('answers body-parser refusals with their own reasons', () => {
    const badJson = Object.assign(new SyntaxError('Unexpected token } in JSON'), { type: 'entity.parse.failed', status: 400, expose: true });
    const tooLarge = Object.assign(new Error('request entity too large'), { type: 'entity.too.large', status: 413, expose: true, limit: 1024 });
    expect(errorResponse(fromBodyParserError(badJson))).toMatchObject({ status: 400, body: { reason: 'invalid_json' } });
    expect(errorResponse(fromBodyParserError(tooLarge))).toMatchObject({ status: 413, body: { reason: 'payload_too_large', limitBytes: 1024 } });
    expect(errorResponse(tooLarge)).toMatchObject({ status: 413, body: { reason: 'payload_too_large' } });
  });

  it('answers anything else 500 without the library message', () => {
    const response = errorResponse(new Error('[big.js] Invalid number'));
    expect(response).toEqual({ status: 500, body: { reason: 'internal', message: INTERNAL_MESSAGE }, unexpected: true });
    expect(JSON.stringify(response.body)).not.toContain('big.js');
    expect(errorResponse('a string was thrown').status).toBe(500);
    expect(errorResponse(Object.assign(new Error('secret'), { status: 500, expose: false })).body.message).toBe(INTERNAL_MESSAGE);
  });
});
