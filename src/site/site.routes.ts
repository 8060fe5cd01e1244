import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Injectable, Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/domain-error.js';
import { ANONYMOUS_CACHE_CONTROL } from '../statistics/conditional-reply.js';
import { chartPng } from './charts/figure-chart.js';
import { localeFor, negotiateLanguage } from './i18n/locale.js';
import { type CachedPage, PageCache } from './page-cache.js';
import { siteHeaders } from './security-headers.js';
import { SiteFiguresService } from './site-figures.service.js';
import { readQuery } from './site-input.js';
import { SitePagesService } from './site-pages.service.js';
import { type PageContext, SiteRenderer } from './site-renderer.js';
import { ListCasesQuery } from '../cases/dto/list-cases.query.js';
import { API_PREFIX_PATH } from './site-paths.js';

type Query = Record<string, string>;
type Produce = (
  request: FastifyRequest,
  context: PageContext,
) => Promise<{ body: string | Buffer; contentType: string; filename?: string }>;

const HTML = 'text/html; charset=utf-8';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CITATION_API = new RegExp(
  `^${API_PREFIX_PATH}/citations/([0-9a-f]{24}|[0-9a-f]{64})(?:\\?.*)?$`,
);
const STYLESHEET = readFileSync(fileURLToPath(new URL('./assets/site.css', import.meta.url)));
const SCRIPT = readFileSync(fileURLToPath(new URL('./assets/site.js', import.meta.url)));

/** Whether a client asks for a page rather than JSON (a browser following a pasted link). */
const prefersHtml = (accept: string | undefined) =>
  !!accept && /\btext\/html\b/.test(accept) && !/^\s*application\/json/.test(accept);

/**
 * The public site's routes: adapters from HTTP to the page services and templates. They sit on
 * Fastify directly, beside the API (which lives under /api/v1), each reply carrying the site's own
 * security headers; pages are answered from the page cache while the dataset revision stands.
 */
@Injectable()
export class SiteRoutes {
  constructor(
    private readonly pages: SitePagesService,
    private readonly figures: SiteFiguresService,
    private readonly renderer: SiteRenderer,
    private readonly cache: PageCache,
  ) {}

  private readonly log = new Logger('Site');

