import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@hourglass/access';
import { DomainError } from '@hourglass/contracts';
import { ReplayRequestDto, ReplayResultDto } from './adapters/dto/rejections-replay.dto';
import { parseReplayRequest } from './domain';
import { RejectionsReplayService, type ReplayResult } from './rejections-replay.service';

type WithPrincipal = { principal?: { name: string } };

@ApiTags('metering')
@Controller('v1/rejections')
export class RejectionsController {
  constructor(@Inject(RejectionsReplayService) private readonly replays: RejectionsReplayService) {}

  @Post('replay')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Re-check rejected usage whose cause may be fixed now (a rental loaded late) and accept each valid event exactly once',
    description:
      'Safe to run again or concurrently: an event accepted by a replay is no candidate any more. Every run is recorded in usage_replays (who, when, which stream sequences).',
  })
  @ApiBody({ type: ReplayRequestDto })
  @ApiOkResponse({ type: ReplayResultDto })
  @ApiBadRequestResponse({ description: '`bad_request`: a reason that cannot be replayed, or a bad since/rentalId' })
  @Access('billing')
  replay(@Body() body: unknown, @Req() req: WithPrincipal): Promise<ReplayResult> {
    const parsed = parseReplayRequest(body);
    if (!parsed.ok) throw new DomainError('bad_request', parsed.message);
    return this.replays.replay(parsed.request, req.principal?.name ?? 'unknown');
  }
}
