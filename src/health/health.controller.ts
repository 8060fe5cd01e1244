import { Controller, Get } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { PublicAccess } from '../common/auth/access.decorator.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { HealthService } from './health.service.js';

export class HealthDto {
  @ApiProperty({ example: 'ok' })
  status: 'ok';

  @ApiProperty({ example: 'up' })
  database: 'up';

  @ApiProperty({
    example: 2,
    description: 'Round trip of a query to the database, in milliseconds',
  })
  databaseLatencyMs: number;

  @ApiProperty({ example: 3600 })
  uptimeSeconds: number;
}

export class LivenessDto {
  @ApiProperty({ example: 'ok' })
  status: 'ok';

  @ApiProperty({ example: 3600 })
  uptimeSeconds: number;
}

export class ReadinessDto extends HealthDto {
  @ApiProperty({
    example: 0,
    description: 'Migrations of this build not yet applied (always 0 in a 200)',
  })
  pendingMigrations: number;
}

@ApiTags('operations')
@PublicAccess()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({
    summary: 'Liveness and readiness: answers 200 when the database answers, 503 otherwise',
  })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto })
  check(): Promise<HealthDto> {
    return this.health.check();
  }

  @Get('live')
  @ApiOperation({
    summary: 'Liveness: the process answers (the database is not asked)',
    description:
      'For an orchestrator’s liveness probe: a failure means the process should be restarted.',
  })
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return this.health.live();
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: 200 when the database answers and no migration is pending, 503 otherwise',
    description:
      'For an orchestrator’s readiness probe: while it fails, send this instance no traffic.',
  })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto })
  ready(): Promise<ReadinessDto> {
    return this.health.ready();
  }
}
