import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AdminAccess, PublicAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { IdParam } from '../common/validation/id.param.js';
import {
  ApiKeyDto,
  CallerDto,
  CreatedApiKeyDto,
  MemberDto,
  OrganisationDto,
} from './dto/member.dto.js';
import { CreateApiKeyDto, CreateMemberDto, CreateOrganisationDto } from './dto/member.input.js';
import { MembersService } from './members.service.js';

@ApiTags('organisations and keys')
@ApiBadRequestResponse({
  type: ErrorResponseDto,
  description: 'Invalid input; details name each bad field',
})
@Controller()
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get('me')
  @PublicAccess()
  @ApiOperation({ summary: 'Who the API takes the caller to be (role, organisation, key prefix)' })
  @ApiOkResponse({ type: CallerDto })
  me(@CurrentPrincipal() caller: Principal): CallerDto {
    return this.members.caller(caller);
  }

  @Get('organisations')
  @AdminAccess()
  @ApiOperation({ summary: 'Every organisation' })
  @ApiOkResponse({ type: [OrganisationDto] })
  organisations(): Promise<OrganisationDto[]> {
    return this.members.organisations();
  }

  @Post('organisations')
  @AdminAccess()
  @ApiOperation({ summary: 'Add an organisation' })
  @ApiCreatedResponse({ type: OrganisationDto })
  createOrganisation(
    @Body() body: CreateOrganisationDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<OrganisationDto> {
    return this.members.createOrganisation(body, actor);
  }

  @Get('organisations/:id')
  @AdminAccess()
  @ApiOperation({ summary: 'One organisation' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  organisation(@Param() { id }: IdParam): Promise<OrganisationDto> {
    return this.members.organisation(id);
  }

  @Get('organisations/:id/members')
  @AdminAccess()
  @ApiOperation({ summary: 'An organisation’s members, removed ones included' })
  @ApiOkResponse({ type: [MemberDto] })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  membersOf(@Param() { id }: IdParam): Promise<MemberDto[]> {
    return this.members.membersOf(id);
  }

  @Post('organisations/:id/members')
  @AdminAccess()
  @ApiOperation({ summary: 'Add a member with a role (admin, reviewer or contributor)' })
  @ApiCreatedResponse({ type: MemberDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  createMember(
    @Param() { id }: IdParam,
    @Body() body: CreateMemberDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<MemberDto> {
    return this.members.createMember(id, body, actor);
  }

  @Get('members/:id')
  @AdminAccess()
  @ApiOperation({ summary: 'One member' })
  @ApiOkResponse({ type: MemberDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  member(@Param() { id }: IdParam): Promise<MemberDto> {
    return this.members.member(id);
  }

  @Delete('members/:id')
  @AdminAccess()
  @ApiOperation({
    summary:
      'Remove a member: their keys are revoked; their proposals and audit entries stay, with their name',
  })
  @ApiOkResponse({ type: MemberDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already removed' })
  removeMember(@Param() { id }: IdParam, @CurrentPrincipal() actor: Principal): Promise<MemberDto> {
    return this.members.removeMember(id, actor);
  }

  @Get('members/:id/api-keys')
  @AdminAccess()
  @ApiOperation({ summary: 'A member’s keys (prefix, expiry, revocation, last use; no secret)' })
  @ApiOkResponse({ type: [ApiKeyDto] })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  keysOf(@Param() { id }: IdParam): Promise<ApiKeyDto[]> {
    return this.members.keysOf(id);
  }

  @Post('members/:id/api-keys')
  @AdminAccess()
  @ApiOperation({
    summary: 'Make a key for a member; the secret is in this answer only (stored as a hash)',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The member has been removed' })
  createKey(
    @Param() { id }: IdParam,
    @Body() body: CreateApiKeyDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<CreatedApiKeyDto> {
    return this.members.createKey(id, body, actor);
  }

  @Delete('api-keys/:id')
  @AdminAccess()
  @ApiOperation({ summary: 'Revoke a key: it is refused (401) from now on' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  revokeKey(@Param() { id }: IdParam, @CurrentPrincipal() actor: Principal): Promise<ApiKeyDto> {
    return this.members.revokeKey(id, actor);
  }
}
