import type { FigureDto, FigureGroupDto } from './dto/figure.dto.js';
import type { HeldCount } from './held-in-figures.repository.js';

type Key = FigureGroupDto['key'];
const keyOf = (key: Key, dimensions: string[]) =>
  JSON.stringify(dimensions.map((d) => key[d] ?? null));

/** The figures' group order: by each dimension in turn, unknown (null) last. */
function compareKeys(a: Key, b: Key, dimensions: string[]): number {
  for (const d of dimensions) {
    const x = a[d] ?? null;
    const y = b[d] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/**
 * A figure with the imported records held for a reviewer that may fall in its scope: in total,
 * per group where a record can be placed in one (a group with held records and no case is added,
 * unless the figure lists only some groups, as the impunity index does), and a note.
 */
export function withHeldRecords(
  figure: FigureDto,
  held: HeldCount,
  dimensions: string[],
  options: { asRatio: boolean; addGroups: boolean },
): FigureDto {
  const byKey = new Map(held.groups.map((g) => [keyOf(g.key, dimensions), g.held]));
  const groups = figure.groups.map((g) => {
    const key = keyOf(g.key, dimensions);
    const count = byKey.get(key) ?? 0;
    byKey.delete(key);
    return { ...g, held: count };
  });
  if (options.addGroups && byKey.size) {
    for (const g of held.groups) {
      if (!byKey.has(keyOf(g.key, dimensions))) continue;
      groups.push({
        key: g.key,
        value: options.asRatio ? null : 0,
        numerator: 0,
        denominator: options.asRatio ? 0 : null,
        unknown: 0,
        held: g.held,
        note: options.asRatio ? 'no case in this group' : null,
      });
    }
    groups.sort((a, b) => compareKeys(a.key, b.key, dimensions));
  }
  return {
    ...figure,
    groups,
    held: held.total,
    heldUnplaced: held.unplaced,
    heldNote: heldNote(held, dimensions.length > 0),
  };
}

function heldNote(held: HeldCount, grouped: boolean): string | null {
  if (!held.total) return null;
  const note = `${held.total} imported record(s) held for a reviewer (their country or another fact awaits a decision) may fall in this scope and are not counted in it; reviewers settle them through /api/v1/imports/held`;
  if (!grouped) return note;
  return held.unplaced
    ? `${note}. Each group's held counts those that fall in it; ${held.unplaced} cannot be placed in one group (their candidate countries lie in different groups, or their date is unknown) and are counted in no group`
    : `${note}. Each group's held counts those that fall in it`;
}
