import { Injectable } from '@nestjs/common';
import { KeyResolver } from '../common/auth/key-resolver.js';
import type { Principal } from '../common/auth/principal.js';
import { Unauthenticated } from '../common/errors/domain-error.js';
import { hashKey, looksLikeKey } from './api-keys.js';
import { MembersRepository } from './members.repository.js';

/** Finds the member behind a key for the access guard; refuses revoked, expired and unknown keys. */
@Injectable()
export class MemberKeyResolver extends KeyResolver {
  constructor(private readonly members: MembersRepository) {
    super();
  }

  async resolve(key: string): Promise<Principal> {
    const holder = looksLikeKey(key) ? await this.members.keyHolder(hashKey(key)) : undefined;
    if (!holder) throw new Unauthenticated('Unknown API key');
    if (holder.revoked || holder.removed)
      throw new Unauthenticated(`API key ${holder.prefix} has been revoked`);
    if (holder.expired) throw new Unauthenticated(`API key ${holder.prefix} has expired`);
    if (holder.stale) await this.members.touchKey(holder.keyId);
    return {
      kind: holder.role,
      label: `${holder.memberName} (${holder.organisationName})`,
      memberId: holder.memberId,
      memberName: holder.memberName,
      organisationId: holder.organisationId,
      organisationName: holder.organisationName,
      keyPrefix: holder.prefix,
    };
  }
}
