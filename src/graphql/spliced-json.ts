import type { FormattedExecutionResult } from 'graphql';

/**
 * A value of an answer that is JSON text already (as PostgreSQL wrote it): `writeAnswer` puts
 * the text into the answer as it is; anything else that writes it as JSON (JSON.stringify) parses
 * it first, so that it reads the same everywhere.
 */
export class SplicedJson {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/** Answers holding a SplicedJson somewhere in their data (the others are written by JSON.stringify). */
const withSplices = new WeakSet<object>();

/** Marks `data` as holding SplicedJson values, for writeAnswer. */
export function holdsSplices(data: object): void {
  withSplices.add(data);
}

/** The value as JSON.stringify writes it, SplicedJson values as their text. */
function write(value: unknown): string | undefined {
  if (value instanceof SplicedJson) return value.text;
  if (value === null || typeof value !== 'object' || 'toJSON' in value)
    return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => write(item) ?? 'null').join(',')}]`;
  const members: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const written = write(item);
    if (written !== undefined) members.push(`${JSON.stringify(key)}:${written}`);
  }
  return `{${members.join(',')}}`;
}

/** Apollo Server's stringifyResult: its own (JSON.stringify and a newline), splices written as they are. */
export function writeAnswer(result: FormattedExecutionResult): string {
  const spliced = result.data && withSplices.has(result.data);
  return `${spliced ? write(result) : JSON.stringify(result)}\n`;
}
