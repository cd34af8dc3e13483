import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../../roles';
import { MeDto } from '../dto/me.dto';
import { Access } from './access.decorators';
import type { AuthenticatedRequest } from './principal';

/** `GET /v1/me`: the token's name and role, for every role; the console signs in with it. */
@ApiTags('access')
@Controller('v1/me')
export class MeController {
  @Get()
  @ApiOperation({ summary: "The presented token's name and role" })
  @Access('finance', 'billing', 'control-plane')
  @ApiOkResponse({ type: MeDto })
  me(@Req() request: AuthenticatedRequest): Principal {
    const { name, role } = request.principal as Principal;
    return { name, role };
  }
}
