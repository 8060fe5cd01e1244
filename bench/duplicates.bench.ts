import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.setup.js';
import { REPO_ROOT } from '../src/config/app-config.js';
import { isConfidentMatch } from '../src/duplicates/duplicates.service.js';
import { ImportsService } from '../src/imports/imports.service.js';
import type { CreateIncidentDto } from '../src/incidents/dto/incident.input.js';
import { IncidentsService } from '../src/incidents/incidents.service.js';
import { openBenchDatabase } from './bench-database.js';

/**
 * Duplicate detection measured on a labelled set: each case carries the label of the killing it
 * records, so a pair is a true duplicate when both labels are equal. Hard cases: spelling
 * variants, a day against a year, names in Arabic and Cyrillic with transliterations, namesakes
 * killed in other years, "Unidentified" victims, different people killed the same day in the same
 * country. Prints precision and recall of the candidate list and of automatic matching, and the
 * false automatic matches (which must be none). With ../shared/data, the CPJ samples are imported
 * afterwards and the candidates they raise are counted (they carry no labels).
 */

interface Labelled {
  label: string;
  fullName: string;
  transliteratedName?: string;
  country: string;
  date: string;
  precision: 'day' | 'month' | 'year';
}

const SET: Labelled[] = [
  {
    label: 'ortega',
    fullName: 'Gerardo Ortega',
    country: 'PH',
    date: '2011-01-24',
    precision: 'day',
  },
  {
    label: 'ortega',
    fullName: 'Gerry Ortega',
    country: 'PH',
    date: '2011-01-01',
    precision: 'year',
  },
  {
    label: 'galizia',
    fullName: 'Daphne Caruana Galizia',
    country: 'MT',
    date: '2017-10-16',
    precision: 'day',
  },
  {
    label: 'galizia',
    fullName: 'Daphne Caruana Galizia',
    country: 'MT',
    date: '2017-01-01',
    precision: 'year',
  },
  { label: 'foley', fullName: 'James Foley', country: 'SY', date: '2014-08-19', precision: 'day' },
  {
    label: 'foley',
    fullName: 'James Wright Foley',
    country: 'SY',
    date: '2014-08-01',
    precision: 'month',
  },
  {
    label: 'abuakleh',
    fullName: 'شيرين أبو عاقلة',
    transliteratedName: 'Shireen Abu Akleh',
    country: 'PS',
    date: '2022-05-11',
    precision: 'day',
  },
  {
    label: 'abuakleh',
    fullName: 'Shireen Abu Akleh',
    country: 'PS',
    date: '2022-05-11',
    precision: 'day',
  },
  {
    label: 'politkovskaya',
    fullName: 'Анна Политковская',
    transliteratedName: 'Anna Politkovskaya',
    country: 'RU',
    date: '2006-10-07',
    precision: 'day',
  },
  {
    label: 'politkovskaya',
    fullName: 'Anna Politkovskaya',
    country: 'RU',
    date: '2006-10-01',
    precision: 'month',
  },
  {
    label: 'dupont',
    fullName: 'Ghislaine Dupont',
    country: 'ML',
    date: '2013-11-02',
    precision: 'day',
  },
  {
    label: 'dupont',
    fullName: 'Ghislaine Dupont',
    country: 'ML',
    date: '2013-11-02',
    precision: 'day',
  },
  {
    label: 'martinez-2010',
    fullName: 'Juan Carlos Martínez',
    country: 'MX',
    date: '2010-05-01',
    precision: 'day',
  },
  {
    label: 'martinez-2015',
    fullName: 'Juan Carlos Martinez',
    country: 'MX',
    date: '2015-03-01',
    precision: 'day',
  },
  {
    label: 'unidentified-1',
    fullName: 'Unidentified journalist',
    country: 'SY',
    date: '2013-05-01',
    precision: 'day',
  },
  {
    label: 'unidentified-2',
    fullName: 'Unidentified journalist',
    country: 'SY',
    date: '2013-05-01',
    precision: 'day',
  },
  {
    label: 'hassan',
    fullName: 'Ahmed Hassan',
    country: 'IQ',
    date: '2007-06-10',
    precision: 'day',
  },
  {
    label: 'hassan-ali',
    fullName: 'Ahmed Hassan Ali',
    country: 'IQ',
    date: '2007-06-10',
    precision: 'day',
  },
  {
    label: 'gonzalez-maria',
    fullName: 'María González',
    country: 'MX',
    date: '2012-04-02',
    precision: 'day',
  },
  {
    label: 'gonzalez-mario',
    fullName: 'Mario Gonzales',
    country: 'MX',
    date: '2012-04-20',
    precision: 'day',
  },
  {
    label: 'ivanov',
    fullName: 'Игорь Иванов',
    transliteratedName: 'Igor Ivanov',
    country: 'RU',
    date: '2002-03-03',
    precision: 'day',
  },
  {
    label: 'ivanova',
    fullName: 'Irina Ivanova',
    country: 'RU',
    date: '2002-03-03',
    precision: 'day',
  },
];

