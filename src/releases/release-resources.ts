/**
 * The CSV resources of a release: for each, its Table Schema and the query that reads its rows.
 * Only public data: cases that are not retracted (and what belongs to them), status entries that
 * are not confidential (answers a state did not ask to publish never appear), no confidential
 * column of cases or incidents, and of the UNESCO ledger only whether and when a state answered.
 *
 * Every query returns text cells in the order of the schema's fields, sorted by the resource's
 * primary key, so that the same data always gives the same bytes.
 */

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'array';

export interface TableField {
  name: string;
  type: FieldType;
  description: string;
  constraints?: { required?: boolean; unique?: boolean; enum?: string[] };
}

export interface TableResource {
  name: string;
  path: string;
  title: string;
  description: string;
  fields: TableField[];
  primaryKey: string[];
  foreignKeys?: { fields: string[]; reference: { resource: string; fields: string[] } }[];
  /** Text cells, one column per field in order (NULL is an empty cell). */
  sql: string;
}

const f = (
  name: string,
  type: FieldType,
  description: string,
  constraints?: TableField['constraints'],
): TableField => ({ name, type, description, ...(constraints ? { constraints } : {}) });
const required = { required: true };
const key = { required: true, unique: true };

/** Cases counted by the release: not retracted, not merged into another. Aliased `c`. */
export const RELEASED_CASES = `cases c WHERE c.retracted_at IS NULL AND c.merged_into IS NULL`;
const DATE = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
const INSTANT = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
/** A text[] as a JSON array (Table Schema's array type). */
const ARRAY = (expression: string) => `to_json(coalesce(${expression}, '{}'::text[]))::text`;