  register(fastify: FastifyInstance): void {
    // A citation's API URL pasted into a browser opens the citation page.
    fastify.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'GET' || !prefersHtml(request.headers.accept)) return undefined;
      const match = CITATION_API.exec(request.url);
      if (!match) return undefined;
      reply.header('Vary', 'Accept, Accept-Language');
      await this.citationPage(match[1])(request, reply);
      return reply;
    });
    void fastify.register(async (site) => {
      site.get('/assets/site.css', (_q, reply) =>
        this.asset(reply, STYLESHEET, 'text/css; charset=utf-8'),
      );
      site.get('/assets/site.js', (_q, reply) =>
        this.asset(reply, SCRIPT, 'text/javascript; charset=utf-8'),
      );
      site.get(
        '/',
        this.page('home', (_r, c) => this.figures.home(localeFor(c.language))),
      );
      site.get(
        '/cases',
        this.page('cases', async (r) =>
          this.pages.caseSearch(await readQuery(ListCasesQuery, r.query as Query)),
        ),
      );
      site.get<{ Params: { id: string } }>('/cases/:id', (request, reply) =>
        UUID.test(request.params.id)
          ? this.page('case', () => this.pages.casePage(request.params.id.toLowerCase()))(
              request,
              reply,
            )
          : this.notFound(request, reply),
      );
      site.get<{ Params: { code: string } }>('/countries/:code', (request, reply) =>
        /^[A-Za-z]{2}$/.test(request.params.code)
          ? this.page('country', (_r, c) =>
              this.pages.countryPage(request.params.code, localeFor(c.language)),
            )(request, reply)
          : this.notFound(request, reply),
      );
      site.get(
        '/figures',
        this.page('figures', async (r, c) =>
          this.figures.builder(await this.figures.choose(r.query as Query), localeFor(c.language)),
        ),
      );
      site.get(
        '/figures.csv',
        this.file(async (r, c) => ({
          body: await this.figures.csv(
            await this.figures.choose(r.query as Query),
            localeFor(c.language),
          ),
          contentType: 'text/csv; charset=utf-8',
          filename: 'figure.csv',
        })),
      );
      site.post('/figures/cite', (request, reply) => this.cite(request, reply));
      site.get<{ Params: { id: string } }>('/c/:id', (request, reply) =>
        this.citationPage(request.params.id)(request, reply),
      );
      site.get('/unesco-requests', (request, reply) => this.latestRequests(request, reply));
      site.get<{ Params: { year: string } }>('/unesco-requests/:year', (request, reply) =>
        /^\d{4}$/.test(request.params.year)
          ? this.page('requests', () => this.pages.requestsPage(Number(request.params.year)))(
              request,
              reply,
            )
          : this.notFound(request, reply),
      );
      site.get(
        '/about/methods',
        this.page('methods', async () => ({ definitions: this.figures.definitions() })),
      );
      site.get(
        '/embed/figures',
        this.page(
          'embed',
          async (r, c) =>
            this.figures.builder(
              await this.figures.choose(r.query as Query),
              localeFor(c.language),
            ),
          'any',
        ),
      );
      site.get(
        '/embed/figures.svg',
        this.file(async (r, c) => {
          const { chart } = await this.figures.builder(
            await this.figures.choose(r.query as Query),
            localeFor(c.language),
          );
          return {
            body: chart.svg,
            contentType: 'image/svg+xml; charset=utf-8',
            filename: 'figure.svg',
          };
        }, 'any'),
      );
      site.get(
        '/embed/figures.png',
        this.file(async (r, c) => {
          const { chart } = await this.figures.builder(
            await this.figures.choose(r.query as Query),
            localeFor(c.language),
          );
          return { body: chartPng(chart.svg), contentType: 'image/png', filename: 'figure.png' };
        }, 'any'),
      );
    });
  }

  private context(request: FastifyRequest): PageContext {
    const query = Object.fromEntries(
      Object.entries((request.query ?? {}) as Record<string, unknown>)
        .filter(([k, v]) => k !== 'lang' && typeof v === 'string')
        .map(([k, v]) => [k, String(v)]),
    );
    const { language, explicit } = negotiateLanguage(
      (request.query as Query | undefined)?.lang,
      request.headers['accept-language'],
    );
    return { language, explicit, path: request.url.split('?')[0], query };
  }

  /** A page rendered from a template with what `load` gathers, through the page cache. */
  private page(
    template: string,
    load: (request: FastifyRequest, context: PageContext) => Promise<object>,
    framing: 'deny' | 'any' = 'deny',
  ) {
    return this.file(
      async (request, context) => ({
        body: this.renderer.render(template, context, {
          ...(await load(request, context)),
        } as Record<string, unknown>),
        contentType: HTML,
      }),
      framing,
    );
  }

  /** Any cacheable response (page, CSV, SVG, PNG): 304 for a current copy, else cached bytes. */
  private file(produce: Produce, framing: 'deny' | 'any' = 'deny') {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const context = this.context(request);
      siteHeaders(reply, framing).header('Vary', 'Accept-Language');
      const found = await this.cache.lookup(
        context.language,
        request.url,
        request.headers['if-none-match'],
      );
      if (found.kind === 'not-modified')
        return reply
          .code(304)
          .header('ETag', found.etag)
          .header('Cache-Control', ANONYMOUS_CACHE_CONTROL)
          .send();
      let page: CachedPage;
      if (found.kind === 'hit') page = found.page;
      else {
        try {
          const made = await produce(request, context);
          page = found.store(
            Buffer.isBuffer(made.body) ? made.body : Buffer.from(made.body),
            made.contentType,
          );
          if (made.filename)
            reply.header('Content-Disposition', `inline; filename="${made.filename}"`);
        } catch (error) {
          return this.failure(error, request, reply, context);
        }
      }
      if (page.contentType !== HTML && !reply.hasHeader('Content-Disposition')) {
        const extension = page.contentType.split(';')[0].split('/')[1].replace('svg+xml', 'svg');
        reply.header('Content-Disposition', `inline; filename="figure.${extension}"`);
      }
      return reply
        .header('ETag', page.etag)
        .header('Cache-Control', ANONYMOUS_CACHE_CONTROL)
        .type(page.contentType)
        .send(page.body);
    };
  }

  private citationPage(id: string) {
    return (request: FastifyRequest, reply: FastifyReply) =>
      /^(?:[0-9a-f]{24}|[0-9a-f]{64})$/.test(id)
        ? this.page('citation', (_r, c) => this.figures.citation(id, localeFor(c.language)))(
            request,
            reply,
          )
        : this.notFound(request, reply);
  }

  private async cite(request: FastifyRequest, reply: FastifyReply) {
    const context = this.context(request);
    siteHeaders(reply, 'deny');
    try {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const language = typeof body.lang === 'string' ? body.lang : undefined;
      const id = await this.figures.cite(await this.figures.choose(body));
      const lang = language ?? (context.explicit ? context.language : undefined);
      return reply.redirect(`/c/${id}${lang ? `?lang=${encodeURIComponent(lang)}` : ''}`, 303);
    } catch (error) {
      return this.failure(error, request, reply, context);
    }
  }

  private async latestRequests(request: FastifyRequest, reply: FastifyReply) {
    const context = this.context(request);
    siteHeaders(reply, 'deny');
    try {
      const year = await this.pages.latestRequestYear();
      const lang = context.explicit ? `?lang=${context.language}` : '';
      return reply.redirect(`/unesco-requests/${year}${lang}`, 302);
    } catch (error) {
      return this.failure(error, request, reply, context);
    }
  }

  private asset(reply: FastifyReply, body: Buffer, type: string) {
    return reply
      .header('Cache-Control', 'public, max-age=3600')
      .header('X-Content-Type-Options', 'nosniff')
      .type(type)
      .send(body);
  }

  private notFound(request: FastifyRequest, reply: FastifyReply) {
    const context = this.context(request);
    siteHeaders(reply, 'deny');
    return this.errorPage(reply, context, 404, []);
  }

  /** A service's refusal as a page: 404 for what does not exist, 400 naming each bad field. */
  private failure(
    error: unknown,
    request: FastifyRequest,
    reply: FastifyReply,
    context: PageContext,
  ) {
    if (error instanceof DomainError && error.movedTo) {
      // A merged case's page lives under its survivor's id.
      const { from, to } = error.movedTo;
      return reply.redirect(request.url.replace(`/${from}`, `/${to}`), 301);
    }
    if (error instanceof DomainError) {
      const status =
        error.kind === 'not_found'
          ? 404
          : error.kind === 'unavailable'
            ? 503
            : error.kind === 'invalid_input'
              ? 400
              : 422;
      return this.errorPage(reply, context, status, error.details);
    }
    const status = (error as { statusCode?: number; status?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 600)
      return this.errorPage(reply, context, status, []);
    this.log.error(`${request.url}: ${error instanceof Error ? error.stack : String(error)}`);
    return this.errorPage(reply, context, 500, []);
  }

  private errorPage(
    reply: FastifyReply,
    context: PageContext,
    status: number,
    details: { field: string; message: string }[],
  ) {
    reply.header('Cache-Control', 'no-store');
    return reply
      .code(status)
      .type(HTML)
      .send(this.renderer.render('error', context, { status, details }));
  }
}
