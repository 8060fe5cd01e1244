import { createRequire } from 'node:module';
import isoCountries from 'i18n-iso-countries';
import i18next, { type TFunction } from 'i18next';
import { ar } from './ar.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';

export const LANGUAGES = ['en', 'fr', 'es', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's own name, for the switch (shown in that language whatever the page's). */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  ar: 'العربية',
};

const require = createRequire(import.meta.url);
for (const language of LANGUAGES)
  isoCountries.registerLocale(require(`i18n-iso-countries/langs/${language}.json`));

const i18n = i18next.createInstance();
void i18n.init({
  resources: {
    en: { translation: en },
    fr: { translation: fr },
    es: { translation: es },
    ar: { translation: ar },
  },
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  // Templates escape what they print; i18next must not escape it a second time.
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/**
 * The page's language: the `lang` parameter when it names one of ours, else the first of the
 * browser's Accept-Language ranges (by quality) that we have, else English.
 */
export function negotiateLanguage(
  param: unknown,
  acceptLanguage: string | undefined,
): { language: Language; explicit: boolean } {
  if (isLanguage(param)) return { language: param, explicit: true };
  const ranges = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [range, ...options] = part.trim().split(';');
      const q = options.map((o) => o.trim()).find((o) => o.startsWith('q='));
      return { range: range.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((r) => r.range && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { range } of ranges) {
    const primary = range.split('-')[0];
    if (isLanguage(primary)) return { language: primary, explicit: false };
  }
  return { language: 'en', explicit: false };
}

/** What a template needs to speak the reader's language: strings, names, numbers and dates. */
export class Locale {
  readonly t: TFunction;
  readonly dir: 'ltr' | 'rtl';
  private readonly numbers: Intl.NumberFormat;
  private readonly percents: Intl.NumberFormat;
  private readonly dates: Intl.DateTimeFormat;
  private readonly months: Intl.DateTimeFormat;
  private readonly instants: Intl.DateTimeFormat;
  private readonly languageNames: Intl.DisplayNames;

  constructor(readonly language: Language) {
    this.t = i18n.getFixedT(language);
    this.dir = language === 'ar' ? 'rtl' : 'ltr';
    this.numbers = new Intl.NumberFormat(language, { maximumFractionDigits: 3 });
    this.percents = new Intl.NumberFormat(language, {
      style: 'percent',
      maximumFractionDigits: 1,
    });
    this.dates = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' });
    this.months = new Intl.DateTimeFormat(language, {
      year: 'numeric',
      month: 'long',
      timeZone: 'UTC',
    });
    this.instants = new Intl.DateTimeFormat(language, {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: 'UTC',
    });
    this.languageNames = new Intl.DisplayNames([language], { type: 'language' });
  }

  /** A code's label (status, attack type, outcome…), or the code itself when it has none. */
  label = (code: string | null | undefined): string =>
    code ? (i18n.exists(`enum.${code}`, { lng: 'en' }) ? this.t(`enum.${code}`) : code) : '';

  number = (value: number | null | undefined): string =>
    value === null || value === undefined ? '—' : this.numbers.format(value);

  percent = (value: number | null | undefined): string =>
    value === null || value === undefined ? '—' : this.percents.format(value);

  /** A calendar date (YYYY-MM-DD) at the precision it is known to. */
  date = (value: string | null | undefined, precision = 'day'): string => {
    if (!value) return this.t('common.unknown');
    const at = new Date(`${value.slice(0, 10)}T00:00:00Z`);
    if (Number.isNaN(at.getTime())) return value;
    if (precision === 'year')
      return new Intl.DateTimeFormat(this.language, { year: 'numeric', timeZone: 'UTC' }).format(
        at,
      );
    if (precision === 'month') return this.months.format(at);
    if (precision === 'unknown') return this.t('common.unknown');
    return this.dates.format(at);
  };

  instant = (value: Date | string | null | undefined): string =>
    value ? this.instants.format(new Date(value)) + ' UTC' : '—';

  /** The country's name in this language (i18n-iso-countries), else the name the database has. */
  country = (code: string, fallback?: string): string =>
    isoCountries.getName(code, this.language) ?? fallback ?? code;

  languageName = (tag: string): string => {
    try {
      return this.languageNames.of(tag) ?? tag;
    } catch {
      return tag;
    }
  };
}

const locales = new Map(LANGUAGES.map((l) => [l, new Locale(l)]));
export const localeFor = (language: Language): Locale => locales.get(language)!;
