import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import { extract } from 'tar-stream';
import { FolderSink } from '../src/releases/release-sinks.js';
import { ReleasesService } from '../src/releases/releases.service.js';
import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

const admin = { authorization: `Bearer ${ADMIN_KEY}` };
const SECRET = 'confidential-marker-7f3a';
const UNPUBLISHED = 'unpublished-answer-marker-91bc';
const require = createRequire(import.meta.url);

interface Field {
  name: string;
  type: string;
  constraints?: { required?: boolean; unique?: boolean; enum?: string[] };
}
interface Resource {
  name: string;
  path: string;
  bytes: number;
  hash: string;
  schema: {
    fields: Field[];
    primaryKey: string[];
    foreignKeys?: { fields: string[]; reference: { resource: string; fields: string[] } }[];
  };
}

/** Whether a CSV cell reads as a value of its Table Schema type (empty cells are missing values). */
function castable(type: string, cell: string): boolean {
  switch (type) {
    case 'string':
      return true;
    case 'integer':
      return /^-?\d+$/.test(cell);
    case 'number':
      return cell.trim() !== '' && Number.isFinite(Number(cell));
    case 'boolean':
      return cell === 'true' || cell === 'false';
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(cell) && !Number.isNaN(Date.parse(cell));
    case 'datetime':
      return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(cell);
    case 'array': {
      try {
        return Array.isArray(JSON.parse(cell));
      } catch {
        return false;
      }
    }
    default:
      return false;
  }
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('releases', () => {
  let t: TestApp;
  let caseIds: string[];
  let retractedId: string;
  let version: string;

  const download = async (url: string) => {
    const res = await t
      .http()
      .get(url)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    return res;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const incident = await t
      .http()
      .post('/api/v1/incidents')
      .set(admin)
      .send({
        dateStart: '2009-11-23',
        datePrecision: 'day',
        countryCode: 'PH',
        place: 'Ampatuan, Maguindanao',
        attackTypes: ['murder'],
        confidentialDetails: { sourceContacts: SECRET },
        victims: [
          'Alpha Reyes',
          'Bravo "Quoted", Santos',
          'Charlie\nNewline',
          'Delta Retracted',
        ].map((fullName) => ({
          person: { fullName, gender: 'male', nationalities: ['PH'] },
          outcome: 'killed',
          confidentialDetails: { witnessDetails: SECRET },
          classifications: [{ monitor: 'unesco', condemnation: 'condemned' }],
        })),
      })
      .expect(201);
    caseIds = incident.body.victims.map((v: { caseId: string }) => v.caseId);
    retractedId = caseIds[3];
    const retracted = await t.http().get(`/api/v1/cases/${retractedId}`).expect(200);
    await t
      .http()
      .delete(`/api/v1/cases/${retractedId}?reason=duplicate`)
      .set(admin)
      .set('if-match', retracted.headers.etag)
      .expect(200);
    await t
      .http()
      .post(`/api/v1/cases/${caseIds[0]}/status-history`)
      .set(admin)
      .send({
        scheme: 'cpj',
        status: 'partial_justice',
        effectiveDate: '2019-12-19',
        reportedBy: 'monitor',
      })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/cases/${caseIds[0]}/proceedings`)
      .set(admin)
      .send({
        defendantName: 'A. Defendant',
        defendantRole: 'mastermind',
        step: 'convicted',
        stepDate: '2019-12-19',
      })
      .expect(201);
    // An answer the state did not ask to publish.
    await t.dataSource.query(
      `INSERT INTO status_entries (case_id, scheme, status, effective_date, reported_by, note, created_by, confidential)
       VALUES ($1, 'unesco', 'ongoing', '2020-01-01', 'state', $2, 'fixture', true)`,
      [caseIds[1], UNPUBLISHED],
    );
    // A state's answer it did not ask to publish: the ledger says that and when, never what.
    await t.dataSource.query(
      `INSERT INTO dg_cycles (year, report_edition, deadline) VALUES (2020, 2020, '2020-06-30')`,
    );
    const [{ id: request }] = await t.dataSource.query(
      `INSERT INTO dg_requests (cycle_year, country_code, status, sent_on) VALUES (2020, 'PH', 'sent', '2020-02-01') RETURNING id`,
    );
    await t.dataSource.query(
      `INSERT INTO dg_request_cases (request_id, case_id) VALUES ($1, $2), ($1, $3)`,
      [request, caseIds[1], retractedId],
    );
    await t.dataSource.query(
      `INSERT INTO dg_responses (request_id, received_on, publication_requested, remarks, created_by)
       VALUES ($1, '2020-05-01', false, $2, 'fixture')`,
      [request, UNPUBLISHED],
    );
  });

  afterAll(() => t.close());

  it('is made by administrators only, with a 400 naming a bad field', async () => {
    await t.http().post('/api/v1/releases').send({}).expect(401);
    const bad = await t
      .http()
      .post('/api/v1/releases')
      .set(admin)
      .send({ version: 'latest', licence: 'not a licence' })
      .expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'licence',
      'version',
    ]);
    expect((await t.http().get('/api/v1/releases').expect(200)).body.data).toEqual([]);
  });

  it('publishes a signed data package whose descriptor validates and whose resources read back', async () => {
    const created = await t
      .http()
      .post('/api/v1/releases')
      .set(admin)
      .send({ version: '2026.1.0', title: 'Test release' })
      .expect(201);
    version = created.body.version;
    expect(created.body.licence).toBe('CC-BY-4.0');
    expect(created.body.files.map((f: { name: string }) => f.name)).toEqual([
      'datapackage.json',
      'cases.csv',
      'people.csv',
      'incidents.csv',
      'status-history.csv',
      'proceedings.csv',
      'dg-requests.csv',
      'monitor-classifications.csv',
      'figures.csv',
      'SHA256SUMS',
      'SHA256SUMS.sig',
    ]);

    const descriptorRes = await download(`/api/v1/releases/${version}`);
    expect(descriptorRes.status).toBe(200);
    const descriptor = JSON.parse(descriptorRes.body.toString('utf8'));
    const profile = JSON.parse(
      await readFile(require.resolve('datapackage/lib/profiles/tabular-data-package.json'), 'utf8'),
    );
    const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    ajv.addFormat('textarea', true);
    const valid = ajv.validate(profile, descriptor);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(descriptor.licenses[0].name).toBe('CC-BY-4.0');
    expect(descriptor.datasetRevision).toBe(created.body.revision);

    const tables: Record<string, Record<string, string>[]> = {};
    for (const resource of descriptor.resources as Resource[]) {
      const res = await download(`/api/v1/releases/${version}/${resource.path}`);
      expect(res.status).toBe(200);
      expect(Number(res.headers['content-length'])).toBe(res.body.length);
      expect(res.body.length).toBe(resource.bytes);
      expect(`sha256:${sha256(res.body)}`).toBe(resource.hash);
      expect(res.headers.etag).toBe(`"${sha256(res.body)}"`);
      const rows: string[][] = parse(res.body, { relax_column_count: false });
      expect(rows[0]).toEqual(resource.schema.fields.map((f) => f.name));
      const records = rows
        .slice(1)
        .map((row) => Object.fromEntries(resource.schema.fields.map((f, i) => [f.name, row[i]])));
      for (const record of records) {
        for (const field of resource.schema.fields) {
          const cell = record[field.name];
          if (cell === '') {
            expect([resource.name, field.name, field.constraints?.required ?? false]).toEqual([
              resource.name,
              field.name,
              false,
            ]);
            continue;
          }
          expect([resource.name, field.name, cell, castable(field.type, cell)]).toEqual([
            resource.name,
            field.name,
            cell,
            true,
          ]);
          if (field.constraints?.enum) expect(field.constraints.enum).toContain(cell);
        }
      }
      const keys = records.map((r) => resource.schema.primaryKey.map((k) => r[k]).join('|'));
      expect(new Set(keys).size).toBe(keys.length);
      tables[resource.name] = records;
    }
    for (const resource of descriptor.resources as Resource[]) {
      for (const fk of resource.schema.foreignKeys ?? []) {
        const targets = new Set(
          tables[fk.reference.resource].map((r) => r[fk.reference.fields[0]]),
        );
        for (const record of tables[resource.name])
          expect(targets.has(record[fk.fields[0]])).toBe(true);
      }
    }
    // Only public data: no retracted case, no confidential field, no unpublished answer.
    expect(tables.cases.map((c) => c.id).sort()).toEqual(caseIds.slice(0, 3).sort());
    expect(tables.people.map((p) => p.fullName).sort()).toEqual(
      ['Alpha Reyes', 'Bravo "Quoted", Santos', 'Charlie\nNewline'].sort(),
    );
    expect(tables['status-history'].map((s) => s.status)).toEqual(['partial_justice']);
    expect(tables.cases.find((c) => c.id === caseIds[0])!.cpjStatus).toBe('partial_justice');
    expect(tables.proceedings).toHaveLength(1);
    expect(tables['dg-requests']).toEqual([
      expect.objectContaining({
        countryCode: 'PH',
        caseIds: JSON.stringify([caseIds[1]]),
        answered: 'true',
        receivedOn: '2020-05-01',
        onTime: 'true',
        publicationRequested: 'false',
      }),
    ]);
    const killings = tables.figures.find((f) => f.figure === 'killings' && f.group === 'all')!;
    expect(killings.value).toBe('3');
    for (const file of created.body.files) {
      const bytes = (await download(`/api/v1/releases/${version}/${file.name}`)).body.toString(
        'latin1',
      );
      expect(bytes).not.toContain(SECRET);
      expect(bytes).not.toContain(UNPUBLISHED);
      expect(bytes).not.toContain(retractedId);
    }
  });

  it('signs the manifest: verified with the public key, openssl and sha256sum', async () => {
    const pem = (await t.http().get('/api/v1/releases/public-key.pem').expect(200)).text;
    const folder = await mkdtemp(path.join(tmpdir(), 'release-'));
    try {
      const release = (await t.http().get('/api/v1/releases').expect(200)).body.data[0];
      expect(release.signingKey.publicKeyPem).toBe(pem);
      for (const file of release.files) {
        const res = await download(`/api/v1/releases/${version}/${file.name}`);
        await writeFile(path.join(folder, file.name), res.body);
      }
      await writeFile(path.join(folder, 'public-key.pem'), pem);
      const manifest = await readFile(path.join(folder, 'SHA256SUMS'));
      const signature = await readFile(path.join(folder, 'SHA256SUMS.sig'));
      expect(verify(null, manifest, createPublicKey(pem), signature)).toBe(true);
      expect(
        verify(null, Buffer.concat([manifest, Buffer.from(' ')]), createPublicKey(pem), signature),
      ).toBe(false);
      const openssl = execFileSync(
        'openssl',
        [
          'pkeyutl',
          '-verify',
          '-pubin',
          '-inkey',
          'public-key.pem',
          '-rawin',
          '-in',
          'SHA256SUMS',
          '-sigfile',
          'SHA256SUMS.sig',
        ],
        { cwd: folder },
      ).toString();
      expect(openssl).toContain('Signature Verified Successfully');
      const sums = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: folder }).toString();
      expect(sums.trim().split('\n')).toHaveLength(9);
      expect(sums).not.toContain('FAILED');
      // The key that signed this release stays served under its id.
      const byId = await t
        .http()
        .get(`/api/v1/releases/keys/${release.signingKey.id}.pem`)
        .expect(200);
      expect(byId.text).toBe(pem);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('rebuilds byte-identical from the same revision, and refuses once the data changed', async () => {
    const releases = t.app.get(ReleasesService);
    const folder = await mkdtemp(path.join(tmpdir(), 'rebuild-'));
    try {
      const check = await releases.rebuild(version, new FolderSink(folder));
      expect(check.identical).toBe(true);
      const release = (await t.http().get('/api/v1/releases').expect(200)).body.data[0];
      for (const file of release.files) {
        const downloaded = (await download(`/api/v1/releases/${version}/${file.name}`)).body;
        expect(Buffer.compare(await readFile(path.join(folder, file.name)), downloaded)).toBe(0);
      }
      // A second release at the same revision holds the same data files.
      const second = await t
        .http()
        .post('/api/v1/releases')
        .set(admin)
        .send({ version: '2026.1.1' })
        .expect(201);
      for (const name of ['cases.csv', 'people.csv', 'status-history.csv', 'figures.csv']) {
        const a = (await download(`/api/v1/releases/${version}/${name}`)).body;
        const b = (await download(`/api/v1/releases/${second.body.version}/${name}`)).body;
        expect(Buffer.compare(a, b)).toBe(0);
      }
      await t
        .http()
        .post(`/api/v1/cases/${caseIds[2]}/status-history`)
        .set(admin)
        .send({
          scheme: 'cpj',
          status: 'complete_impunity',
          effectiveDate: '2010-01-01',
          reportedBy: 'monitor',
        })
        .expect(201);
      await expect(releases.rebuild(version)).rejects.toMatchObject({
        code: 'rebuild_at_other_revision',
      });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('serves files with ETag and Content-Length, the whole release as a tar, and never changes', async () => {
    const first = await download(`/api/v1/releases/${version}/cases.csv`);
    await t
      .http()
      .get(`/api/v1/releases/${version}/cases.csv`)
      .set('if-none-match', first.headers.etag)
      .expect(304);
    await t.http().get(`/api/v1/releases/${version}/nothing.csv`).expect(404);
    await t.http().get('/api/v1/releases/9.9.9').expect(404);
    await t.http().get(`/api/v1/releases/${version}/..%2Fsecret`).expect(400);

    const tar = await download(`/api/v1/releases/${version}/${version}.tar`);
    expect(tar.status).toBe(200);
    expect(Number(tar.headers['content-length'])).toBe(tar.body.length);
    const entries: Record<string, Buffer> = {};
    await new Promise<void>((resolve, reject) => {
      const reader = extract();
      reader.on('entry', (header, stream, next) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c) => chunks.push(c as Buffer));
        stream.on('end', () => {
          entries[header.name] = Buffer.concat(chunks);
          next();
        });
      });
      reader.on('finish', resolve);
      reader.on('error', reject);
      Readable.from([tar.body]).pipe(reader);
    });
    const release = (
      await t.graphql(
        `{ release(version: "${version}") { files { name sha256 } archive { size } } }`,
      )
    ).body.data.release;
    expect(Object.keys(entries)).toEqual(
      release.files.map((f: { name: string }) => `${version}/${f.name}`),
    );
    for (const file of release.files)
      expect(sha256(entries[`${version}/${file.name}`])).toBe(file.sha256);
    expect(release.archive.size).toBe(tar.body.length);
    const again = await download(`/api/v1/releases/${version}/${version}.tar`);
    expect(Buffer.compare(again.body, tar.body)).toBe(0);

    const taken = await t.http().post('/api/v1/releases').set(admin).send({ version }).expect(409);
    expect(taken.body.code).toBe('release_exists');
    await expect(t.dataSource.query(`UPDATE releases SET title = 'changed'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.dataSource.query(`DELETE FROM release_file_chunks`)).rejects.toThrow(
      /append-only/,
    );
  });

  it('is published and listed through GraphQL too, and a citation names its release', async () => {
    const anonymous = await t.graphql(
      `mutation { createRelease(input: { version: "2026.2.0" }) { version } }`,
    );
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const made = await t.graphql(
      `mutation { createRelease(input: { version: "2026.2.0", licence: "CC0-1.0" }) { version licence revision signingKey { id } } }`,
      {},
      ADMIN_KEY,
    );
    expect(made.body.data.createRelease).toMatchObject({ version: '2026.2.0', licence: 'CC0-1.0' });
    const listed = await t.graphql(
      `{ releases(first: 2) { data { version } pageInfo { hasNextPage nextCursor } } }`,
    );
    expect(listed.body.data.releases.data[0].version).toBe('2026.2.0');
    expect(listed.body.data.releases.pageInfo.hasNextPage).toBe(true);

    const citation = await t
      .http()
      .post('/api/v1/citations')
      .send({ figure: 'killings', release: '2026.2.0' })
      .expect(201);
    expect(citation.body.release.version).toBe('2026.2.0');
    const stale = await t
      .http()
      .post('/api/v1/citations')
      .send({ figure: 'killings', release: version })
      .expect(409);
    expect(stale.body.details[0].field).toBe('release');
  });
});
