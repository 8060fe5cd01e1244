import type { TestApp } from './app-factory.js';
import { ADMIN_KEY } from './app-factory.js';

export interface MemberKey {
  memberId: string;
  organisationId: string;
  keyId: string;
  key: string;
  prefix: string;
}

export interface Roles {
  contributor: MemberKey;
  reviewer: MemberKey;
  admin: MemberKey;
  /** A contributor of another organisation. */
  outsider: MemberKey;
  /** A second reviewer, to review what the first one files. */
  otherReviewer: MemberKey;
}

const admin = { authorization: `Bearer ${ADMIN_KEY}` };

/** An organisation, created through the API with the bootstrap key. */
export async function createOrganisation(t: TestApp, name: string): Promise<string> {
  const res = await t.http().post('/api/v1/organisations').set(admin).send({ name });
  if (res.status !== 201)
    throw new Error(`organisation: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** A member with a role and a fresh key, created through the API with the bootstrap key. */
export async function createMemberKey(
  t: TestApp,
  organisationId: string,
  role: 'admin' | 'reviewer' | 'contributor',
  name = `${role} ${Math.random().toString(36).slice(2, 8)}`,
  keyInput: Record<string, unknown> = {},
): Promise<MemberKey> {
  const member = await t
    .http()
    .post(`/api/v1/organisations/${organisationId}/members`)
    .set(admin)
    .send({ name, role });
  if (member.status !== 201)
    throw new Error(`member: ${member.status} ${JSON.stringify(member.body)}`);
  const key = await t
    .http()
    .post(`/api/v1/members/${member.body.id}/api-keys`)
    .set(admin)
    .send(keyInput);
  if (key.status !== 201) throw new Error(`key: ${key.status} ${JSON.stringify(key.body)}`);
  return {
    memberId: member.body.id,
    organisationId,
    keyId: key.body.id,
    key: key.body.key,
    prefix: key.body.prefix,
  };
}

/** One key per role, in two organisations. */
export async function createRoles(t: TestApp): Promise<Roles> {
  const home = await createOrganisation(
    t,
    `Press Freedom Network ${Math.random().toString(36).slice(2, 8)}`,
  );
  const away = await createOrganisation(
    t,
    `Media Defence Group ${Math.random().toString(36).slice(2, 8)}`,
  );
  return {
    contributor: await createMemberKey(t, home, 'contributor', 'Carla Contributor'),
    reviewer: await createMemberKey(t, home, 'reviewer', 'Rafael Reviewer'),
    admin: await createMemberKey(t, home, 'admin', 'Ada Admin'),
    outsider: await createMemberKey(t, away, 'contributor', 'Otto Outsider'),
    otherReviewer: await createMemberKey(t, away, 'reviewer', 'Rita Reviewer'),
  };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
