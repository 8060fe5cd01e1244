import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { FIGURES_RESOURCE, RESOURCES, TableResource } from './release-resources.js';
import { SigningKey, signBytes } from './release-signing.js';
import type { ReleaseFileRow, ReleaseTransaction, RowBatch } from './releases.repository.js';

/** Where a release's files go: the database (a release), a folder, or only their checksums. */
export interface ReleaseSink {
  open(name: string): FileSink;
}
export interface FileSink {
  write(bytes: Buffer): Promise<void>;
  end(): Promise<void>;
}

/** What a release states about itself; nothing here depends on when it is built. */
export interface ReleaseMeta {
  version: string;
  title: string;
  licence: string;
  revision: string;
  /** The UTC date of the revision: the date figures and statuses are computed on. */
  dataDate: string;
  /** When the revision was reached (UTC, seconds): the descriptor's `created`. */
  changedAt: string;
}

export type FigureRow = (string | null)[];

export const DESCRIPTOR = 'datapackage.json';
export const MANIFEST = 'SHA256SUMS';
export const SIGNATURE = 'SHA256SUMS.sig';
const ROWS_PER_FETCH = 2000;

const LICENCES: Record<string, { path: string; title: string }> = {
  'CC-BY-4.0': {
    path: 'https://creativecommons.org/licenses/by/4.0/',
    title: 'Creative Commons Attribution 4.0',
  },
  'CC-BY-SA-4.0': {
    path: 'https://creativecommons.org/licenses/by-sa/4.0/',
    title: 'Creative Commons Attribution Share-Alike 4.0',
  },
  'CC0-1.0': {
    path: 'https://creativecommons.org/publicdomain/zero/1.0/',
    title: 'CC0 1.0',
  },
  'ODbL-1.0': {
    path: 'https://opendatacommons.org/licenses/odbl/1-0/',
    title: 'Open Data Commons Open Database License 1.0',
  },
  'ODC-By-1.0': {
    path: 'https://opendatacommons.org/licenses/by/1-0/',
    title: 'Open Data Commons Attribution License 1.0',
  },
  'PDDL-1.0': {
    path: 'https://opendatacommons.org/licenses/pddl/1-0/',
    title: 'Open Data Commons Public Domain Dedication and License 1.0',
  },
};

export const MEDIA_TYPES: Record<string, string> = {
  [DESCRIPTOR]: 'application/json',
  [MANIFEST]: 'text/plain; charset=utf-8',
  [SIGNATURE]: 'application/octet-stream',
};
export const mediaTypeOf = (name: string) => MEDIA_TYPES[name] ?? 'text/csv; charset=utf-8';

/** CSV as RFC 4180 with LF line ends; a lone CR in a value is quoted too. */
const csv = (rows: unknown[][]) =>
  Buffer.from(stringify(rows, { record_delimiter: 'unix', quoted_match: /\r/ }), 'utf8');

/** Hashes and counts what passes through to the sink. */
class CountingFile {
  private readonly hash = createHash('sha256');
  size = 0;

  constructor(private readonly sink: FileSink) {}

  async write(bytes: Buffer): Promise<void> {
    if (bytes.length === 0) return;
    this.hash.update(bytes);
    this.size += bytes.length;
    await this.sink.write(bytes);
  }

  async end(): Promise<{ sha256: string; size: number }> {
    await this.sink.end();
    return { sha256: this.hash.digest('hex'), size: this.size };
  }
}

function resourceDescriptor(
  resource: Omit<TableResource, 'sql'>,
  file: { sha256: string; size: number },
) {
  return {
    profile: 'tabular-data-resource',
    name: resource.name,
    path: resource.path,
    title: resource.title,
    description: resource.description,
    format: 'csv',
    mediatype: 'text/csv',
    encoding: 'utf-8',
    bytes: file.size,
    hash: `sha256:${file.sha256}`,
    dialect: { delimiter: ',', doubleQuote: true, header: true, lineTerminator: '\n' },
    schema: {
      fields: resource.fields,
      missingValues: [''],
      primaryKey: resource.primaryKey,
      ...(resource.foreignKeys ? { foreignKeys: resource.foreignKeys } : {}),
    },
  };
}

/**
 * Writes a release's files in a fixed order: each CSV resource (rows in primary-key order), the
 * headline figures, the Data Package descriptor with every resource's size and SHA-256, the
 * manifest (`sha256sum` format, descriptor included) and its Ed25519 signature. Everything in them
 * comes from the data at one revision and from `meta`: the same revision gives the same bytes.
 */
export async function buildRelease(
  tx: ReleaseTransaction,
  meta: ReleaseMeta,
  figures: FigureRow[],
  key: SigningKey,
  sink: ReleaseSink,
): Promise<{ files: ReleaseFileRow[]; manifestSha256: string }> {
  const files: ReleaseFileRow[] = [];
  const add = (name: string, result: { sha256: string; size: number }) =>
    files.push({ name, position: files.length, mediaType: mediaTypeOf(name), ...result });
  const whole = async (name: string, bytes: Buffer) => {
    const file = new CountingFile(sink.open(name));
    await file.write(bytes);
    add(name, await file.end());
  };

  const described: ReturnType<typeof resourceDescriptor>[] = [];
  for (const resource of RESOURCES) {
    const file = new CountingFile(sink.open(resource.path));
    await file.write(csv([resource.fields.map((field) => field.name)]));
    // The data date is the one parameter; only queries that read statuses take it.
    const params = resource.sql.includes('$1') ? [meta.dataDate] : [];
    await tx.eachBatch(resource.sql, params, ROWS_PER_FETCH, (rows: RowBatch) =>
      file.write(csv(rows)),
    );
    const result = await file.end();
    add(resource.path, result);
    described.push(resourceDescriptor(resource, result));
  }
  const figuresCsv = csv([FIGURES_RESOURCE.fields.map((field) => field.name), ...figures]);
  await whole(FIGURES_RESOURCE.path, figuresCsv);
  described.push(resourceDescriptor(FIGURES_RESOURCE, files[files.length - 1]));

  const licence = LICENCES[meta.licence];
  const descriptor = {
    profile: 'tabular-data-package',
    name: 'impunity-tracker',
    id: `impunity-tracker-${meta.version}`,
    title: meta.title,
    description:
      'Killings of and attacks on journalists, their judicial status over time, what monitors say ' +
      'about them, the UNESCO request ledger and the headline figures, as public data at one ' +
      'dataset revision. Confidential fields and unpublished state answers are not included.',
    version: meta.version,
    created: meta.changedAt,
    datasetRevision: meta.revision,
    dataDate: meta.dataDate,
    licenses: [{ name: meta.licence, ...(licence ?? {}) }],
    signature: { algorithm: 'Ed25519', keyId: key.id, manifest: MANIFEST, file: SIGNATURE },
    resources: described,
  };
  await whole(DESCRIPTOR, Buffer.from(`${JSON.stringify(descriptor, null, 2)}\n`, 'utf8'));

  const manifest = Buffer.from(
    [...files.slice(-1), ...files.slice(0, -1)]
      .map((file) => `${file.sha256}  ${file.name}\n`)
      .join(''),
    'utf8',
  );
  await whole(MANIFEST, manifest);
  await whole(SIGNATURE, signBytes(key, manifest));
  // The descriptor first, as a reader looks for it.
  const ordered = [
    files.find((f) => f.name === DESCRIPTOR)!,
    ...files.filter((f) => f.name !== DESCRIPTOR),
  ].map((file, position) => ({ ...file, position }));
  return { files: ordered, manifestSha256: createHash('sha256').update(manifest).digest('hex') };
}
