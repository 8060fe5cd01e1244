import { PersonDto, PersonSummaryDto } from './dto/person.dto.js';
import { Person } from './person.entity.js';

export const toPersonSummary = (p: Person): PersonSummaryDto => ({
  id: p.id,
  fullName: p.fullName,
  gender: p.gender,
  role: p.role,
});

export const toPersonDto = (p: Person): PersonDto => ({
  ...toPersonSummary(p),
  transliteratedName: p.transliteratedName,
  nationalities: p.nationalities.map((c) => c.trim()),
  employment: p.employment,
  mediaTypes: p.mediaTypes,
  outlets: p.outlets,
  beats: p.beats,
  version: p.version,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});
