import { createServer } from 'node:http';
import pg from 'pg';

/**
 * The floor the API benchmark measures REST against: a bare `node:http` server that answers
 * `GET /cases?country=XX&limit=N` with the same JSON as `GET /api/v1/cases` (the same items,
 * current statuses included, and the same page info) from one prepared statement through `pg`,
 * with no framework, validation or mapping. Started by api.bench.ts as a process of its own
 * (DATABASE_URL, PORT); prints `listening` once it accepts requests.
 */
const instant = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const PAGE_SQL = `
  SELECT to_char(i.sort_date, 'YYYY-MM-DD') AS "sortDate", c.id AS "lastId", json_build_object(
    'id', c.id, 'incidentId', c.incident_id, 'personId', c.person_id, 'outcome', c.outcome,
    'localForeign', c.local_foreign, 'dateOfDeath', to_char(c.date_of_death, 'YYYY-MM-DD'),
    'retractedAt', ${instant('c.retracted_at')}, 'retractionReason', c.retraction_reason, 'version', c.version,
    'createdAt', ${instant('c.created_at')}, 'updatedAt', ${instant('c.updated_at')},
    'person', json_build_object('id', p.id, 'fullName', p.full_name, 'gender', p.gender, 'role', p.role),
    'incident', json_build_object('id', i.id, 'dateStart', to_char(i.date_start, 'YYYY-MM-DD'),
      'dateEnd', to_char(i.date_end, 'YYYY-MM-DD'), 'datePrecision', i.date_precision,
      'countryCode', i.country_code, 'countryName', co.name, 'place', i.place, 'context', i.context,
      'attackTypes', ARRAY(SELECT attack_type_code FROM incident_attack_types WHERE incident_id = i.id ORDER BY 1),
      'perpetratorTypes', ARRAY(SELECT perpetrator_type_code FROM incident_perpetrator_types WHERE incident_id = i.id ORDER BY 1),
      'description', i.description, 'sourceLinks', i.source_links),
    'classifications', coalesce((SELECT json_agg(json_build_object('monitor', m.monitor, 'externalId', m.external_id,
        'url', m.url, 'included', m.included, 'motive', m.motive, 'typeOfDeath', m.type_of_death,
        'condemnation', m.condemnation, 'recordedDate', to_char(m.recorded_date, 'YYYY-MM-DD')) ORDER BY m.monitor)
      FROM monitor_classifications m WHERE m.case_id = c.id), '[]'),
    'currentStatus', json_build_object('unesco', coalesce(u.status, 'no_information'), 'cpj', j.status),
    'confidentialDetails', NULL) AS item
  FROM cases c
  JOIN incidents i ON i.id = c.incident_id
  JOIN people p ON p.id = c.person_id
  JOIN countries co ON co.code = i.country_code
  LEFT JOIN case_current_status u ON u.case_id = c.id AND u.scheme = 'unesco'
  LEFT JOIN case_current_status j ON j.case_id = c.id AND j.scheme = 'cpj'
  WHERE c.retracted_at IS NULL AND i.country_code = $1
  ORDER BY i.sort_date, c.id
  LIMIT $2`;

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://floor');
  const country = url.searchParams.get('country') ?? '';
  const limit = Number(url.searchParams.get('limit') ?? 50);
  pool
    .query<{ sortDate: string; lastId: string; item: unknown }>({
      name: 'case-page',
      text: PAGE_SQL,
      values: [country, limit + 1],
    })
    .then(({ rows }) => {
      const hasNextPage = rows.length > limit;
      const data = (hasNextPage ? rows.slice(0, limit) : rows).map((row) => row.item);
      const last = rows[Math.min(rows.length, limit) - 1];
      const nextCursor =
        hasNextPage && last
          ? Buffer.from(JSON.stringify([last.sortDate, last.lastId])).toString('base64url')
          : null;
      const body = JSON.stringify({
        data,
        pageInfo: { nextCursor, hasNextPage, limit, total: null },
      });
      response.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      response.end(body);
    })
    .catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
});

server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