export const RESOURCES: TableResource[] = [
  {
    name: 'cases',
    path: 'cases.csv',
    title: 'Cases',
    description: 'One person in one incident: the unit that is counted and has a judicial status.',
    fields: [
      f('id', 'string', 'Permanent id of the case (UUID)', key),
      f('incidentId', 'string', 'The incident (incidents.csv)', required),
      f('personId', 'string', 'The person (people.csv)', required),
      f('outcome', 'string', 'What happened to the person', {
        required: true,
        enum: ['killed', 'injured', 'detained', 'missing', 'threatened', 'other'],
      }),
      f('localForeign', 'string', 'Local or foreign journalist, as reported', {
        required: true,
        enum: ['local', 'foreign', 'unknown'],
      }),
      f('dateOfDeath', 'date', 'Date of death when different from the attack date'),
      f(
        'unescoStatus',
        'string',
        'UNESCO judicial status on the data date, as known at the revision',
        {
          enum: ['no_information', 'ongoing', 'resolved'],
        },
      ),
      f('cpjStatus', 'string', 'CPJ impunity class on the data date, as known at the revision', {
        enum: ['complete_impunity', 'partial_justice', 'full_justice'],
      }),
    ],
    primaryKey: ['id'],
    foreignKeys: [
      { fields: ['incidentId'], reference: { resource: 'incidents', fields: ['id'] } },
      { fields: ['personId'], reference: { resource: 'people', fields: ['id'] } },
    ],
    sql: `SELECT c.id::text, c.incident_id::text, c.person_id::text, c.outcome, c.local_foreign, ${DATE('c.date_of_death')},
                 case_status_at(c.id, 'unesco', $1::date, 'infinity'),
                 case_status_at(c.id, 'cpj', $1::date, 'infinity')
            FROM ${RELEASED_CASES} ORDER BY c.id`,
  },
  {
    name: 'people',
    path: 'people.csv',
    title: 'People',
    description: 'Journalists, media workers and social-media producers with a released case.',
    fields: [
      f('id', 'string', 'Permanent id of the person (UUID)', key),
      f('fullName', 'string', 'Full name as written in the source', required),
      f('transliteratedName', 'string', 'Transliteration of the name into Latin script'),
      f('gender', 'string', 'Gender', {
        required: true,
        enum: ['female', 'male', 'other', 'unknown'],
      }),
      f('nationalities', 'array', 'ISO 3166-1 alpha-2 codes, primary first', required),
      f('role', 'string', 'Role', {
        required: true,
        enum: ['journalist', 'media_worker', 'social_media_producer'],
      }),
      f('employment', 'string', 'Employment', {
        required: true,
        enum: ['staff', 'freelance', 'unknown'],
      }),
      f('mediaTypes', 'array', 'print, radio, television, online, other', required),
      f('outlets', 'array', 'Outlets worked for', required),
      f('beats', 'array', 'Coverage topics', required),
    ],
    primaryKey: ['id'],
    sql: `SELECT p.id::text, p.full_name, p.transliterated_name, p.gender, ${ARRAY('p.nationalities::text[]')}, p.role,
                 p.employment, ${ARRAY('p.media_types')}, ${ARRAY('p.outlets')}, ${ARRAY('p.beats')}
            FROM people p WHERE EXISTS (SELECT 1 FROM ${RELEASED_CASES} AND c.person_id = p.id)
           ORDER BY p.id`,
  },
  {
    name: 'incidents',
    path: 'incidents.csv',
    title: 'Incidents',
    description: 'Events (killings, attacks, arrests) with at least one released case.',
    fields: [
      f('id', 'string', 'Permanent id of the incident (UUID)', key),
      f('dateStart', 'date', 'First day of the date (or range); empty when unknown'),
      f('dateEnd', 'date', 'Last day of a date range'),
      f('datePrecision', 'string', 'How precisely the date is known', {
        required: true,
        enum: ['day', 'month', 'year', 'unknown'],
      }),
      f('countryCode', 'string', 'ISO 3166-1 alpha-2 code of the country as of the date', required),
      f('place', 'string', 'Place'),
      f('context', 'string', 'Conflict or not', { enum: ['conflict', 'non_conflict'] }),
      f('attackTypes', 'array', 'Attack type codes (see /api/v1/attack-types)', required),
      f('perpetratorTypes', 'array', 'Perpetrator type codes', required),
      f('description', 'string', 'What happened'),
      f('sourceLinks', 'array', 'Sources', required),
    ],
    primaryKey: ['id'],
    sql: `SELECT i.id::text, ${DATE('i.date_start')}, ${DATE('i.date_end')}, i.date_precision, i.country_code::text, i.place,
                 i.context,
                 ${ARRAY('ARRAY(SELECT a.attack_type_code FROM incident_attack_types a WHERE a.incident_id = i.id ORDER BY 1)')},
                 ${ARRAY('ARRAY(SELECT p.perpetrator_type_code FROM incident_perpetrator_types p WHERE p.incident_id = i.id ORDER BY 1)')},
                 i.description, ${ARRAY('i.source_links')}
            FROM incidents i WHERE EXISTS (SELECT 1 FROM ${RELEASED_CASES} AND c.incident_id = i.id)
           ORDER BY i.id`,
  },
  {
    name: 'status-history',
    path: 'status-history.csv',
    title: 'Judicial status history',
    description:
      'Every public status entry (append-only; a correction names the entry it supersedes).',
    fields: [
      f('id', 'integer', 'Id of the entry', key),
      f('caseId', 'string', 'The case', required),
      f('scheme', 'string', 'Status scheme', { required: true, enum: ['unesco', 'cpj'] }),
      f('status', 'string', 'The status', required),
      f('resolutionReason', 'string', 'Why a case counts as resolved', {
        enum: ['perpetrators_convicted', 'perpetrator_deceased', 'other'],
      }),
      f('effectiveDate', 'date', 'When the status became true', required),
      f('recordedAt', 'datetime', 'When the tracker learned it (UTC)', required),
      f('reportedBy', 'string', 'Who reported it', {
        required: true,
        enum: ['state', 'organisation', 'monitor', 'staff'],
      }),
      f('source', 'string', 'Source document'),
      f('note', 'string', 'Note'),
      f('supersedesId', 'integer', 'The entry this one corrects'),
    ],
    primaryKey: ['id'],
    foreignKeys: [{ fields: ['caseId'], reference: { resource: 'cases', fields: ['id'] } }],
    // An entry of a case merged into another belongs to the survivor's history.
    sql: `SELECT se.id::text, coalesce(m.merged_into, m.id)::text, se.scheme, se.status, se.resolution_reason, ${DATE('se.effective_date')},
                 ${INSTANT('se.recorded_at')}, se.reported_by, se.source, se.note, se.supersedes_id::text
            FROM status_entries se JOIN cases m ON m.id = se.case_id
           WHERE NOT se.confidential AND EXISTS (SELECT 1 FROM ${RELEASED_CASES} AND c.id = coalesce(m.merged_into, m.id))
           ORDER BY se.id`,
  },
  {
    name: 'proceedings',
    path: 'proceedings.csv',
    title: 'Proceedings',
    description: 'Judicial and investigative steps about each case.',
    fields: [
      f('id', 'string', 'Id of the proceeding (UUID)', key),
      f('caseId', 'string', 'The case', required),
      f('defendantName', 'string', 'Defendant (empty when unknown)'),
      f('defendantRole', 'string', 'Defendant’s role', {
        required: true,
        enum: ['perpetrator', 'mastermind', 'accomplice'],
      }),
      f('step', 'string', 'The step', required),
      f('stepDate', 'date', 'Date of the step', required),
      f('court', 'string', 'Court'),
      f('source', 'string', 'Source'),
      f('note', 'string', 'Note'),
      f('recordedAt', 'datetime', 'When the tracker learned it (UTC)', required),
    ],
    primaryKey: ['id'],
    foreignKeys: [{ fields: ['caseId'], reference: { resource: 'cases', fields: ['id'] } }],
    sql: `SELECT pr.id::text, pr.case_id::text, pr.defendant_name, pr.defendant_role, pr.step, ${DATE('pr.step_date')},
                 pr.court, pr.source, pr.note, ${INSTANT('pr.recorded_at')}
            FROM proceedings pr WHERE EXISTS (SELECT 1 FROM ${RELEASED_CASES} AND c.id = pr.case_id)
           ORDER BY pr.id`,
  },
  {
    name: 'dg-requests',
    path: 'dg-requests.csv',
    title: 'UNESCO requests for information',
    description:
      'The public part of the Director-General’s request ledger: which state was asked about which ' +
      'cases, whether and when it answered, and whether it asked for its answer to be published. ' +
      'What an unpublished answer says is never included.',
    fields: [
      f('requestId', 'string', 'Id of the request (UUID)', key),
      f('cycleYear', 'integer', 'Year of the request cycle', required),
      f('reportEdition', 'integer', 'Edition of the DG report the cycle feeds', required),
      f('countryCode', 'string', 'The state asked', required),
      f('sentOn', 'date', 'When the request was sent', required),
      f('deadline', 'date', 'Deadline of the cycle'),
      f('caseIds', 'array', 'Released cases asked about', required),
      f('answered', 'boolean', 'Whether the state answered', required),
      f('receivedOn', 'date', 'When the answer arrived'),
      f('onTime', 'boolean', 'Whether it arrived by the deadline'),
      f('publicationRequested', 'boolean', 'Whether the state asked for its answer to be public'),
    ],
    primaryKey: ['requestId'],
    sql: `SELECT r.id::text, r.cycle_year::text, cy.report_edition::text, r.country_code::text, ${DATE('r.sent_on')},
                 ${DATE('cy.deadline')},
                 ${ARRAY(`ARRAY(SELECT DISTINCT coalesce(c.merged_into, c.id)::text FROM dg_request_cases rc JOIN cases c ON c.id = rc.case_id AND c.retracted_at IS NULL WHERE rc.request_id = r.id ORDER BY 1)`)},
                 (x.id IS NOT NULL)::text, ${DATE('x.received_on')},
                 CASE WHEN x.id IS NULL OR cy.deadline IS NULL THEN NULL ELSE (x.received_on <= cy.deadline)::text END,
                 x.publication_requested::text
            FROM dg_requests r JOIN dg_cycles cy ON cy.year = r.cycle_year
            LEFT JOIN dg_responses x ON x.request_id = r.id
           WHERE r.status = 'sent'
           ORDER BY r.id`,
  },
  {
    name: 'monitor-classifications',
    path: 'monitor-classifications.csv',
    title: 'Monitor classifications',
    description: 'What each monitoring body says about a case, side by side.',
    fields: [
      f('caseId', 'string', 'The case', required),
      f('monitor', 'string', 'The monitor', {
        required: true,
        enum: ['unesco', 'cpj', 'rsf', 'coe', 'mfrr', 'ifj', 'other'],
      }),
      f('externalId', 'string', 'The monitor’s own id'),
      f('url', 'string', 'The monitor’s page'),
      f('included', 'boolean', 'Whether the monitor counts the case', required),
      f('motive', 'string', 'Motive (CPJ)', { enum: ['confirmed', 'unconfirmed'] }),
      f('typeOfDeath', 'string', 'Type of death, in the monitor’s words'),
      f('condemnation', 'string', 'Condemned or only deplored (UNESCO)', {
        enum: ['condemned', 'deplored'],
      }),
      f('recordedDate', 'date', 'When the monitor recorded it'),
    ],
    primaryKey: ['caseId', 'monitor'],
    foreignKeys: [{ fields: ['caseId'], reference: { resource: 'cases', fields: ['id'] } }],
    sql: `SELECT mc.case_id::text, mc.monitor, mc.external_id, mc.url, mc.included::text, mc.motive, mc.type_of_death,
                 mc.condemnation, ${DATE('mc.recorded_date')}
            FROM monitor_classifications mc WHERE EXISTS (SELECT 1 FROM ${RELEASED_CASES} AND c.id = mc.case_id)
           ORDER BY mc.case_id, mc.monitor`,
  },
];

/** The headline figures at the release's revision, computed by the statistics service. */
export const FIGURES_RESOURCE: Omit<TableResource, 'sql'> = {
  name: 'figures',
  path: 'figures.csv',
  title: 'Headline figures',
  description:
    'The headline figures computed on this data, on its data date, with the public caller’s rights: ' +
    'the same numbers the statistics API served at this revision.',
  fields: [
    f('figure', 'string', 'Name of the figure', required),
    f('definitionVersion', 'string', 'Version of its definition', required),
    f(
      'group',
      'string',
      'The group as JSON (its dimensions and values), or all for the whole scope',
      required,
    ),
    f('value', 'number', 'The value'),
    f('numerator', 'number', 'Numerator'),
    f('denominator', 'number', 'Denominator'),
    f('unknown', 'integer', 'Cases with unknown or missing data', required),
    f('asOf', 'date', 'Date the figure is computed on', required),
  ],
  primaryKey: ['figure', 'group'],
};
