/**
 * Demonstration data: a few well-documented cases, from public reporting. Only what is certain is
 * filled in; what is not (outlets of some victims, context, perpetrators where responsibility is
 * disputed, monitors' ids) is left out rather than guessed. The Ampatuan massacre killed 32
 * journalists and media workers; only some of them are entered here.
 */

export interface DemoVictim {
  person: {
    fullName: string;
    gender: 'female' | 'male';
    nationalities: string[];
    role: 'journalist' | 'media_worker';
    employment?: 'staff' | 'freelance';
    mediaTypes?: ('print' | 'radio' | 'television')[];
    outlets?: string[];
    beats?: string[];
  };
  outcome: 'killed';
  localForeign: 'local' | 'foreign';
  classifications?: { monitor: 'cpj'; motive: 'confirmed'; typeOfDeath: string }[];
}

export interface DemoIncident {
  dateStart: string;
  datePrecision: 'day';
  countryCode: string;
  place: string;
  context?: 'conflict' | 'non_conflict';
  attackTypes: string[];
  perpetratorTypes: string[];
  description: string;
  sourceLinks: string[];
  victims: DemoVictim[];
}

const CPJ_MURDER = [
  { monitor: 'cpj' as const, motive: 'confirmed' as const, typeOfDeath: 'murder' },
];

const ampatuanVictim = (
  fullName: string,
  gender: 'female' | 'male',
  mediaType: 'print' | 'radio' | 'television',
  outlet: string,
): DemoVictim => ({
  person: {
    fullName,
    gender,
    nationalities: ['PH'],
    role: 'journalist',
    mediaTypes: [mediaType],
    outlets: [outlet],
  },
  outcome: 'killed',
  localForeign: 'local',
  classifications: CPJ_MURDER,
});

export const DEMO_INCIDENTS: DemoIncident[] = [
  {
    dateStart: '2009-11-23',
    datePrecision: 'day',
    countryCode: 'PH',
    place: 'Sitio Masalay, Barangay Salman, Ampatuan, Maguindanao',
    attackTypes: ['murder'],
    perpetratorTypes: ['government_official', 'paramilitary'],
    description:
      'A convoy taking relatives and supporters of Esmael Mangudadatu to file his candidacy for governor of ' +
      'Maguindanao, with the journalists covering it, was stopped by armed men and its passengers killed: ' +
      '58 people, 32 of them journalists and media workers. Members of the Ampatuan clan, among them ' +
      'Andal Ampatuan Jr., then mayor of Datu Unsay, were convicted of the killings in December 2019.',
    sourceLinks: ['https://en.wikipedia.org/wiki/Maguindanao_massacre'],
    victims: [
      ampatuanVictim('Alejandro Reblando', 'male', 'print', 'Manila Bulletin'),
      ampatuanVictim('Marife Montaño', 'female', 'print', 'Saksi News'),
      ampatuanVictim('Victor Nuñez', 'male', 'television', 'UNTV'),
      ampatuanVictim('Bartolome Maravilla', 'male', 'radio', 'Bombo Radyo'),
      ampatuanVictim('Andres Teodoro', 'male', 'print', 'Central Mindanao Inquirer'),
      ampatuanVictim('Henry Araneta', 'male', 'radio', 'DZRH'),
    ],
  },
  {
    dateStart: '2013-11-02',
    datePrecision: 'day',
    countryCode: 'ML',
    place: 'Kidal',
    attackTypes: ['abduction', 'murder'],
    perpetratorTypes: [],
    description:
      'Two Radio France Internationale journalists were abducted by armed men in Kidal after an interview and ' +
      'found shot dead outside the town the same day. Al-Qaeda in the Islamic Maghreb claimed responsibility.',
    sourceLinks: ['https://fr.wikipedia.org/wiki/Ghislaine_Dupont'],
    victims: [
      {
        person: {
          fullName: 'Ghislaine Dupont',
          gender: 'female',
          nationalities: ['FR'],
          role: 'journalist',
          employment: 'staff',
          mediaTypes: ['radio'],
          outlets: ['Radio France Internationale'],
        },
        outcome: 'killed',
        localForeign: 'foreign',
      },
      {
        person: {
          fullName: 'Claude Verlon',
          gender: 'male',
          nationalities: ['FR'],
          role: 'media_worker',
          employment: 'staff',
          mediaTypes: ['radio'],
          outlets: ['Radio France Internationale'],
        },
        outcome: 'killed',
        localForeign: 'foreign',
      },
    ],
  },
  {
    dateStart: '2011-01-24',
    datePrecision: 'day',
    countryCode: 'PH',
    place: 'Puerto Princesa, Palawan',
    context: 'non_conflict',
    attackTypes: ['murder'],
    perpetratorTypes: [],
    description:
      'Gerardo “Gerry” Ortega, a radio broadcaster and environmental campaigner who criticised mining in ' +
      'Palawan, was shot in the head while in a shop in Puerto Princesa. The gunman was caught; who ordered ' +
      'the killing has been the subject of a long prosecution.',
    sourceLinks: ['https://en.wikipedia.org/wiki/Gerry_Ortega'],
    victims: [
      {
        person: {
          fullName: 'Gerardo Ortega',
          gender: 'male',
          nationalities: ['PH'],
          role: 'journalist',
          mediaTypes: ['radio'],
          outlets: ['DWAR'],
          beats: ['environment'],
        },
        outcome: 'killed',
        localForeign: 'local',
      },
    ],
  },
];
