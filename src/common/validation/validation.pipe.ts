import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { FieldProblem, InvalidInput } from '../errors/domain-error.js';

/** Flattens class-validator's tree into one problem per field, with dotted / indexed paths. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field =
      parent === ''
        ? error.property
        : /^\d+$/.test(error.property)
          ? `${parent}[${error.property}]`
          : `${parent}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(/^property (\S+) should not exist$/, 'is not a known field'),
    }));
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** The one validation pipe: strips nothing silently, rejects unknown fields, converts types. */
export function createValidationPipe(): ValidationPipe {
  return new RememberingValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new InvalidInput(fieldProblems(errors)),
  });
}

/** A copy of a validated object: its own properties (arrays copied too) on the same prototype. */
function copyOf<T extends object>(validated: T): T {
  const copy = Object.create(Object.getPrototypeOf(validated)) as Record<string, unknown>;
  for (const [key, value] of Object.entries(validated)) {
    copy[key] = Array.isArray(value) ? [...value] : value;
  }
  return copy as T;
}

/** Flat arguments: every value a primitive, or a list of primitives. */
const isFlat = (value: object) =>
  Object.values(value).every((v) =>
    Array.isArray(v)
      ? v.every((x) => x === null || typeof x !== 'object')
      : v === null || typeof v !== 'object',
  );

/**
 * The validation pipe, remembering query strings it has accepted. Dashboards poll the same
 * figures and lists over and over; converting and validating the same query parameters again
 * costs more than serving a cached figure. Query DTOs' rules depend on the input alone (checks
 * against today's date or the database are made by the services), so an accepted query stays
 * accepted; a rejected one is checked again each time. Each caller gets its own copy. The same
 * holds for flat bodies, among them GraphQL's arguments (which Nest hands pipes as `body`): a
 * page's Case.status arguments would otherwise be validated once per case.
 */
export class RememberingValidationPipe extends ValidationPipe {
  private readonly accepted = new LRUCache<string, object>({
    max: 5_000,
    maxSize: 10_000_000,
    sizeCalculation: (_value, key) => key.length,
  });
  private readonly classIds = new WeakMap<object, number>();
  private nextClassId = 0;

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype } = metadata;
    const remembered =
      metadata.type === 'query' ||
      (metadata.type === 'body' && typeof value === 'object' && value !== null && isFlat(value));
    // A parameter without a DTO class (an upload's body) is passed on as it is, never copied: the
    // caller may mark it (an upload claimed by its job).
    if (
      !remembered ||
      !metatype ||
      !this.toValidate(metadata) ||
      typeof value !== 'object' ||
      value === null
    ) {
      return super.transform(value, metadata);
    }
    if (!this.classIds.has(metatype)) this.classIds.set(metatype, this.nextClassId++);
    const key = `${this.classIds.get(metatype)}:${JSON.stringify(value)}`;
    const known = this.accepted.get(key);
    if (known) return copyOf(known);
    const validated = (await super.transform(value, metadata)) as unknown;
    if (typeof validated !== 'object' || validated === null) return validated;
    this.accepted.set(key, validated);
    return copyOf(validated);
  }
}
