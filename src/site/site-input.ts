import { createValidationPipe } from '../common/validation/validation.pipe.js';

const pipe = createValidationPipe();

/**
 * A page's query string read by the API's own query DTO and validation pipe, so that a page
 * accepts exactly what the matching API endpoint accepts and refuses the rest with the same
 * field-level problems. Site-only parameters (`lang`) are removed first; empty form fields mean
 * "not set".
 */
export function readQuery<T extends object>(
  metatype: new () => T,
  raw: Record<string, unknown>,
  siteOnly: readonly string[] = [],
): Promise<T> {
  const value = Object.fromEntries(
    Object.entries(raw).filter(
      ([key, v]) => key !== 'lang' && !siteOnly.includes(key) && v !== '' && v !== undefined,
    ),
  );
  return pipe.transform(value, { type: 'query', metatype, data: undefined }) as Promise<T>;
}
