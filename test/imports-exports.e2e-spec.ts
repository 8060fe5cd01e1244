import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';
import { expectRoundTrip } from './round-trip.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => readFileSync(path.join(HERE, 'fixtures', 'imports', name));
const auth = { authorization: `Bearer ${ADMIN_KEY}` };

interface Job {
  id: string;
  state: string;
  error: string | null;
  summary: Record<string, number | boolean | unknown[]> & {
    heldRecords: { rows: number[]; reason: string }[];
    flaggedRecords: { rows: number[]; flags: string[] }[];
  };
}

describe('Imports and exports (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: 'https://tracker.example.org' });
  });
  afterAll(() => t.close());

  async function importFile(
    body: Buffer | string,
    query: Record<string, string>,
    contentType = 'text/csv',
  ): Promise<Job> {
    const res = await t
      .http()
      .post('/api/v1/imports')
      .query({ wait: 'true', ...query })
      .set(auth)
      .set('content-type', contentType)
      .send(body);
    expect(res.status).toBe(202);
    return res.body as Job;
  }

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await t.dataSource.query(sql, params))[0].n);

  describe('CPJ data API', () => {
    it('refuses the whole file by default when a row is bad, and lists the rejects', async () => {
      const before = await count(`SELECT count(*) AS n FROM cases`);
      const job = await importFile(fixture('cpj-api.csv'), { format: 'cpj-api' });
      expect(job.state).toBe('failed');
      expect(job.error).toMatch(/2 row\(s\) rejected: nothing was written/);
      expect(await count(`SELECT count(*) AS n FROM cases`)).toBe(before);
      const rejects = await t.http().get(`/api/v1/imports/${job.id}/rejects.csv`).set(auth);
      expect(rejects.status).toBe(200);
      const rows = parse(rejects.text, { columns: true, bom: true }) as Record<string, string>[];
      expect(rows.map((r) => [r.row, r.field])).toEqual([
        ['11', 'status'],
        ['12', 'country'],
      ]);
      expect(rows[1].reason).toMatch(/Atlantis/);
      expect(rows[1].fullName).toBe('Bad Country Test');
    });

    it('reports a dry run and writes nothing', async () => {
      const before = await count(`SELECT count(*) AS n FROM audit_log`);
      const job = await importFile(fixture('cpj-api.csv'), {
        format: 'cpj-api',
        dryRun: 'true',
        mode: 'commit_valid',
      });
      expect(job.state).toBe('succeeded');
      expect(job.summary).toMatchObject({ created: 6, held: 1, rejected: 2, committed: false });
      expect(await count(`SELECT count(*) AS n FROM audit_log`)).toBe(before);
      expect(await count(`SELECT count(*) AS n FROM import_sources`)).toBe(0);
    });

    it('commits the valid rows: census rows become one case with an observation per year', async () => {
      const job = await importFile(fixture('cpj-api.csv'), {
        format: 'cpj-api',
        mode: 'commit_valid',
        statusDate: '2020-01-01',
      });
      expect(job.state).toBe('succeeded');
      expect(job.summary).toMatchObject({
        rowsRead: 11,
        records: 7,
        created: 6,
        held: 1,
        rejected: 2,
        committed: true,
      });
      const prisoner: { id: string; outcome: string; years: number[] }[] = await t.dataSource.query(
        `SELECT c.id, c.outcome, array_agg(o.year ORDER BY o.year) AS years
           FROM cases c JOIN people p ON p.id = c.person_id JOIN case_observations o ON o.case_id = c.id
          WHERE p.full_name = 'Prisoner One Test' GROUP BY c.id`,
      );
      expect(prisoner).toEqual([
        { id: expect.any(String), outcome: 'detained', years: [2017, 2018] },
      ]);
      const missing = await t.dataSource.query(
        `SELECT i.date_start::text AS start, i.date_precision AS precision, p.nationalities::text[] AS nat
           FROM cases c JOIN people p ON p.id = c.person_id JOIN incidents i ON i.id = c.incident_id
          WHERE p.full_name = 'Missing Person Test'`,
      );
      expect(missing).toEqual([{ start: '2009-01-01', precision: 'year', nat: [] }]);
    });

    it('maps sources of fire, motive, impunity and countries (Gaza settles the combined label)', async () => {
      const res = await t.http().get('/api/v1/exports/cases.ndjson').query({ monitor: 'cpj' });
      expect(res.status).toBe(200);
      const lines = res.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const header = lines[0];
      expect(header).toMatchObject({
        type: 'header',
        dataset: 'cases',
        rowCount: 6,
        filters: { monitor: 'cpj' },
      });
      expect(header.revision).toMatch(/^\d+$/);
      const byName = new Map(lines.slice(1).map((c) => [c.fullName, c]));
      const ana = byName.get('Ana Pérez Test');
      expect(ana).toMatchObject({
        countryCode: 'MX',
        datePrecision: 'year',
        dateStart: '2010-01-01',
        perpetratorTypes: ['criminal_group', 'government_official'],
        attackTypes: ['abduction', 'murder', 'threat'],
        mediaTypes: ['print', 'online'],
        outlets: ['Diario Uno', 'Radio Dos'],
        cpjStatus: 'complete_impunity',
        unescoStatus: 'no_information',
      });
      expect(ana.url).toBe(`https://tracker.example.org/api/v1/cases/${ana.caseId}`);
      expect(ana.classifications[0]).toMatchObject({
        monitor: 'cpj',
        motive: 'confirmed',
        typeOfDeath: 'Murder',
      });
      expect(ana.statusHistory[0]).toMatchObject({
        scheme: 'cpj',
        status: 'complete_impunity',
        reportedBy: 'monitor',
      });
      expect(byName.get('John Fixer Test')).toMatchObject({
        nationalities: ['US', 'GB'],
        employment: 'freelance',
        outlets: [],
      });
      expect(byName.get('Gaza Reporter Test')).toMatchObject({
        countryCode: 'PS',
        cpjStatus: 'partial_justice',
      });
      expect(byName.get('Yugo Reporter Test')).toMatchObject({ countryCode: 'YU' });
      expect(byName.has('Unplaced Reporter Test')).toBe(false);
      const held = await t.dataSource.query(
        `SELECT country_label, review_state, case_id FROM import_sources WHERE review_state = 'needs_review'`,
      );
      expect(held).toEqual([
        {
          country_label: 'Israel and the Occupied Palestinian Territory',
          review_state: 'needs_review',
          case_id: null,
        },
      ]);
    });

    it('changes nothing when the same file is imported again', async () => {
      const before = await count(`SELECT count(*) AS n FROM audit_log`);
      const job = await importFile(fixture('cpj-api.csv'), {
        format: 'cpj-api',
        mode: 'commit_valid',
      });
      expect(job.summary).toMatchObject({ created: 0, updated: 0, unchanged: 6, held: 1 });
      expect(await count(`SELECT count(*) AS n FROM audit_log`)).toBe(before);
    });

    it('updates from a newer file and keeps the history', async () => {
      const newer = fixture('cpj-api.csv')
        .toString('utf8')
        .replace('Confirmed,Complete Impunity,No,Yes,Yes', 'Confirmed,Partial Impunity,No,Yes,Yes');
      const job = await importFile(newer, {
        format: 'cpj-api',
        mode: 'commit_valid',
        statusDate: '2024-05-01',
      });
      expect(job.summary).toMatchObject({ created: 0, updated: 1, unchanged: 5 });
      const history = await t.dataSource.query(
        `SELECT se.status, se.effective_date::text AS date FROM status_entries se JOIN cases c ON c.id = se.case_id
           JOIN people p ON p.id = c.person_id WHERE p.full_name = 'Ana Pérez Test' ORDER BY se.id`,
      );
      expect(history).toEqual([
        { status: 'complete_impunity', date: '2010-01-01' },
        { status: 'partial_justice', date: '2024-05-01' },
      ]);
      const audit = await t.dataSource.query(
        `SELECT a.action FROM audit_log a JOIN cases c ON c.id = a.entity_id JOIN people p ON p.id = c.person_id
          WHERE p.full_name = 'Ana Pérez Test' ORDER BY a.id`,
      );
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['create', 'update']);
    });

    it('refuses a file without the required columns, naming them, even with no data rows', async () => {
      const job = await importFile('who,place\nX,Y\n', { format: 'cpj-api' });
      expect(job.state).toBe('failed');
      expect(job.error).toMatch(
        /^fullName: the file has no fullName column \(a CPJ data API file needs /,
      );
      expect(job.error).toMatch(/; status: the file has no status column/);
      const headerOnly = await importFile('Type,Date,Name,Country_killed\n', { format: 'cpj-api' });
      expect(headerOnly.state).toBe('failed');
      expect(headerOnly.error).toMatch(
        /^status: the file has no status column .*: import it with format cpj-legacy/,
      );
      const population = await importFile('Country,Year\n', { format: 'population' });
      expect(population.state).toBe('failed');
      expect(population.error).toMatch(
        /^Country Name: the file has no Country Name column \(a World Bank population file needs /,
      );
      const rightHeaders = await importFile('year,fullName,status,country\n', {
        format: 'cpj-api',
      });
      expect(rightHeaders.state).toBe('succeeded');
    });

    it('imports two killed rows that one identity cannot tell apart, the second flagged', async () => {
      const file =
        'year,fullName,status,country,location\n' +
        '2016,Twin Name Test,Killed,Guatemala,Quetzaltenango\n' +
        '2016,Twin Name Test,Killed,Guatemala,Escuintla\n' +
        '2006,Unidentified,Killed,Iraq,Baghdad\n' +
        '2006,Unidentified,Killed,Iraq,Mosul\n';
      const job = await importFile(file, { format: 'cpj-api' });
      expect(job.state).toBe('succeeded');
      expect(job.summary).toMatchObject({ created: 4, rejected: 0 });
      const flagged = (job.summary as { flaggedRecords: { rows: number[]; flags: string[] }[] })
        .flaggedRecords;
      expect(flagged.find((f) => f.rows[0] === 3)?.flags).toEqual(['possible_duplicate:row 2']);
      expect(flagged.find((f) => f.rows[0] === 5)?.flags).toEqual([
        'placeholder_name:Unidentified',
      ]);
      const keys = await t.dataSource.query(
        `SELECT source_key AS key FROM import_sources WHERE source_key LIKE 'twin name test%' OR source_key LIKE 'unidentified|%' ORDER BY 1`,
      );
      expect(keys.map((k: { key: string }) => k.key)).toEqual([
        'twin name test|2016|guatemala|killed',
        'twin name test|2016|guatemala|killed#2',
        'unidentified|2006|iraq|killed',
        'unidentified|2006|iraq|killed#2',
      ]);
      const again = await importFile(file, { format: 'cpj-api' });
      expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
    });

    it('reads a file derived from CPJ’s list (location, mtpage), and other names through column', async () => {
      const derived = await importFile(
        'year,fullName,status,location,mtpage\n' +
          '2013,Derived List Test,Killed,Syria,https://cpj.org/data/people/derived-list-test/\n',
        { format: 'cpj-api' },
      );
      expect(derived.summary).toMatchObject({ created: 1, rejected: 0 });
      const mapped = await t
        .http()
        .post('/api/v1/imports')
        .query({ format: 'cpj-api', wait: 'true', column: ['country=land', 'year=when'] })
        .set(auth)
        .set('content-type', 'text/csv')
        .send('when,fullName,status,land\n2014,Mapped Column Test,Killed,Honduras\n');
      expect(mapped.body.summary).toMatchObject({ created: 1, rejected: 0 });
      const one = await t
        .http()
        .post('/api/v1/imports')
        .query({ format: 'cpj-api', wait: 'true', column: 'country=land' })
        .set(auth)
        .set('content-type', 'text/csv')
        .send('year,fullName,status,land\n2015,Single Mapping Test,Killed,Honduras\n');
      expect(one.body.summary).toMatchObject({ created: 1 });
      const rows = await t.dataSource.query(
        `SELECT p.full_name AS name, i.country_code AS country, mc.external_id AS slug
           FROM cases c JOIN people p ON p.id = c.person_id JOIN incidents i ON i.id = c.incident_id
           JOIN monitor_classifications mc ON mc.case_id = c.id
          WHERE p.full_name IN ('Derived List Test', 'Mapped Column Test', 'Single Mapping Test') ORDER BY 1`,
      );
      expect(rows).toEqual([
        { name: 'Derived List Test', country: 'SY', slug: 'derived-list-test' },
        { name: 'Mapped Column Test', country: 'HN', slug: null },
        { name: 'Single Mapping Test', country: 'HN', slug: null },
      ]);
      const bad = await t
        .http()
        .post('/api/v1/imports')
        .query({ format: 'cpj-api', column: 'country' })
        .set(auth)
        .set('content-type', 'text/csv')
        .send('year\n');
      expect(bad.status).toBe(400);
      expect(bad.body.details[0].field).toBe('column');
    });

    it('reads a file without a status column when column gives every row its value (status==Killed)', async () => {
      const file =
        'year,fullName,location\n' +
        '2016,Constant Status Test,Ecuador\n' +
        '2017,Constant Status Reject,Atlantis\n';
      const refused = await importFile(file, { format: 'cpj-api', mode: 'commit_valid' });
      expect(refused.state).toBe('failed');
      expect(refused.error).toMatch(
        /^status: the file has no status column .*--column status==<value>/,
      );
      const job = await importFile(file, {
        format: 'cpj-api',
        mode: 'commit_valid',
        column: 'status==Killed',
      });
      expect(job.summary).toMatchObject({ rowsRead: 2, created: 1, rejected: 1 });
      const [row] = await t.dataSource.query(
        `SELECT c.outcome, i.country_code AS country FROM cases c JOIN people p ON p.id = c.person_id
           JOIN incidents i ON i.id = c.incident_id WHERE p.full_name = 'Constant Status Test'`,
      );
      expect(row).toEqual({ outcome: 'killed', country: 'EC' });
      // The rejects keep the file's own columns: the value given for every row is not one of them.
      const rejects = await t.http().get(`/api/v1/imports/${job.id}/rejects.csv`).set(auth);
      expect(rejects.text.replace(/^\ufeff/, '').split('\n')[0]).toBe(
        'row,field,reason,year,fullName,location',
      );
      const twice = await t
        .http()
        .post('/api/v1/imports')
        .query({ format: 'cpj-api', column: ['status==Killed', 'status=location'] })
        .set(auth)
        .set('content-type', 'text/csv')
        .send(file);
      expect(twice.status).toBe(400);
      expect(twice.body.details).toEqual([{ field: 'column', message: 'maps status twice' }]);
    });

    it('reads every row of a file with a CRLF header and LF rows; a row with extra cells is a reject', async () => {
      const job = await importFile(
        'year,fullName,status,country\r\n' +
          '2001,Line Ending One Test,Killed,Peru\n' +
          '2002,Line Ending Two Test,Killed,Peru\n' +
          '2003,Line Ending Three Test,Killed,Peru,Lima\n' +
          '2004,Line Ending Four Test,Killed,Peru,\r\n',
        { format: 'cpj-api', mode: 'commit_valid' },
      );
      expect(job.summary).toMatchObject({ rowsRead: 4, created: 3, rejected: 1 });
      const rejects = await t.http().get(`/api/v1/imports/${job.id}/rejects.csv`).set(auth);
      const rows = parse(rejects.text, { columns: true, bom: true }) as Record<string, string>[];
      expect(rows.map((r) => [r.row, r.field, r.fullName])).toEqual([
        ['4', 'row', 'Line Ending Three Test'],
      ]);
      expect(rows[0].reason).toMatch(/^has 5 cells where the header has 4/);
    });

    it('reads a file a spreadsheet saved with semicolons as it reads one with commas', async () => {
      const job = await importFile(
        '\ufeffyear;fullName;status;country;sourcesOfFire\n' +
          '2019;Semicolon Sheet Test;Killed;Honduras;"Criminal Group, Political Group"\n',
        { format: 'cpj-api' },
      );
      expect(job.state).toBe('succeeded');
      expect(job.summary).toMatchObject({ created: 1, rejected: 0 });
      const [row] = await t.dataSource.query(
        `SELECT i.country_code AS country, array(SELECT perpetrator_type_code FROM incident_perpetrator_types t
                 WHERE t.incident_id = i.id ORDER BY 1)::text[] AS fire
           FROM cases c JOIN people p ON p.id = c.person_id JOIN incidents i ON i.id = c.incident_id
          WHERE p.full_name = 'Semicolon Sheet Test'`,
      );
      expect(row).toEqual({ country: 'HN', fire: ['criminal_group', 'political_group'] });
    });

    it('refuses a JSON array that is not valid JSON, saying so, and writes nothing', async () => {
      const before = await count(`SELECT count(*) AS n FROM import_sources`);
      const job = await importFile(
        '[{"caseId": 1},\n',
        { format: 'canonical-json' },
        'application/x-ndjson',
      );
      expect(job.state).toBe('failed');
      expect(job.error).toMatch(
        /^file: is not valid JSON \(.+\): a file that starts with "\[" is read as one JSON array; nothing was imported$/,
      );
      expect(await count(`SELECT count(*) AS n FROM import_sources`)).toBe(before);
    });

    it('refuses a file that is not CSV, saying where and why, and writes nothing', async () => {
      const before = await count(`SELECT count(*) AS n FROM import_sources`);
      const header = 'year,fullName,status,country\n';
      const inside = await importFile(
        `${header}2017,A,Killed,Mexico\n2017,B "the" C,Killed,Mexico\n`,
        {
          format: 'cpj-api',
          mode: 'commit_valid',
        },
      );
      expect(inside.state).toBe('failed');
      expect(inside.error).toMatch(
        /^file: is not valid CSV at line 3: .*quote.*nothing was imported$/,
      );
      expect(inside.error).not.toMatch(/Buffer/);
      const unclosed = await importFile(`${header}2017,"A,Killed,Mexico\n2018,B,Killed,Mexico\n`, {
        format: 'cpj-api',
        mode: 'commit_valid',
      });
      expect(unclosed.error).toMatch(
        /^file: is not valid CSV: the file ends inside a quoted field/,
      );
      const empty = await importFile('\n\n', { format: 'cpj-api' });
      expect(empty.state).toBe('failed');
      expect(empty.error).toBe('file: is empty: a CSV file starts with a header row');
      expect(await count(`SELECT count(*) AS n FROM import_sources`)).toBe(before);
    });

    it('answers 400 naming a bad option, and 401 without a key', async () => {
      const bad = await t
        .http()
        .post('/api/v1/imports')
        .query({ format: 'excel' })
        .set(auth)
        .set('content-type', 'text/csv')
        .send('a\n');
      expect(bad.status).toBe(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('format');
      const anonymous = await t
        .http()
        .post('/api/v1/imports')
        .query({ format: 'cpj-api' })
        .set('content-type', 'text/csv')
        .send('a\n');
      expect(anonymous.status).toBe(401);
    });

    it('runs in the background and reports progress through the job endpoint', async () => {
      const res = await t
        .http()
        .post('/api/v1/imports')
        .query({ format: 'cpj-api', mode: 'commit_valid', dryRun: 'true' })
        .set(auth)
        .set('content-type', 'text/csv')
        .send(fixture('cpj-api.csv'));
      expect(res.status).toBe(202);
      let job: Job = res.body;
      for (let i = 0; i < 100 && !['succeeded', 'failed'].includes(job.state); i++) {
        await new Promise((r) => setTimeout(r, 50));
        job = (await t.http().get(`/api/v1/imports/${job.id}`).set(auth)).body;
      }
      expect({ state: job.state, error: job.error }).toEqual({ state: 'succeeded', error: null });
      expect(job.summary).toMatchObject({ unchanged: 5, updated: 1, held: 1 });
    });

    it('writes a file sent twice at once one time: the second import finds its records unchanged', async () => {
      const rows = Array.from(
        { length: 40 },
        (_, i) =>
          `${1995 + (i % 20)},Concurrent Person ${i} Test,Peru,Male,Murder,Killed,Staff,Radio Sur,Broadcast Reporter,Politics,Radio,Peru,Lima,Local,Criminal Group,Confirmed,Complete Impunity`,
      );
      const file = `year,fullName,primaryNationality,gender,typeOfDeath,status,employedAs,organizations,jobs,coverage,mediums,country,location,localOrForeign,sourcesOfFire,motiveConfirmed,impunityMurder\n${rows.join('\n')}\n`;
      const jobs = await Promise.all(
        [1, 2].map(() => importFile(file, { format: 'cpj-api', mode: 'commit_valid' })),
      );
      expect(jobs.map((j) => j.state)).toEqual(['succeeded', 'succeeded']);
      const created = jobs.map((j) => j.summary.created).sort();
      const unchanged = jobs.map((j) => j.summary.unchanged).sort();
      expect({ created, unchanged }).toEqual({ created: [0, 40], unchanged: [0, 40] });
      expect(
        await count(
          `SELECT count(*) AS n FROM cases c JOIN people p ON p.id = c.person_id WHERE p.full_name LIKE 'Concurrent Person % Test'`,
        ),
      ).toBe(40);
    });
  });

  describe('CPJ legacy export', () => {
    it('reads free-text dates with precision, decodes bad bytes by the declared fallback and flags them', async () => {
      const job = await importFile(fixture('cpj-legacy.csv'), {
        format: 'cpj-legacy',
        mode: 'commit_valid',
      });
      expect(job.state).toBe('succeeded');
      expect(job.summary).toMatchObject({ rowsRead: 6, created: 6, rejected: 0 });
      const rows = await t.dataSource.query(
        `SELECT p.full_name AS name, i.date_start::text AS start, i.date_end::text AS "end", i.date_precision AS precision,
                i.country_code AS country, p.role, p.employment
           FROM cases c JOIN people p ON p.id = c.person_id JOIN incidents i ON i.id = c.incident_id
           JOIN import_sources s ON s.case_id = c.id
          WHERE 'Day Person Range Person Hebrew Date Person José Latin Person Driver Person' LIKE '%' || p.full_name || '%'
          ORDER BY p.full_name`,
      );
      expect(rows).toEqual([
        {
          name: 'Day Person',
          start: '2016-10-02',
          end: null,
          precision: 'day',
          country: 'IQ',
          role: 'journalist',
          employment: 'staff',
        },
        {
          name: 'Driver Person',
          start: '2002-01-01',
          end: null,
          precision: 'year',
          country: 'IQ',
          role: 'media_worker',
          employment: 'unknown',
        },
        {
          name: 'Hebrew Date Person',
          start: '2014-08-01',
          end: null,
          precision: 'month',
          country: 'SY',
          role: 'journalist',
          employment: 'freelance',
        },
        {
          name: 'José Latin Person',
          start: '1992-12-01',
          end: null,
          precision: 'month',
          country: 'TJ',
          role: 'journalist',
          employment: 'staff',
        },
        {
          name: 'Range Person',
          start: '2015-05-22',
          end: '2015-05-23',
          precision: 'day',
          country: 'BR',
          role: 'journalist',
          employment: 'freelance',
        },
      ]);
      const flagged = job.summary.flaggedRecords.map((f) => [
        f.rows[0],
        f.flags.filter((x) => x.startsWith('invalid_utf8')),
      ]);
      expect(flagged).toEqual(
        expect.arrayContaining([
          [4, ['invalid_utf8:Date:decoded_as_windows-1255']],
          [5, ['invalid_utf8:Name:decoded_as_windows-1252']],
        ]),
      );
      // A date no one can read leaves the killing undated and flagged, never rejected.
      expect(job.summary.flaggedRecords.find((f) => f.rows[0] === 7)?.flags).toContain(
        'unreadable_date:sometime last spring',
      );
    });

    it('is the same case as the data API row with the same name, year and country', async () => {
      const api = 'year,fullName,status,country,typeOfDeath\n2016,Day Person,Killed,Iraq,Murder\n';
      const job = await importFile(api, { format: 'cpj-api' });
      expect(job.summary).toMatchObject({ created: 0, updated: 1 });
    });
  });

  describe('World Bank population', () => {
    it('imports population by World Bank code and year, linking countries; re-import changes nothing', async () => {
      const job = await importFile(fixture('world-bank-population-small.csv'), {
        format: 'population',
      });
      expect(job.summary).toMatchObject({ rowsRead: 7, created: 6, skipped: 1, rejected: 0 });
      const rows = await t.dataSource.query(
        `SELECT world_bank_code AS code, country_code AS country, value::text FROM population ORDER BY 1`,
      );
      expect(rows).toEqual([
        { code: 'ABW', country: 'AW', value: '106585' },
        { code: 'BHS', country: 'BS', value: '406471' },
        { code: 'CHI', country: null, value: '170499' },
        { code: 'MEX', country: 'MX', value: '125998302' },
        { code: 'WLD', country: null, value: '7820964598' },
        { code: 'XKX', country: 'XK', value: '1790133' },
      ]);
      const again = await importFile(fixture('world-bank-population-small.csv'), {
        format: 'population',
      });
      expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
      const changed = await importFile(
        'Country Name,Country Code,Year,Value\nAruba,ABW,2020,106600\nAruba,ABW,x,1\n',
        {
          format: 'population',
          mode: 'commit_valid',
        },
      );
      expect(changed.summary).toMatchObject({ created: 0, updated: 1, rejected: 1 });
    });
  });

  describe('Exports', () => {
    it('streams CSV a spreadsheet opens, with the filters, asOf, revision and row count in headers', async () => {
      const res = await t.http().get('/api/v1/exports/cases.csv').query({ country: 'MX' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers['x-export-row-count']).toBe('1');
      expect(JSON.parse(res.headers['x-export-filters'] as string)).toEqual({ country: 'MX' });
      expect(res.headers['x-export-revision']).toMatch(/^\d+$/);
      expect(res.headers['x-export-as-of']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(res.text.charCodeAt(0)).toBe(0xfeff);
      const rows = parse(res.text, { columns: true, bom: true }) as Record<string, string>[];
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        fullName: 'Ana Pérez Test',
        countryCode: 'MX',
        mediaTypes: '["print","online"]',
      });
      expect(res.text).toContain('\r\n');
    });

    it('validates filters like the case list', async () => {
      const res = await t
        .http()
        .get('/api/v1/exports/cases.csv')
        .query({ country: 'ZZ', colour: 'blue' });
      expect(res.status).toBe(400);
      const res2 = await t.http().get('/api/v1/exports/cases.csv').query({ country: 'ZZ' });
      expect(res2.status).toBe(400);
      expect(res2.body.details[0].field).toBe('country');
      const res3 = await t.http().get('/api/v1/exports/cases.xlsx');
      expect(res3.status).toBe(400);
    });

    it('exports people, incidents and status history with their URLs', async () => {
      // The second filter reads the person, whom the counts then join.
      for (const query of [{ monitor: 'cpj' }, { monitor: 'cpj', gender: 'male' }])
        for (const dataset of ['people', 'incidents', 'status-history']) {
          const csv = await t.http().get(`/api/v1/exports/${dataset}.csv`).query(query);
          expect(csv.status).toBe(200);
          const rows = parse(csv.text, { columns: true, bom: true }) as Record<string, string>[];
          expect(rows.length).toBe(Number(csv.headers['x-export-row-count']));
          const nd = await t.http().get(`/api/v1/exports/${dataset}.ndjson`).query(query);
          const lines = nd.text
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l));
          expect(lines.length - 1).toBe(lines[0].rowCount);
          expect(JSON.stringify(lines[1])).toMatch(/https:\/\/tracker\.example\.org\/api\/v1\//);
        }
    });

    it('round-trips: an export imported into an empty database gives the same cases', async () => {
      const ndjson = await t
        .http()
        .get('/api/v1/exports/cases.ndjson')
        .query({ includeRetracted: 'true' });
      await expectRoundTrip(
        t,
        { PUBLIC_BASE_URL: 'https://tracker.example.org' },
        async (other) => {
          // Importing the NDJSON of the same data into that database changes nothing.
          const nd = await other
            .http()
            .post('/api/v1/imports')
            .query({ format: 'canonical-json', wait: 'true' })
            .set(auth)
            .set('content-type', 'application/x-ndjson')
            .send(ndjson.text);
          expect(nd.body.summary).toMatchObject({ created: 0, updated: 0, rejected: 0 });
        },
      );
    });

    it('imports its own export back into the same database without a change', async () => {
      const csv = await t.http().get('/api/v1/exports/cases.csv');
      const job = await importFile(csv.text, { format: 'canonical-csv' });
      expect(job.summary).toMatchObject({ created: 0, updated: 0 });
    });
  });

  describe('GET /metrics', () => {
    /** A counter's value in the Prometheus text, 0 while it has not been counted. */
    const metric = async (name: string, labels: string) => {
      const text = (await t.http().get('/metrics').expect(200)).text;
      const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
      return line ? Number(line.split(' ').at(-1)) : 0;
    };

    it('counts finished imports, their records, and the rows exports send', async () => {
      const jobs = 'format="cpj-api",dry_run="false",state="succeeded"';
      const created = 'format="cpj-api",dry_run="false",outcome="created"';
      const rejected = 'format="cpj-api",dry_run="false",outcome="rejected"';
      const before = await Promise.all([
        metric('tracker_import_jobs_total', jobs),
        metric('tracker_import_records_total', created),
        metric('tracker_import_records_total', rejected),
        metric('tracker_export_rows_total', 'dataset="people",format="ndjson"'),
      ]);
      const job = await importFile(
        'year,fullName,status,country\n2019,Metric Test One,Killed,Peru\n2019,Metric Test Two,Killed,Peru\n2019,Metric Test Three,Vanished,Peru\n',
        { format: 'cpj-api', mode: 'commit_valid' },
      );
      expect(job.summary).toMatchObject({ created: 2, rejected: 1 });
      const people = await t.http().get('/api/v1/exports/people.ndjson').expect(200);
      const rows = people.text.trim().split('\n').length - 1;
      expect(rows).toBeGreaterThan(0);
      expect(
        await Promise.all([
          metric('tracker_import_jobs_total', jobs),
          metric('tracker_import_records_total', created),
          metric('tracker_import_records_total', rejected),
          metric('tracker_export_rows_total', 'dataset="people",format="ndjson"'),
        ]),
      ).toEqual([before[0] + 1, before[1] + 2, before[2] + 1, before[3] + rows]);
    });

    it('counts a refused file as failed, with its rejects and nothing created', async () => {
      const failed = 'format="cpj-api",dry_run="false",state="failed"';
      const created = 'format="cpj-api",dry_run="false",outcome="created"';
      const rejected = 'format="cpj-api",dry_run="false",outcome="rejected"';
      const read = () =>
        Promise.all([
          metric('tracker_import_jobs_total', failed),
          metric('tracker_import_records_total', created),
          metric('tracker_import_records_total', rejected),
        ]);
      const before = await read();
      const job = await importFile(
        'year,fullName,status,country\n2019,Metric Test Four,Killed,Peru\n2019,Metric Test Five,Vanished,Peru\n',
        { format: 'cpj-api' },
      );
      expect(job.state).toBe('failed');
      expect(await read()).toEqual([before[0] + 1, before[1], before[2] + 1]);
    });
  });
});
