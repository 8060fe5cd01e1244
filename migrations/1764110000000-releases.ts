import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Open-data releases: immutable, signed snapshots of the public data at one dataset revision. Each
 * release keeps the exact bytes of its files (descriptor, CSV resources, checksum manifest and its
 * signature, the whole-release archive), so a download is what was signed. Signing keys keep their
 * public half forever, so old releases stay verifiable after a key changes.
 */
export class Releases1764110000000 implements MigrationInterface {
  name = 'Releases1764110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE release_signing_keys (
        id              text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{16}$'),
        public_key_pem  text NOT NULL,
        -- Only for the key the service generated itself; a key given by file is never stored.
        private_key_pem text,
        generated       boolean NOT NULL DEFAULT false,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CHECK (generated = (private_key_pem IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX release_signing_keys_generated_idx ON release_signing_keys (generated) WHERE generated`,
    );
    await q.query(`
      CREATE TABLE releases (
        version        text PRIMARY KEY CHECK (version ~ '^[0-9][0-9A-Za-z.-]{0,39}$'),
        title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        revision       bigint NOT NULL,
        data_date      date NOT NULL,
        licence        text NOT NULL,
        signing_key_id text NOT NULL REFERENCES release_signing_keys (id),
        manifest_sha256 text NOT NULL CHECK (manifest_sha256 ~ '^[0-9a-f]{64}$'),
        published_by   text NOT NULL,
        published_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX releases_revision_idx ON releases (revision, published_at)`);
    await q.query(`
      CREATE TABLE release_files (
        version    text NOT NULL REFERENCES releases (version) DEFERRABLE INITIALLY DEFERRED,
        name       text NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$'),
        position   int NOT NULL,
        media_type text NOT NULL,
        sha256     text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size       bigint NOT NULL CHECK (size >= 0),
        PRIMARY KEY (version, name),
        UNIQUE (version, position)
      )`);
    // Files are written and read in slices of about a mebibyte: neither side holds a file whole.
    await q.query(`
      CREATE TABLE release_file_chunks (
        version text NOT NULL,
        name    text NOT NULL,
        seq     int NOT NULL CHECK (seq >= 0),
        content bytea NOT NULL,
        PRIMARY KEY (version, name, seq),
        FOREIGN KEY (version, name) REFERENCES release_files (version, name) DEFERRABLE INITIALLY DEFERRED
      )`);
    for (const table of ['releases', 'release_files', 'release_file_chunks']) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_change()`,
      );
      await q.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`,
      );
    }
    // A citation may name the release whose data its figure was computed on.
    await q.query(
      `ALTER TABLE citations ADD COLUMN release_version text REFERENCES releases (version)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE citations DROP COLUMN release_version`);
    await q.query(`DROP TABLE release_file_chunks`);
    await q.query(`DROP TABLE release_files`);
    await q.query(`DROP TABLE releases`);
    await q.query(`DROP TABLE release_signing_keys`);
  }
}
