import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Member organisations and their API keys, the review queue for what members file, idempotency
 * keys for POST retries, the confidential fields of cases and incidents, and an audit trail that
 * names the member, organisation and key behind every change.
 */
export class MembersAndReview1763970000000 implements MigrationInterface {
  name = 'MembersAndReview1763970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisations (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name       text NOT NULL UNIQUE CHECK (length(btrim(name)) BETWEEN 1 AND 200),
        kind       text NOT NULL DEFAULT 'member' CHECK (kind IN ('member', 'monitor', 'unesco', 'research', 'other')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Members are never deleted, only removed: proposals and the audit trail keep pointing at them.
    await q.query(`
      CREATE TABLE members (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations (id),
        name            text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
        email           text CHECK (length(email) <= 320),
        role            text NOT NULL CHECK (role IN ('admin', 'reviewer', 'contributor')),
        created_at      timestamptz NOT NULL DEFAULT now(),
        removed_at      timestamptz
      )`);
    await q.query(`CREATE INDEX members_organisation_idx ON members (organisation_id)`);
    // Only a SHA-256 of the key is stored; the key has 256 random bits, so no slow hash is needed.
    await q.query(`
      CREATE TABLE api_keys (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id    uuid NOT NULL REFERENCES members (id),
        prefix       text NOT NULL UNIQUE CHECK (prefix ~ '^itk_[0-9a-f]{8}$'),
        key_hash     bytea NOT NULL UNIQUE CHECK (length(key_hash) = 32),
        label        text CHECK (length(label) <= 200),
        created_at   timestamptz NOT NULL DEFAULT now(),
        expires_at   timestamptz,
        revoked_at   timestamptz,
        last_used_at timestamptz
      )`);
    await q.query(`CREATE INDEX api_keys_member_idx ON api_keys (member_id)`);

    // Who, copied rather than referenced: an entry must read the same after its member is removed.
    await q.query(`
      ALTER TABLE audit_log
        ADD COLUMN member_id         uuid,
        ADD COLUMN member_name       text,
        ADD COLUMN organisation_id   uuid,
        ADD COLUMN organisation_name text,
        ADD COLUMN key_prefix        text,
        ADD COLUMN role              text,
        ADD COLUMN proposal_id       uuid`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check`);
    await q.query(`
      ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check
        CHECK (action IN ('create', 'update', 'delete', 'retract', 'accept', 'reject', 'revoke', 'remove'))`);
    await q.query(`CREATE INDEX audit_log_occurred_idx ON audit_log (occurred_at, id)`);
    await q.query(
      `CREATE INDEX audit_log_organisation_idx ON audit_log (organisation_id, id) WHERE organisation_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX audit_log_member_idx ON audit_log (member_id, id) WHERE member_id IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE proposals (
        id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind                  text NOT NULL CHECK (kind IN ('new_incident', 'new_case', 'status_entry', 'proceeding', 'correction', 'retraction')),
        status                text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
        organisation_id       uuid REFERENCES organisations (id),
        member_id             uuid REFERENCES members (id),
        submitted_by          text NOT NULL,
        country_code          char(2) REFERENCES countries (code),
        target_type           text CHECK (target_type IN ('case', 'incident', 'person')),
        target_id             uuid,
        base_version          int,
        payload               jsonb NOT NULL,
        evidence_links        text[] NOT NULL CHECK (cardinality(evidence_links) BETWEEN 1 AND 20),
        note                  text CHECK (length(note) <= 5000),
        created_at            timestamptz NOT NULL DEFAULT now(),
        reviewed_at           timestamptz,
        reviewer_member_id    uuid REFERENCES members (id),
        reviewed_by           text,
        review_note           text CHECK (length(review_note) <= 5000),
        result                jsonb,
        CHECK ((status = 'pending') = (reviewed_at IS NULL)),
        CHECK (status <> 'rejected' OR review_note IS NOT NULL),
        CHECK ((target_type IS NULL) = (target_id IS NULL))
      )`);
    await q.query(`CREATE INDEX proposals_queue_idx ON proposals (status, created_at, id)`);
    await q.query(
      `CREATE INDEX proposals_organisation_idx ON proposals (organisation_id, created_at)`,
    );
    await q.query(`CREATE INDEX proposals_country_idx ON proposals (country_code, created_at)`);
    await q.query(`CREATE INDEX proposals_target_idx ON proposals (target_type, target_id)`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        owner           text NOT NULL,
        key             text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
        request_hash    text NOT NULL,
        state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
        response_status int,
        response_body   jsonb,
        created_at      timestamptz NOT NULL DEFAULT now(),
        expires_at      timestamptz NOT NULL,
        PRIMARY KEY (owner, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at)`);

    // Confidential (DESIGN §4): never shown to the public in any transport, export or aggregate.
    for (const table of ['cases', 'incidents']) {
      await q.query(`
        ALTER TABLE ${table}
          ADD COLUMN source_contacts text CHECK (length(source_contacts) <= 20000),
          ADD COLUMN witness_details text CHECK (length(witness_details) <= 20000),
          ADD COLUMN internal_note   text CHECK (length(internal_note) <= 20000)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['incidents', 'cases']) {
      await q.query(
        `ALTER TABLE ${table} DROP COLUMN internal_note, DROP COLUMN witness_details, DROP COLUMN source_contacts`,
      );
    }
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE proposals`);
    await q.query(`DROP INDEX audit_log_member_idx`);
    await q.query(`DROP INDEX audit_log_organisation_idx`);
    await q.query(`DROP INDEX audit_log_occurred_idx`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check`);
    await q.query(`
      ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check
        CHECK (action IN ('create', 'update', 'delete', 'retract')) NOT VALID`);
    await q.query(`
      ALTER TABLE audit_log
        DROP COLUMN proposal_id, DROP COLUMN role, DROP COLUMN key_prefix, DROP COLUMN organisation_name,
        DROP COLUMN organisation_id, DROP COLUMN member_name, DROP COLUMN member_id`);
    await q.query(`DROP TABLE api_keys`);
    await q.query(`DROP TABLE members`);
    await q.query(`DROP TABLE organisations`);
  }
}
