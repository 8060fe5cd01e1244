import { fileURLToPath } from 'node:url';
import { Injectable } from '@nestjs/common';
import { Eta } from 'eta';
import { AppConfig } from '../config/app-config.js';
import { LANGUAGE_NAMES, LANGUAGES, type Language, type Locale, localeFor } from './i18n/locale.js';

const TEMPLATES = fileURLToPath(new URL('./templates', import.meta.url));

/** Parameters of the case list that page it rather than filter it: a feed takes the filters only. */
const PAGING = new Set(['limit', 'cursor', 'withTotal', 'sort', 'lang']);

/** The Atom feed (`cases` or `status-changes`, at the site's root) of the cases a list's filters select. */
export function feedHref(kind: 'cases' | 'status-changes', filters: Record<string, unknown> = {}) {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(filters))
    if (!PAGING.has(k) && v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const text = search.toString();
  return `/feeds/${kind}.atom${text ? `?${text}` : ''}`;
}

/** Where a page is and in which language it was asked for, so links keep the reader's choice. */
export interface PageContext {
  language: Language;
  /** The language came from the `lang` parameter (links carry it) rather than the browser. */
  explicit: boolean;
  path: string;
  query: Record<string, string>;
}

/**
 * Renders pages from the Eta templates in ./templates, which escape everything they print unless
 * told otherwise (the only raw output is the server-made chart SVG and JSON-LD).
 */
@Injectable()
export class SiteRenderer {
  private readonly eta = new Eta({
    views: TEMPLATES,
    autoEscape: true,
    autoTrim: [false, 'nl'],
    cache: true,
    useWith: false,
  });

  constructor(private readonly config: AppConfig) {}

  /** The base of absolute URLs (canonical links, citations, embeds). */
  baseUrl(): string {
    return (
      this.config.publicBaseUrl ??
      `http://${this.config.host === '0.0.0.0' ? 'localhost' : this.config.host}:${this.config.port}`
    );
  }

  render(template: string, context: PageContext, page: Record<string, unknown>): string {
    const l: Locale = localeFor(context.language);
    const href = (path: string, params: Record<string, unknown> = {}) => {
      const search = new URLSearchParams();
      for (const [k, v] of Object.entries(params))
        if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
      if (context.explicit && !search.has('lang')) search.set('lang', context.language);
      const text = search.toString();
      return text ? `${path}?${text}` : path;
    };
    const switchTo = LANGUAGES.map((language) => ({
      language,
      name: LANGUAGE_NAMES[language],
      current: language === context.language,
      href: `${context.path}?${new URLSearchParams({ ...context.query, lang: language })}`,
    }));
    return this.eta.render(template, {
      ...page,
      l,
      t: l.t,
      href,
      feedHref,
      switchTo,
      context,
      base: this.baseUrl(),
    });
  }
}
