import { Body, Controller, Get, Headers, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '@hourglass/access';
import { DisputeDetailDto, DisputePageDto, EvidencePackDto, EvidenceSubmittedDto, SubmitEvidenceDto } from './adapters/http/disputes.dto';
import { DisputesError } from './domain/errors';
import { DisputesService } from './disputes.service';

const fileName = (disputeId: string) => `dispute-${disputeId.replace(/[^A-Za-z0-9_-]/g, '_')}`;

@ApiTags('disputes')
@Controller('v1/disputes')
export class DisputesController {
  constructor(private readonly disputes: DisputesService) {}

  @Get()
  @Access('finance', 'billing')
  @ApiOperation({ summary: 'disputes and chargebacks of both processors, sorted by response deadline' })
  @ApiQuery({ name: 'status', required: false, enum: ['needs_response', 'under_review', 'won', 'lost'] })
  @ApiQuery({ name: 'provider', required: false, enum: ['stripe', 'adyen'] })
  @ApiQuery({ name: 'customerId', required: false })
  @ApiQuery({ name: 'invoiceId', required: false })
  @ApiQuery({ name: 'rootCause', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 500, default 100' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiOkResponse({ type: DisputePageDto })
  list(
    @Query('status') status?: string,
    @Query('provider') provider?: string,
    @Query('customerId') customerId?: string,
    @Query('invoiceId') invoiceId?: string,
    @Query('rootCause') rootCause?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ) {
    const n = limit === undefined || limit === '' ? undefined : Number(limit);
    if (n !== undefined && !Number.isSafeInteger(n)) throw new DisputesError('invalid_limit', 'limit is a whole number');
    return this.disputes.list({ status, provider, customerId, invoiceId, rootCause, limit: n, cursor });
  }

  @Get(':id')
  @Access('finance', 'billing')
  @ApiOperation({ summary: 'one dispute with its events in lifecycle order' })
  @ApiOkResponse({ type: DisputeDetailDto })
  get(@Param('id') id: string) {
    return this.disputes.detail(id);
  }

  @Get(':id/evidence.json')
  @Access('finance', 'billing')
  @ApiOperation({ summary: 'the evidence pack built from our own data, as JSON' })
  @ApiOkResponse({ type: EvidencePackDto })
  evidenceJson(@Param('id') id: string) {
    return this.disputes.evidence(id);
  }

  @Get(':id/evidence.pdf')
  @Access('finance', 'billing')
  @ApiOperation({ summary: 'the evidence pack as a PDF document' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'the evidence pack as PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  async evidencePdf(@Param('id') id: string): Promise<StreamableFile> {
    return new StreamableFile(await this.disputes.evidencePdf(id), { type: 'application/pdf', disposition: `inline; filename="${fileName(id)}.pdf"` });
  }

  @Post(':id/evidence')
  @Access('billing')
  @ApiOperation({ summary: "submit the evidence pack to the dispute's processor (once per Idempotency-Key)" })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiBody({ type: SubmitEvidenceDto, required: false })
  @ApiOkResponse({ type: EvidenceSubmittedDto, description: '201 when submitted now, 200 when this key was submitted before' })
  async submit(@Param('id') id: string, @Body() body: SubmitEvidenceDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    const result = await this.disputes.submitEvidence(id, key, body?.submit !== false);
    res.status(result.created ? 201 : 200);
    return result;
  }
}
