import { RouteConfig } from '@nestjs/platform-fastify';
import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminAccess, PublicAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { ReleaseDto, ReleasePageDto } from './dto/release.dto.js';
import {
  CreateReleaseInput,
  ListReleasesQuery,
  ReleaseFileParams,
  ReleaseVersionParam,
  SigningKeyParam,
} from './dto/release.input.js';
import { DESCRIPTOR } from './release-builder.js';
import { ReleaseDownload, ReleasesService } from './releases.service.js';

const send = (reply: FastifyReply, download: ReleaseDownload) =>
  reply.status(download.status).headers(download.headers).send(download.body);

@ApiTags('releases')
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller('releases')
export class ReleasesController {
  constructor(private readonly releases: ReleasesService) {}

  @Post()
  @AdminAccess()
  @ApiOperation({
    summary:
      'Publish a release: a signed Frictionless Data Package of the public data at the current revision',
  })
  @ApiCreatedResponse({ type: ReleaseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The version exists already' })
  create(
    @Body() body: CreateReleaseInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ReleaseDto> {
    return this.releases.create(body, actor);
  }

  @Get()
  @PublicAccess()
  @ApiOperation({ summary: 'Releases, newest first, with their files, sizes and checksums' })
  @ApiOkResponse({ type: ReleasePageDto })
  list(@Query() query: ListReleasesQuery): Promise<ReleasePageDto> {
    return this.releases.list(query);
  }

  @Get('public-key.pem')
  @PublicAccess()
  @ApiOperation({ summary: 'The Ed25519 public key (PEM) that signs new releases' })
  @ApiProduces('application/x-pem-file')
  @ApiOkResponse({ description: 'The public key, PEM (SubjectPublicKeyInfo)' })
  async publicKey(@Res() reply: FastifyReply): Promise<void> {
    const key = await this.releases.publicKey();
    await reply
      .headers({ 'content-type': 'application/x-pem-file', 'x-key-id': key.id })
      .send(key.pem);
  }

  @Get('keys/:file')
  @PublicAccess()
  @ApiOperation({ summary: 'The public key (PEM) of a key that signed a release, by its id' })
  @ApiProduces('application/x-pem-file')
  @ApiOkResponse({ description: 'The public key, PEM' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async key(@Param() { file }: SigningKeyParam, @Res() reply: FastifyReply): Promise<void> {
    const pem = await this.releases.keyPem(file.replace(/\.pem$/, ''));
    await reply
      .headers({
        'content-type': 'application/x-pem-file',
        'cache-control': 'public, max-age=31536000, immutable',
      })
      .send(pem);
  }

  @Get(':version')
  @PublicAccess()
  @ApiOperation({ summary: 'A release’s Data Package descriptor (datapackage.json), as signed' })
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'datapackage.json; its ETag is its SHA-256' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async descriptor(
    @Param() { version }: ReleaseVersionParam,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await send(reply, await this.releases.file(version, DESCRIPTOR, ifNoneMatch));
  }

  @Get(':version/:file')
  @RouteConfig({ compress: false })
  @PublicAccess()
  @ApiOperation({
    summary:
      'One file of a release (a CSV resource, datapackage.json, SHA256SUMS, SHA256SUMS.sig), or {version}.tar for the whole release; streamed',
  })
  @ApiProduces('text/csv', 'application/json', 'application/x-tar', 'application/octet-stream')
  @ApiOkResponse({ description: 'The file, with Content-Length and its SHA-256 as ETag' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async file(
    @Param() { version, file }: ReleaseFileParams,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await send(reply, await this.releases.file(version, file, ifNoneMatch));
  }
}
