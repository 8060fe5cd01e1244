import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { PublicAccess } from '../common/auth/access.decorator.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { CITATION_ID, CitationsService } from './citations.service.js';
import { CitationDto } from './dto/citation.dto.js';
import { CreateCitationInput } from './dto/citation.input.js';

class CitationIdParam {
  @ApiProperty({
    example: '5d0c6f1e2b3a4d5c6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c',
    description: '64 hexadecimal digits (24 for citations issued before ids were full hashes)',
  })
  @Matches(CITATION_ID, {
    message: 'id must be 64 (or, for older citations, 24) hexadecimal digits',
  })
  id: string;
}

@ApiTags('citations')
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller('citations')
export class CitationsController {
  constructor(private readonly citations: CitationsService) {}

  @Post()
  @PublicAccess()
  @ApiOperation({
    summary: 'Freeze a public figure for citation: permanent id (derived from the content) and URL',
  })
  @ApiCreatedResponse({ type: CitationDto })
  create(@Body() body: CreateCitationInput): Promise<CitationDto> {
    return this.citations.create(body);
  }

  @Get(':id')
  @PublicAccess()
  @ApiOperation({
    summary: 'The frozen numbers, forever, with the live figure and the change beside them',
  })
  @ApiOkResponse({ type: CitationDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param() { id }: CitationIdParam): Promise<CitationDto> {
    return this.citations.get(id);
  }
}
