import { Controller, Get } from '@nestjs/common';
import { StatusService, type IngestStatus } from './status.service';

@Controller('v1/status')
export class StatusController {
  constructor(private readonly status: StatusService) {}

  @Get()
  get(): Promise<IngestStatus> {
    return this.status.status();
  }
}
