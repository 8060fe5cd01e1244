import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AdminAccess, PublicAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { IdParam, UuidArg } from '../common/validation/id.param.js';
import {
  ApiKeyDto,
  CallerDto,
  CreatedApiKeyDto,
  MemberDto,
  OrganisationDto,
} from './dto/member.dto.js';
import { CreateApiKeyDto, CreateMemberDto, CreateOrganisationDto } from './dto/member.input.js';
import { MembersService } from './members.service.js';

@Resolver()
export class MembersResolver {
  constructor(private readonly service: MembersService) {}

  @PublicAccess()
  @Query(() => CallerDto, { description: 'Who the API takes the caller to be' })
  me(@CurrentPrincipal() caller: Principal): CallerDto {
    return this.service.caller(caller);
  }

  @AdminAccess()
  @Query(() => [OrganisationDto], { description: 'Every organisation' })
  organisations(): Promise<OrganisationDto[]> {
    return this.service.organisations();
  }

  @AdminAccess()
  @Query(() => OrganisationDto, { description: 'One organisation' })
  organisation(@Args() { id }: IdParam): Promise<OrganisationDto> {
    return this.service.organisation(id);
  }

  @AdminAccess()
  @Query(() => [MemberDto], { description: 'An organisation’s members' })
  members(@UuidArg('organisationId') organisationId: string): Promise<MemberDto[]> {
    return this.service.membersOf(organisationId);
  }

  @AdminAccess()
  @Query(() => [ApiKeyDto], { description: 'A member’s keys, without secrets' })
  apiKeys(@UuidArg('memberId') memberId: string): Promise<ApiKeyDto[]> {
    return this.service.keysOf(memberId);
  }

  @AdminAccess()
  @Mutation(() => OrganisationDto, { description: 'Add an organisation' })
  createOrganisation(
    @Args('input') input: CreateOrganisationDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<OrganisationDto> {
    return this.service.createOrganisation(input, actor);
  }

  @AdminAccess()
  @Mutation(() => MemberDto, { description: 'Add a member to an organisation' })
  createMember(
    @UuidArg('organisationId') organisationId: string,
    @Args('input') input: CreateMemberDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<MemberDto> {
    return this.service.createMember(organisationId, input, actor);
  }

  @AdminAccess()
  @Mutation(() => MemberDto, { description: 'Remove a member and revoke their keys' })
  removeMember(@Args() { id }: IdParam, @CurrentPrincipal() actor: Principal): Promise<MemberDto> {
    return this.service.removeMember(id, actor);
  }

  @AdminAccess()
  @Mutation(() => CreatedApiKeyDto, { description: 'Make a key; its secret is shown this once' })
  createApiKey(
    @UuidArg('memberId') memberId: string,
    @Args('input', { type: () => CreateApiKeyDto, nullable: true }) input: CreateApiKeyDto | null,
    @CurrentPrincipal() actor: Principal,
  ): Promise<CreatedApiKeyDto> {
    return this.service.createKey(memberId, input ?? {}, actor);
  }

  @AdminAccess()
  @Mutation(() => ApiKeyDto, { description: 'Revoke a key' })
  revokeApiKey(@Args() { id }: IdParam, @CurrentPrincipal() actor: Principal): Promise<ApiKeyDto> {
    return this.service.revokeKey(id, actor);
  }
}