const ratio = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

async function main(): Promise<void> {
  const { config, close } = await openBenchDatabase();
  try {
    const app = await createApp(config);
    try {
      const incidents = app.get(IncidentsService);
      const actor = { kind: 'admin' as const, label: 'bench' };
      const labelOf = new Map<string, string>();
      for (const entry of SET) {
        const created = await incidents.create(
          {
            dateStart: entry.date,
            datePrecision: entry.precision,
            countryCode: entry.country,
            attackTypes: ['murder'],
            victims: [
              {
                person: { fullName: entry.fullName, transliteratedName: entry.transliteratedName },
                outcome: 'killed',
              },
            ],
          } as unknown as CreateIncidentDto,
          actor,
        );
        labelOf.set(created.victims[0].caseId, entry.label);
      }
      const pairs: { case_a: string; case_b: string; score: string; reasons: string[] }[] =
        await app
          .get(DataSource)
          .query(`SELECT case_a, case_b, score::text, reasons FROM duplicate_candidates`);
      const truePairs = new Set<string>();
      const ids = [...labelOf.keys()];
      for (const [i, a] of ids.entries())
        for (const b of ids.slice(i + 1))
          if (labelOf.get(a) === labelOf.get(b)) truePairs.add([a, b].sort().join());
      const labelled = pairs.filter((p) => labelOf.has(p.case_a) && labelOf.has(p.case_b));
      const same = (p: { case_a: string; case_b: string }) =>
        labelOf.get(p.case_a) === labelOf.get(p.case_b);
      const candidatesTrue = labelled.filter(same).length;
      const automatic = labelled.filter((p) => isConfidentMatch(p.reasons, Number(p.score)));
      const automaticTrue = automatic.filter(same).length;
      const say = (line: string) => void process.stdout.write(`${line}\n`);
      say(`labelled set: ${SET.length} cases, ${truePairs.size} true duplicate pairs`);
      say(
        `candidates: ${labelled.length} pairs, precision ${ratio(candidatesTrue, labelled.length)}, recall ${ratio(candidatesTrue, truePairs.size)}`,
      );
      say(
        `automatic:  ${automatic.length} pairs, precision ${ratio(automaticTrue, automatic.length)}, recall ${ratio(automaticTrue, truePairs.size)}, false automatic matches ${automatic.length - automaticTrue}`,
      );
      for (const p of labelled.filter((x) => !same(x)))
        say(
          `  false candidate: ${labelOf.get(p.case_a)} / ${labelOf.get(p.case_b)} ${p.score} ${p.reasons.join(' ')}`,
        );
      for (const key of truePairs)
        if (!labelled.some((p) => [p.case_a, p.case_b].sort().join() === key))
          say(`  missed: ${labelOf.get(key.split(',')[0])}`);

      const data = path.resolve(REPO_ROOT, '..', 'shared', 'data');
      if (existsSync(path.join(data, 'cpj-api-sample.csv'))) {
        const imports = app.get(ImportsService);
        for (const [format, name] of [
          ['cpj-api', 'cpj-api-sample.csv'],
          ['cpj-legacy', 'cpj-legacy-sample.csv'],
        ] as const) {
          const options = {
            format,
            mode: 'commit_valid' as const,
            fallbackEncoding: 'windows-1252',
          };
          const job = await imports.createJob(name, options, actor);
          const started = Date.now();
          const done = await imports.run(job.id, path.join(data, name), options, actor);
          const summary = done.summary as {
            created?: number;
            records?: number;
            attached?: number;
            attachedRecords?: { key: string; caseId: string }[];
          } | null;
          const [{ n }] = await app
            .get(DataSource)
            .query(`SELECT count(*)::int AS n FROM duplicate_candidates`);
          say(
            `import ${name}: ${summary?.records ?? 0} records, ${summary?.created ?? 0} cases created in ${((Date.now() - started) / 1000).toFixed(1)} s; ${summary?.attached ?? 0} attached to stored cases; candidate pairs now ${n} (unlabelled)`,
          );
          // Each attachment, with the label of the case it joined, to be read for false merges.
          for (const a of summary?.attachedRecords ?? [])
            say(`  attached: ${a.key} -> ${labelOf.get(a.caseId) ?? 'an imported case'}`);
        }
      }
    } finally {
      await app.close();
    }
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
