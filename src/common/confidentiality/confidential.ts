import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import { canSeeConfidential, type Principal } from '../auth/principal.js';
import { TextField } from '../validation/fields.js';

/**
 * The confidential fields of cases and incidents (DESIGN §4): who to contact at the source, what
 * witnesses said and who they are, and staff's internal notes. They live in their own columns and
 * travel in one nested object, `confidentialDetails`, which every transport fills only for viewers
 * that `canSeeConfidential` admits; exports and statistics never select these columns.
 */
export const CONFIDENTIAL_COLUMNS = {
  sourceContacts: 'source_contacts',
  witnessDetails: 'witness_details',
  internalNote: 'internal_note',
} as const;
export type ConfidentialField = keyof typeof CONFIDENTIAL_COLUMNS;
export const CONFIDENTIAL_FIELDS = Object.keys(CONFIDENTIAL_COLUMNS) as ConfidentialField[];
/** The property that carries them in every DTO and audit snapshot. */
export const CONFIDENTIAL_PROPERTY = 'confidentialDetails';

@ObjectType('ConfidentialDetails', {
  description:
    'Source contacts, witness details and internal notes: visible to reviewers and administrators only',
})
export class ConfidentialDetailsDto {
  @Field(() => String, { nullable: true, description: 'How to reach the sources' })
  @ApiProperty({ type: String, nullable: true, description: 'How to reach the sources' })
  sourceContacts: string | null;

  @Field(() => String, { nullable: true, description: 'Witnesses and what they said' })
  @ApiProperty({ type: String, nullable: true, description: 'Witnesses and what they said' })
  witnessDetails: string | null;

  @Field(() => String, { nullable: true, description: 'Staff’s internal notes' })
  @ApiProperty({ type: String, nullable: true, description: 'Staff’s internal notes' })
  internalNote: string | null;
}

/** Sets or clears confidential fields; a field left out stays as it is. */
@InputType('ConfidentialDetailsInput')
export class ConfidentialDetailsInput {
  @TextField({ description: 'How to reach the sources', optional: true, max: 20000 })
  sourceContacts?: string | null;

  @TextField({ description: 'Witnesses and what they said', optional: true, max: 20000 })
  witnessDetails?: string | null;

  @TextField({ description: 'Staff’s internal notes', optional: true, max: 20000 })
  internalNote?: string | null;
}

/**
 * Entity columns for confidential details. In an update (`partial`), a field left out stays as it
 * is and null clears it; on creation, what is left out is null.
 */
export function confidentialColumns(
  input: ConfidentialDetailsInput | null | undefined,
  partial = false,
): Partial<Record<ConfidentialField, string | null>> {
  const out: Partial<Record<ConfidentialField, string | null>> = {};
  for (const field of CONFIDENTIAL_FIELDS) {
    const value = input?.[field];
    if (value !== undefined) out[field] = value;
    else if (!partial) out[field] = null;
  }
  return out;
}

/** The SQL expression for a row's confidential details (`alias` is a table alias, never input). */
/**
 * The confidential details of these cases or incidents, by id: to be read only for viewers that
 * canSeeConfidential admits.
 */
export async function confidentialDetailsOf(
  manager: EntityManager,
  table: 'cases' | 'incidents',
  ids: readonly string[],
): Promise<Map<string, ConfidentialDetailsDto>> {
  if (ids.length === 0) return new Map();
  const details = CONFIDENTIAL_FIELDS.map((f) => `'${f}', t.${CONFIDENTIAL_COLUMNS[f]}`).join(', ');
  const rows: { id: string; details: ConfidentialDetailsDto }[] = await manager.query(
    `SELECT t.id, json_build_object(${details}) AS details FROM ${table} t WHERE t.id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.details]));
}

/**
 * A value as the viewer may see it: for those without access, every `confidentialDetails` becomes
 * null and every object flagged `confidential: true` (an unpublished state answer) is dropped, at
 * any depth. Used on DTOs and on audit snapshots alike.
 */
export function forViewer<T>(value: T, viewer: Principal | undefined): T {
  return canSeeConfidential(viewer) ? value : (redact(value) as T);
}

function redact(value: unknown): unknown {
  if (Array.isArray(value))
    return value.filter((v) => !isConfidentialObject(v)).map((v) => redact(v));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === CONFIDENTIAL_PROPERTY) out[key] = null;
    else if (isConfidentialObject(inner)) out[key] = null;
    else out[key] = redact(inner);
  }
  return out;
}

const isConfidentialObject = (value: unknown) =>
  typeof value === 'object' &&
  value !== null &&
  (value as { confidential?: unknown }).confidential === true;
