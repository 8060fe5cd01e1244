import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataSource, getMetadataArgsStorage, QueryRunner } from 'typeorm';
import { REPO_ROOT } from '../config/app-config.js';

export interface SchemaQuery {
  query: string;
  parameters?: unknown[];
}

/** What it takes to bring the database to the entities (`up`) and back again (`down`, in run order). */
export interface SchemaDiff {
  up: SchemaQuery[];
  down: SchemaQuery[];
}

export interface GeneratedMigration {
  className: string;
  fileName: string;
  source: string;
}

const isEntity = (target: unknown) =>
  getMetadataArgsStorage().tables.some((table) => table.target === target);

/**
 * The entity classes of the compiled application: every class with `@Entity` exported by a
 * `*.entity.js` file under `root` (dist/src for the CLI).
 */
export async function loadEntityClasses(root: string): Promise<(new () => unknown)[]> {
  const files = (await fs.readdir(root, { recursive: true }))
    .filter((file) => file.endsWith('.entity.js'))
    .sort();
  const classes = new Set<new () => unknown>();
  for (const file of files) {
    const exported = (await import(pathToFileURL(path.join(root, file)).href)) as Record<
      string,
      unknown
    >;
    for (const value of Object.values(exported)) {
      // @Entity registers the class when the module is evaluated, so look it up after the import.
      if (typeof value === 'function' && isEntity(value)) classes.add(value as new () => unknown);
    }
  }
  return [...classes];
}

/**
 * TypeORM reads the expressions of generated columns from its own `typeorm_metadata` table, which
 * hand-written migrations do not create; without it the schema diff fails on a database that has
 * generated columns. Creates it (empty) in that case; true when it did.
 */
export async function ensureTypeormMetadataTable(dataSource: DataSource): Promise<boolean> {
  const [{ needed }] = (await dataSource.query(
    `SELECT EXISTS (SELECT 1 FROM information_schema.columns
                     WHERE table_schema = current_schema() AND is_generated = 'ALWAYS')
            AND to_regclass($1) IS NULL AS needed`,
    [dataSource.metadataTableName],
  )) as { needed: boolean }[];
  if (!needed) return false;
  // A method of RdbmsSchemaBuilder, which the package does not export.
  const builder = dataSource.driver.createSchemaBuilder() as unknown as {
    createTypeormMetadataTable(queryRunner: QueryRunner): Promise<void>;
  };
  const queryRunner = dataSource.createQueryRunner();
  try {
    await builder.createTypeormMetadataTable(queryRunner);
  } finally {
    await queryRunner.release();
  }
  return true;
}

/** TypeORM's schema diff between the connected database and the data source's entities. */
export async function schemaDiff(dataSource: DataSource): Promise<SchemaDiff> {
  const builder = dataSource.driver.createSchemaBuilder();
  const sql = await builder.log();
  const plain = (q: { query: string; parameters?: unknown[] }): SchemaQuery =>
    q.parameters?.length ? { query: q.query, parameters: q.parameters } : { query: q.query };
  return {
    up: sql.upQueries.map(plain),
    // TypeORM lists each undo step beside its step; undoing runs them the other way round.
    down: sql.downQueries.map(plain).reverse(),
  };
}

const pascalCase = (name: string) =>
  name
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
const kebabCase = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .join('-')
    .toLowerCase();

function statement({ query, parameters }: SchemaQuery): string {
  const text = query.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
  return `    await q.query(\`${text}\`${parameters ? `, ${JSON.stringify(parameters)}` : ''});`;
}

/** Throws unless the name can make a file name and a class name. */
export function assertMigrationName(name: string): void {
  if (!/^[a-zA-Z][a-zA-Z0-9 _-]*$/.test(name))
    throw new Error(
      `The migration name must start with a letter and hold only letters, digits, spaces, - and _: ${name}`,
    );
}

/** The source of a migration file in this project's style, named `<timestamp>-<name>.ts`. */
export function renderMigration(
  name: string,
  timestamp: number,
  diff: SchemaDiff,
): GeneratedMigration {
  assertMigrationName(name);
  const className = `${pascalCase(name)}${timestamp}`;
  const source = `import { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated from the entities by migration:generate; review it (and say why) before committing. */
export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(q: QueryRunner): Promise<void> {
${diff.up.map(statement).join('\n')}
  }

  async down(q: QueryRunner): Promise<void> {
${diff.down.map(statement).join('\n')}
  }
}
`;
  return { className, fileName: `${timestamp}-${kebabCase(name)}.ts`, source };
}

/**
 * Writes the migration into `dir`, formatted by the repository's Prettier settings when Prettier is
 * installed (a development dependency); returns the file's path.
 */
export async function writeMigration(dir: string, migration: GeneratedMigration): Promise<string> {
  const file = path.join(dir, migration.fileName);
  if (existsSync(file)) throw new Error(`${file} exists already`);
  let source = migration.source;
  try {
    const prettier = await import('prettier');
    source = await prettier.format(source, {
      // The repository's settings, wherever the file goes.
      ...(await prettier.resolveConfig(path.join(REPO_ROOT, 'migrations', migration.fileName))),
      filepath: file,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
  }
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(file, source, { flag: 'wx' });
  return file;
}
