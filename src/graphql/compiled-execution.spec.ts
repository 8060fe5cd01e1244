import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { selectsAtMost } from './compiled-execution.js';

const selectionOf = (source: string) => {
  const document = parse(source);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  return [document, operation.selectionSet] as const;
};

describe('the size of an operation to compile', () => {
  it('counts fields at every depth, inline fragments and named fragments expanded', () => {
    // cases, data, id, person, fullName, incident, id and, from Where, country and code: 9.
    const [document, set] = selectionOf(`
      { cases { data { id person { fullName } ... on Case { incident { id ...Where } } } } }
      fragment Where on Incident { country { code } }`);
    expect(selectsAtMost(document, set, 9)).toBe(true);
    expect(selectsAtMost(document, set, 8)).toBe(false);
  });

  it('counts a fragment each time it is spread, as its answer holds it', () => {
    const [document, set] = selectionOf(`
      { a: cases { data { ...F } } b: cases { data { ...F } } }
      fragment F on Case { id outcome person { id fullName } }`);
    // Per spread: data + id, outcome, person, id, fullName (6), under each of a and b (1 each).
    expect(selectsAtMost(document, set, 12)).toBe(false);
    expect(selectsAtMost(document, set, 14)).toBe(true);
  });
});
