import { DomainError } from '../common/errors/domain-error.js';

export class UnknownFigure extends DomainError {
  readonly kind = 'invalid_input';
  readonly code = 'unknown_figure';

  constructor(name: string, known: readonly string[]) {
    super(`No figure named ${name}`, [
      { field: 'figure', message: `must be one of: ${known.join(', ')}` },
    ]);
  }
}
