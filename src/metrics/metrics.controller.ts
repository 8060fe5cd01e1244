import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PublicAccess } from '../common/auth/access.decorator.js';
import { MetricsService } from './metrics.service.js';

@ApiTags('operations')
@PublicAccess()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format)' })
  @ApiOkResponse({
    description: 'Metrics in the Prometheus text format',
    schema: { type: 'string' },
  })
  render(): Promise<string> {
    return this.metrics.render();
  }
}
