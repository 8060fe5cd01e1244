import { FieldProblem, InvalidInput } from './domain-error.js';

/** Collects every problem with an input before refusing it, so one answer names all bad fields. */
export class Problems {
  private readonly list: FieldProblem[] = [];

  add(field: string, message: string): this {
    this.list.push({ field, message });
    return this;
  }

  check(condition: boolean, field: string, message: string): this {
    if (!condition) this.add(field, message);
    return this;
  }

  /**
   * In an update, null clears a field that may be empty; for a field that may not, null would
   * either break the record or be silently ignored, so it is refused.
   */
  notNull(input: object, fields: readonly string[]): this {
    for (const field of fields)
      if ((input as Record<string, unknown>)[field] === null)
        this.add(field, 'must not be null (omit the field to leave it unchanged)');
    return this;
  }

  hasAny(): boolean {
    return this.list.length > 0;
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new InvalidInput(this.list);
  }
}

/** Today in UTC as YYYY-MM-DD: dates of events cannot lie after it. */
export const todayIso = () => new Date().toISOString().slice(0, 10);
