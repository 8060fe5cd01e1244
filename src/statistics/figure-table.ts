import type {
  CompactFigureDto,
  FigureDto,
  FigureGroupDto,
  FigureTableDto,
} from './dto/figure.dto.js';

/** A group's figures, in the order a table gives them after the dimensions. */
export const GROUP_MEASURES = [
  'value',
  'numerator',
  'denominator',
  'unknown',
  'held',
  'note',
] as const;
type Measure = (typeof GROUP_MEASURES)[number];

/**
 * A figure's groups as one table: a row of values per group, the dimensions first. What would
 * repeat in every group is said once: a measure with the same value in every group goes to
 * `constant`, one equal to an earlier column in every group (a count's value is its numerator)
 * to `sameAs`. A group is the row's cells by `columns`, plus `constant`, plus each `sameAs`
 * measure copied from the column it names.
 */
export function figureTable(groups: FigureGroupDto[], dimensions: string[]): FigureTableDto {
  const constant: Record<string, unknown> = {};
  const sameAs: Record<string, string> = {};
  const measures: Measure[] = [];
  for (const measure of GROUP_MEASURES) {
    if (groups.length === 0) {
      measures.push(measure);
      continue;
    }
    const first = groups[0][measure];
    if (groups.every((g) => g[measure] === first)) {
      constant[measure] = first;
      continue;
    }
    const twin = measures.find((other) => groups.every((g) => g[other] === g[measure]));
    if (twin) sameAs[measure] = twin;
    else measures.push(measure);
  }
  return {
    columns: [...dimensions, ...measures],
    rows: groups.map((g) => [
      ...dimensions.map((d) => g.key[d] ?? null),
      ...measures.map((m) => g[m]),
    ]),
    constant,
    sameAs,
  };
}

/** The dimensions a figure's groups are keyed by. */
export const figureDimensions = (figure: FigureDto): string[] =>
  (figure.scope.groupBy as string[] | undefined) ?? Object.keys(figure.groups[0]?.key ?? {});

/** A figure in the compact shape: everything but its groups, which come as one table. */
export function compactFigure(figure: FigureDto): CompactFigureDto {
  const { groups, ...rest } = figure;
  return { ...rest, table: figureTable(groups, figureDimensions(figure)) };
}
