import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ReviewerAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { IdParam } from '../common/validation/id.param.js';
import { ImportJobDto, ImportQuery } from './dto/import.query.js';
import { ImportsService } from './imports.service.js';
import { UPLOAD_TYPES } from './upload-body.js';

/**
 * Imports for reviewers and administrators: the file is the request body (or a form's `file`
 * field), the options are query parameters; the job runs in the service's process. Records it holds are settled through
 * /imports/held (held-records.controller.ts).
 */
@ApiTags('imports')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid option or no file' })
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @ReviewerAccess()
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Import a file (CPJ data API or legacy CSV, World Bank population, this tracker’s CSV or NDJSON) as a job; poll GET /imports/{id}',
  })
  @ApiConsumes(...UPLOAD_TYPES, 'multipart/form-data')
  @ApiBody({
    description:
      'The file itself as the body, or as the `file` field of a multipart/form-data form (whose other fields are read as the query parameters of the same names)',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiAcceptedResponse({
    type: ImportJobDto,
    description: 'The job, queued (or finished, with wait=true)',
    headers: { Location: { description: 'The job’s URL', schema: { type: 'string' } } },
  })
  @ApiPayloadTooLargeResponse({
    type: ErrorResponseDto,
    description: 'The file is larger than IMPORT_MAX_BYTES (1 GiB unless configured)',
  })
  async start(
    @Query() query: ImportQuery,
    @Body() body: unknown,
    @CurrentPrincipal() actor: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImportJobDto> {
    const job = await this.imports.startUpload(body, query, actor);
    void reply.header('location', `/api/v1/imports/${job.id}`);
    return job;
  }

  @Get(':id')
  @ReviewerAccess()
  @ApiOperation({ summary: 'An import job: state, progress, and its summary once finished' })
  @ApiOkResponse({ type: ImportJobDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  job(@Param() { id }: IdParam): Promise<ImportJobDto> {
    return this.imports.jobDto(id);
  }

  @Get(':id/rejects.csv')
  @ReviewerAccess()
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiOperation({
    summary: 'The rows an import refused: row, field, reason, then the row as it was',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description:
      'CSV with a header row (row, field, reason, then the file’s own columns); only the header when nothing was refused',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  rejects(@Param() { id }: IdParam): Promise<string> {
    return this.imports.rejectsCsv(id);
  }
}
