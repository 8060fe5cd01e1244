import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AdminAccess, PublicAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { PageSizePipe } from '../common/pagination/cursor.js';
import { ReleaseDto, ReleasePageDto, SigningKeyDto } from './dto/release.dto.js';
import { CreateReleaseInput } from './dto/release.input.js';
import { ReleasesService } from './releases.service.js';

@Resolver(() => ReleaseDto)
export class ReleasesResolver {
  constructor(private readonly service: ReleasesService) {}

  @PublicAccess()
  @Query(() => ReleasePageDto, { description: 'Releases, newest first' })
  releases(
    @Args('first', { type: () => Int, nullable: true }, PageSizePipe) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<ReleasePageDto> {
    return this.service.list({ limit: first, cursor: after ?? undefined });
  }

  @PublicAccess()
  @Query(() => ReleaseDto, { description: 'One release, with its files and checksums' })
  release(@Args('version') version: string): Promise<ReleaseDto> {
    return this.service.get(version);
  }

  @PublicAccess()
  @Query(() => SigningKeyDto, { description: 'The Ed25519 public key that signs new releases' })
  async releaseSigningKey(): Promise<SigningKeyDto> {
    const key = await this.service.publicKey();
    return { id: key.id, publicKeyPem: key.pem, url: this.service.keyUrl(key.id) };
  }

  @AdminAccess()
  @Mutation(() => ReleaseDto, {
    description: 'Publish a signed release of the public data at the current revision',
  })
  createRelease(
    @Args('input', { type: () => CreateReleaseInput, nullable: true })
    input: CreateReleaseInput | undefined,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ReleaseDto> {
    return this.service.create(input ?? {}, actor);
  }
}
