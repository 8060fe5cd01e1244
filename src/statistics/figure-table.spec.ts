import type { FigureGroupDto } from './dto/figure.dto.js';
import { figureTable, GROUP_MEASURES } from './figure-table.js';

const group = (key: FigureGroupDto['key'], over: Partial<FigureGroupDto>): FigureGroupDto => ({
  key,
  value: 1,
  numerator: 1,
  denominator: null,
  unknown: 0,
  held: 0,
  note: null,
  ...over,
});

/** A group rebuilt from the table, as the README tells a client to. */
function rebuild(table: ReturnType<typeof figureTable>, dimensions: string[]) {
  return table.rows.map((row) => {
    const cells = Object.fromEntries(table.columns.map((c, n) => [c, row[n]]));
    const measures: Record<string, unknown> = { ...table.constant };
    for (const m of GROUP_MEASURES) if (m in cells) measures[m] = cells[m];
    for (const [m, from] of Object.entries(table.sameAs)) measures[m] = cells[from];
    return { key: Object.fromEntries(dimensions.map((d) => [d, cells[d]])), ...measures };
  });
}

describe('figureTable', () => {
  it.each<[string, FigureGroupDto[], string[], object]>([
    [
      'a count: the numerator is the value, the rest is the same everywhere',
      [
        group({ year: 2009, country: 'PH' }, { value: 33, numerator: 33 }),
        group({ year: 2010, country: null }, { value: 4, numerator: 4, unknown: 4 }),
      ],
      ['year', 'country'],
      {
        columns: ['year', 'country', 'value', 'unknown'],
        rows: [
          [2009, 'PH', 33, 0],
          [2010, null, 4, 4],
        ],
        constant: { denominator: null, held: 0, note: null },
        sameAs: { numerator: 'value' },
      },
    ],
    [
      'a ratio: every measure varies',
      [
        group({ region: 'africa' }, { value: 0.5, numerator: 1, denominator: 2, held: 3 }),
        group(
          { region: 'arab_states' },
          { value: null, numerator: 0, denominator: 0, note: 'no case in this group' },
        ),
      ],
      ['region'],
      {
        columns: ['region', 'value', 'numerator', 'denominator', 'held', 'note'],
        rows: [
          ['africa', 0.5, 1, 2, 3, null],
          ['arab_states', null, 0, 0, 0, 'no case in this group'],
        ],
        constant: { unknown: 0 },
        sameAs: {},
      },
    ],
    [
      'no group: every measure is a column',
      [],
      ['year'],
      { columns: ['year', ...GROUP_MEASURES], rows: [], constant: {}, sameAs: {} },
    ],
  ])('%s', (_name, groups, dimensions, expected) => {
    const table = figureTable(groups, dimensions);
    expect(table).toEqual(expected);
    expect(rebuild(table, dimensions)).toEqual(groups);
  });
});
