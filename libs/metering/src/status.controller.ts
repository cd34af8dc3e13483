import { Controller, Get } from '@nestjs/common';
import { Access } from '@hourglass/access';
import { StatusService, type IngestStatus } from './adapters/ingest-status.service';

@Controller('v1/status')
export class StatusController {
  constructor(private readonly status: StatusService) {}

  @Get()
  @Access('finance', 'billing', 'control-plane')
  get(): Promise<IngestStatus> {
    return this.status.status();
  }
}
