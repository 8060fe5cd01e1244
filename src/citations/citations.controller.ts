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
import { CitationsService } from './citations.service.js';
import { CitationDto } from './dto/citation.dto.js';
import { CreateCitationInput } from './dto/citation.input.js';

class CitationIdParam {
  @ApiProperty({ example: '3f1c9a0d5e7b2a4c6d8e0f12' })
  @Matches(/^[0-9a-f]{24}$/, { message: 'id must be 24 hexadecimal digits' })
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
