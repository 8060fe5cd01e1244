import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PublicAccess } from '../common/auth/access.decorator.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { ExportFileParam, ExportQuery } from './dto/export.query.js';
import type { Dataset, ExportFormat } from './exports.repository.js';
import { ExportsService } from './exports.service.js';

@ApiTags('exports')
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get(':file')
  @PublicAccess()
  @ApiOperation({
    summary:
      'Export cases (this tracker’s canonical format, which POST /imports reads back), people, incidents or status history, with the case list’s filters; streamed',
    description:
      'CSV states the filters, asOf, revision and row count in X-Export-* headers; NDJSON in its first line ({"type":"header",…}). Every row has its permanent URL. ' +
      'In CSV every list cell is a JSON array (["abduction","assault"], ["Radio Tropical"], [] when empty), and a text cell starting with =, +, -, @, a tab or a CR gets a leading \' so that spreadsheets do not run it as a formula (numbers are not touched; the canonical-csv import removes it).',
  })
  @ApiOkResponse({
    description: 'The file, streamed',
    content: {
      'text/csv': {
        schema: {
          type: 'string',
          description:
            'RFC 4180, CRLF, a UTF-8 byte-order mark unless bom=false; a header row, then one row per record',
        },
      },
      'application/x-ndjson': {
        schema: { type: 'string', description: 'A header line, then one JSON object per line' },
      },
    },
  })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async export(
    @Param() { file }: ExportFileParam,
    @Query() query: ExportQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const [dataset, format] = file.split('.') as [Dataset, ExportFormat];
    const { headers, body } = await this.exports.export(dataset, format, query);
    await reply.headers(headers).send(body);
  }
}
