import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { FigureDto, FigureGroupDto } from '../../statistics/dto/figure.dto.js';
import type { Locale } from '../i18n/locale.js';

/** At most this many bars are drawn; the data table beside the chart lists every group. */
const MAX_BARS = 40;
const FONT = 'DejaVu Sans, Arial, sans-serif';

export interface ChartRow {
  label: string;
  value: number | null;
  shown: string;
  numerator: number | null;
  denominator: number | null;
  unknown: number;
}

/** A chart as the pages use it: the SVG, its title and text alternative, and its data table. */
export interface Chart {
  title: string;
  alt: string;
  svg: string;
  rows: ChartRow[];
  dimension: string | null;
  ratio: boolean;
}

const isRatio = (figure: FigureDto) =>
  figure.figure === 'unresolved_ratio' || figure.figure === 'impunity_share';

/** The label of a group's key in the reader's language (a year, a country, a coded value). */
function groupLabel(group: FigureGroupDto, locale: Locale): string {
  return Object.entries(group.key)
    .map(([dimension, value]) => {
      if (value === null || value === undefined) return locale.t('common.unknown');
      if (dimension === 'year') return String(value);
      if (dimension === 'country') return locale.country(String(value));
      return locale.label(String(value));
    })
    .join(' · ');
}

/** Rows of the chart: one per group, or the whole scope when the figure is not grouped. */
export function chartRows(figure: FigureDto, locale: Locale): ChartRow[] {
  const ratio = isRatio(figure);
  const show = (v: number | null) => (ratio ? locale.percent(v) : locale.number(v));
  const groups: FigureGroupDto[] = figure.groups.length
    ? figure.groups
    : [
        {
          key: {},
          value: figure.value ?? figure.numerator,
          numerator: figure.numerator,
          denominator: figure.denominator,
          unknown: figure.unknown,
          held: figure.held,
          note: null,
        },
      ];
  return groups.map((g) => ({
    label: figure.groups.length ? groupLabel(g, locale) : locale.t('figures.total'),
    value: g.value,
    shown: show(g.value),
    numerator: g.numerator,
    denominator: g.denominator,
    unknown: g.unknown,
  }));
}

function spec(
  rows: ChartRow[],
  title: string,
  axisTitle: string,
  ratio: boolean,
  locale: Locale,
): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: Math.max(240, Math.min(640, rows.length * 36)),
    height: 240,
    background: '#ffffff',
    title: { text: title, anchor: 'start', color: '#1a1a1a', fontSize: 15 },
    data: { values: rows.slice(0, MAX_BARS).map((r) => ({ label: r.label, value: r.value ?? 0 })) },
    mark: { type: 'bar', color: '#1f4e79' },
    encoding: {
      x: {
        field: 'label',
        type: 'nominal',
        sort: null,
        title: null,
        axis: { labelAngle: rows.length > 8 ? -45 : 0, labelLimit: 140, labelColor: '#1a1a1a' },
      },
      y: {
        field: 'value',
        type: 'quantitative',
        title: axisTitle,
        axis: {
          format: ratio ? '.0%' : '~s',
          labelColor: '#1a1a1a',
          titleColor: '#1a1a1a',
          tickMinStep: ratio ? undefined : 1,
        },
        scale: ratio ? { domain: [0, 1] } : undefined,
      },
    },
    config: {
      font: FONT,
      aria: false,
      locale: { number: numberLocale(locale) },
    },
  } as TopLevelSpec;
}

/** d3-format's locale for the reader's language, from Intl, so axis numbers read as the table's. */
function numberLocale(locale: Locale) {
  const parts = new Intl.NumberFormat(locale.language).formatToParts(12345.6);
  return {
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    thousands: parts.find((p) => p.type === 'group')?.value ?? ',',
    grouping: [3],
    currency: ['', ''],
  };
}

const escapeAttribute = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Renders a figure as an SVG chart on the server (Vega-Lite compiled to Vega, Vega to SVG). */
export async function figureChart(
  figure: FigureDto,
  locale: Locale,
  title: string,
): Promise<Chart> {
  const rows = chartRows(figure, locale);
  const ratio = isRatio(figure);
  const dimension = Object.keys(figure.groups[0]?.key ?? {})[0] ?? null;
  const summary = rows.length
    ? rows
        .slice(0, 12)
        .map((r) => `${r.label} ${r.shown}`)
        .join('; ') + (rows.length > 12 ? '…' : '')
    : locale.t('common.noData');
  const alt = locale.t('common.chartAlt', { title, summary });
  const view = new vega.View(
    vega.parse(compile(spec(rows, title, locale.t(`figure.${figure.figure}`), ratio, locale)).spec),
    { renderer: 'none' },
  );
  const rendered = await view.toSVG();
  view.finalize();
  // The SVG is one image with a text alternative; its own marks are not read one by one.
  const svg = rendered
    .replace(/ (?:role|aria-[a-z]+)="[^"]*"/g, '')
    .replace(/^<svg /, `<svg role="img" aria-label="${escapeAttribute(alt)}" focusable="false" `);
  return { title, alt, svg, rows, dimension, ratio };
}

/** The chart as a PNG (for downloads), drawn from the same SVG with the system's fonts. */
export function chartPng(svg: string): Buffer {
  return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } })
    .render()
    .asPng();
}
