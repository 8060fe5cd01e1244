import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox of events (written in the transaction of the change they tell of), webhook
 * subscriptions with their deliveries and attempts, and the keys of reviewers' private feeds.
 */
export class EventsAndWebhooks1764060000000 implements MigrationInterface {
  name = 'EventsAndWebhooks1764060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE event_positions`);
    // position, revision and committed_at are stamped at commit (see stamp_event below).
    await q.query(`
      CREATE TABLE events (
        id                bigserial PRIMARY KEY,
        position          bigint UNIQUE,
        revision          bigint,
        type              text NOT NULL CHECK (type ~ '^[a-z_]{1,40}\\.[a-z_]{1,40}$'),
        subject_type      text NOT NULL CHECK (subject_type ~ '^[a-z_]{1,40}$'),
        subject_id        text NOT NULL CHECK (length(subject_id) BETWEEN 1 AND 100),
        country_code      char(2),
        attack_types      text[] NOT NULL DEFAULT '{}',
        monitors          text[] NOT NULL DEFAULT '{}',
        organisation_id   uuid,
        visibility        text NOT NULL CHECK (visibility IN ('public', 'organisation', 'reviewers')),
        advances_revision boolean NOT NULL,
        data              jsonb NOT NULL,
        actor             text,
        request_id        text,
        occurred_at       timestamptz NOT NULL DEFAULT now(),
        committed_at      timestamptz
      )`);
    await q.query(`CREATE INDEX events_subject_idx ON events (subject_type, subject_id, position)`);
    await q.query(`CREATE INDEX events_type_idx ON events (type, position)`);
    /*
     * Deferred to commit: the row lock on dataset_revision (the one every data write takes at
     * commit) is held from here to the end of the transaction, so positions are handed out in
     * commit order and an event is visible before any later position exists. A reader that has
     * seen position P has seen every event before it.
     */
    await q.query(`
      CREATE FUNCTION stamp_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM dataset_revision FOR UPDATE;
        IF NEW.advances_revision AND coalesce(current_setting('tracker.revision_advanced', true), '') <> 'yes' THEN
          UPDATE dataset_revision SET revision = revision + 1, changed_at = now();
          PERFORM set_config('tracker.revision_advanced', 'yes', true);
        END IF;
        UPDATE events SET position = nextval('event_positions'),
          revision = (SELECT revision FROM dataset_revision), committed_at = clock_timestamp()
          WHERE id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER events_stamp AFTER INSERT ON events
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION stamp_event()`);

    await q.query(`
      CREATE TABLE webhook_subscriptions (
        id                         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id            uuid NOT NULL REFERENCES organisations (id),
        member_id                  uuid REFERENCES members (id),
        created_by                 text NOT NULL,
        role                       text NOT NULL CHECK (role IN ('admin', 'reviewer', 'contributor')),
        url                        text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
        description                text CHECK (length(description) <= 500),
        event_types                text[] NOT NULL DEFAULT '{}',
        countries                  text[] NOT NULL DEFAULT '{}',
        region_scheme              text NOT NULL DEFAULT 'unesco',
        regions                    text[] NOT NULL DEFAULT '{}',
        attack_types               text[] NOT NULL DEFAULT '{}',
        monitors                   text[] NOT NULL DEFAULT '{}',
        organisations              uuid[] NOT NULL DEFAULT '{}',
        secret                     text NOT NULL,
        previous_secret            text,
        previous_secret_expires_at timestamptz,
        enabled                    boolean NOT NULL DEFAULT true,
        disabled_at                timestamptz,
        disabled_reason            text,
        cursor                     bigint NOT NULL DEFAULT 0,
        version                    int NOT NULL DEFAULT 1,
        created_at                 timestamptz NOT NULL DEFAULT now(),
        updated_at                 timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX webhook_subscriptions_organisation_idx ON webhook_subscriptions (organisation_id)`,
    );
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id              bigserial PRIMARY KEY,
        subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
        event_id        bigint NOT NULL REFERENCES events (id),
        event_position  bigint NOT NULL,
        subject_key     text NOT NULL,
        state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed', 'skipped')),
        attempts        int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until    timestamptz,
        first_failed_at timestamptz,
        last_status     int,
        last_error      text,
        delivered_at    timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (subscription_id, event_id)
      )`);
    // The head of each subject's queue, in order: what the dispatcher looks for.
    await q.query(`
      CREATE INDEX webhook_deliveries_queue_idx ON webhook_deliveries (subscription_id, subject_key, event_position)
        WHERE state = 'pending'`);
    await q.query(`CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (event_id)`);
    await q.query(`
      CREATE TABLE webhook_attempts (
        id           bigserial PRIMARY KEY,
        delivery_id  bigint NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
        attempted_at timestamptz NOT NULL,
        status       int,
        error        text,
        latency_ms   int NOT NULL
      )`);
    await q.query(
      `CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, id)`,
    );

    // The Atom feeds read the newest cases and status entries first.
    await q.query(`CREATE INDEX cases_recorded_idx ON cases (created_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX status_entries_recorded_idx ON status_entries (recorded_at DESC, id DESC)`,
    );
    await q.query(`
      CREATE TABLE review_feed_keys (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id  uuid NOT NULL REFERENCES members (id),
        prefix     text NOT NULL UNIQUE CHECK (prefix ~ '^rfk_[0-9a-f]{8}$'),
        key_hash   bytea NOT NULL UNIQUE CHECK (length(key_hash) = 32),
        label      text CHECK (length(label) <= 200),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX review_feed_keys_member_idx ON review_feed_keys (member_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE review_feed_keys`);
    await q.query(`DROP INDEX status_entries_recorded_idx`);
    await q.query(`DROP INDEX cases_recorded_idx`);
    await q.query(`DROP TABLE webhook_attempts`);
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_subscriptions`);
    await q.query(`DROP TABLE events`);
    await q.query(`DROP FUNCTION stamp_event()`);
    await q.query(`DROP SEQUENCE event_positions`);
  }
}
