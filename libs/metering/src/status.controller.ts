import { Controller, Get } from '@nestjs/common';
import { Access } from '@hourglass/access';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IngestStatusDto } from './adapters/dto/ingest-status.dto';
import { StatusService, type IngestStatus } from './adapters/ingest-status.service';

@ApiTags('metering')
@Controller('v1/status')
export class StatusController {
  constructor(private readonly status: StatusService) {}

  @Get()
  @ApiOperation({ summary: 'Ingest counts by outcome and reason, and stream lag' })
  @ApiOkResponse({ type: IngestStatusDto })
  @Access('finance', 'billing', 'control-plane')
  get(): Promise<IngestStatus> {
    return this.status.status();
  }
}
