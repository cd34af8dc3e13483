import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../roles';

/** Who the presented token is: what a client (the console) needs to offer only what the role may do. */
export class MeDto {
  @ApiProperty({ example: 'ci-finance', description: "the token's name, as the audit log names the actor" })
  name!: string;

  @ApiProperty({ enum: ROLES })
  role!: Role;
}
