import { DataSource } from 'typeorm';
import { generateKey } from './api-keys.js';

export interface BootstrapResult {
  organisationId: string;
  memberId: string;
  prefix: string;
  /** Shown once; only its hash is stored. */
  key: string;
  expiresAt: string;
}

/**
 * The first organisation, its first administrator and their API key, for a fresh installation
 * (the CLI's `members:bootstrap`). Refuses when an administrator exists already, unless `another`
 * is set: later members are made through the API with an administrator's key.
 */
export async function bootstrapAdmin(
  dataSource: DataSource,
  input: { organisation: string; member: string; email?: string; another?: boolean; days?: number },
): Promise<BootstrapResult> {
  return dataSource.transaction(async (manager) => {
    // One bootstrap at a time, so that two concurrent runs cannot both see "no admin yet".
    await manager.query(`LOCK TABLE members IN SHARE ROW EXCLUSIVE MODE`);
    const [{ admins }]: { admins: number }[] = await manager.query(
      `SELECT count(*)::int AS admins FROM members WHERE role = 'admin' AND removed_at IS NULL`,
    );
    if (admins > 0 && !input.another)
      throw new Error(
        `There are ${admins} administrator(s) already: make members through the API, or pass --another`,
      );
    const [organisation]: { id: string; name: string }[] = await manager.query(
      `INSERT INTO organisations (name) VALUES ($1)
       ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id, name`,
      [input.organisation.trim()],
    );
    const [member]: { id: string }[] = await manager.query(
      `INSERT INTO members (organisation_id, name, email, role) VALUES ($1, $2, $3, 'admin') RETURNING id`,
      [organisation.id, input.member.trim(), input.email ?? null],
    );
    const { key, prefix, hash } = generateKey();
    const expiresAt = new Date(Date.now() + (input.days ?? 365) * 86_400_000).toISOString();
    const [apiKey]: { id: string }[] = await manager.query(
      `INSERT INTO api_keys (member_id, prefix, key_hash, label, expires_at) VALUES ($1, $2, $3, 'bootstrap', $4) RETURNING id`,
      [member.id, prefix, hash, expiresAt],
    );
    for (const [entityType, entityId, after] of [
      ['organisation', organisation.id, organisation],
      ['member', member.id, { ...member, name: input.member, role: 'admin' }],
      ['api_key', apiKey.id, { id: apiKey.id, memberId: member.id, prefix, expiresAt }],
    ] as const) {
      await manager.query(
        `INSERT INTO audit_log (actor, entity_type, entity_id, action, after, note, role)
         VALUES ('cli', $1, $2, 'create', $3::jsonb, 'members:bootstrap', 'admin')`,
        [entityType, entityId, JSON.stringify(after)],
      );
    }
    return { organisationId: organisation.id, memberId: member.id, prefix, key, expiresAt };
  });
}
