import { ReferenceData1763870000000 } from './1763870000000-reference-data.js';
import { CaseRegistry1763880000000 } from './1763880000000-case-registry.js';
import { JudicialStatus1763890000000 } from './1763890000000-judicial-status.js';
import { DgRequests1763900000000 } from './1763900000000-dg-requests.js';
import { Population1763950000000 } from './1763950000000-population.js';
import { Statistics1763955000000 } from './1763955000000-statistics.js';
import { Imports1763960000000 } from './1763960000000-imports.js';
import { MembersAndReview1763970000000 } from './1763970000000-members-and-review.js';
import { BulkWriteTriggers1763980000000 } from './1763980000000-bulk-write-triggers.js';
import { StatusPeriods1763990000000 } from './1763990000000-status-periods.js';
import { PublishedFiguresRevision1764000000000 } from './1764000000000-published-figures-revision.js';
import { CaseExportRows1764010000000 } from './1764010000000-case-export-rows.js';
import { IncidentTranslations1764020000000 } from './1764020000000-incident-translations.js';
import { CitationContentIds1764030000000 } from './1764030000000-citation-content-ids.js';
import { EventsAndWebhooks1764060000000 } from './1764060000000-events-and-webhooks.js';
import { CpjKeysWithDates1764105000000 } from './1764105000000-cpj-keys-with-dates.js';
import { ImportJobRunners1764106000000 } from './1764106000000-import-job-runners.js';
import { Releases1764110000000 } from './1764110000000-releases.js';
import { Duplicates1764120000000 } from './1764120000000-duplicates.js';
import { ExportRowsInstants1764200000000 } from './1764200000000-export-rows-instants.js';
import { PublishedFigureScope1764200000001 } from './1764200000001-published-figure-scope.js';
import { DropCaseExportRows1764210000000 } from './1764210000000-drop-case-export-rows.js';
import { TranslationProposals1764230000000 } from './1764230000000-translation-proposals.js';
import { CaseMerges1764300000000 } from './1764300000000-case-merges.js';
import { DeliveryBatchesAndRetention1764310000000 } from './1764310000000-delivery-batches-and-retention.js';
import { HeldRecordsPlaced1764320000000 } from './1764320000000-held-records-placed.js';
import { StatusRefreshPlans1764330000000 } from './1764330000000-status-refresh-plans.js';

/** Every migration, in order. A new migration file is added here as well. */
export const migrations = [
  ReferenceData1763870000000,
  CaseRegistry1763880000000,
  JudicialStatus1763890000000,
  DgRequests1763900000000,
  Population1763950000000,
  Statistics1763955000000,
  Imports1763960000000,
  MembersAndReview1763970000000,
  BulkWriteTriggers1763980000000,
  StatusPeriods1763990000000,
  PublishedFiguresRevision1764000000000,
  CaseExportRows1764010000000,
  IncidentTranslations1764020000000,
  CitationContentIds1764030000000,
  EventsAndWebhooks1764060000000,
  CpjKeysWithDates1764105000000,
  ImportJobRunners1764106000000,
  Releases1764110000000,
  Duplicates1764120000000,
  ExportRowsInstants1764200000000,
  PublishedFigureScope1764200000001,
  DropCaseExportRows1764210000000,
  TranslationProposals1764230000000,
  CaseMerges1764300000000,
  DeliveryBatchesAndRetention1764310000000,
  HeldRecordsPlaced1764320000000,
  StatusRefreshPlans1764330000000,
];
