import type { EntityManager } from 'typeorm';

/** Council of Europe Safety of Journalists Platform: its five categories of alert. */
const COE = {
  physical: 'attacks_on_physical_safety_and_integrity',
  detention: 'detention_and_imprisonment',
  harassment: 'harassment_and_intimidation',
  impunity: 'impunity',
  chilling: 'other_acts_having_chilling_effects',
} as const;
/** Mapping Media Freedom: its five attack types. */
const MFRR = {
  physical: 'physical_attack',
  verbal: 'verbal_attack',
  legal: 'legal_incident',
  property: 'attack_to_property',
  censorship: 'censorship',
} as const;

type AttackType = [code: string, parent: string | null, label: string, coe: string, mfrr: string];

/** DESIGN §2's attack-type tree; a parent's mapping applies to children that do not override it. */
export const ATTACK_TYPES: AttackType[] = [
  ['killing', null, 'Killing', COE.physical, MFRR.physical],
  ['murder', 'killing', 'Murder (targeted, in reprisal for work)', COE.physical, MFRR.physical],
  ['crossfire_combat', 'killing', 'Crossfire or combat', COE.physical, MFRR.physical],
  ['dangerous_assignment', 'killing', 'Dangerous assignment', COE.physical, MFRR.physical],
  ['physical', null, 'Physical attack', COE.physical, MFRR.physical],
  ['assault', 'physical', 'Assault', COE.physical, MFRR.physical],
  ['abduction', 'physical', 'Abduction', COE.physical, MFRR.physical],
  ['hostage_taking', 'physical', 'Hostage-taking', COE.physical, MFRR.physical],
  ['enforced_disappearance', 'physical', 'Enforced disappearance', COE.physical, MFRR.physical],
  ['detention', null, 'Detention', COE.detention, MFRR.legal],
  ['arrest', 'detention', 'Arrest', COE.detention, MFRR.legal],
  ['pretrial_detention', 'detention', 'Pre-trial detention', COE.detention, MFRR.legal],
  ['imprisonment', 'detention', 'Imprisonment', COE.detention, MFRR.legal],
  ['house_arrest', 'detention', 'House arrest', COE.detention, MFRR.legal],
  ['verbal_online', null, 'Verbal and online attack', COE.harassment, MFRR.verbal],
  ['threat', 'verbal_online', 'Threat', COE.harassment, MFRR.verbal],
  ['harassment', 'verbal_online', 'Harassment', COE.harassment, MFRR.verbal],
  ['online_harassment', 'verbal_online', 'Online harassment', COE.harassment, MFRR.verbal],
  ['doxxing', 'verbal_online', 'Doxxing', COE.harassment, MFRR.verbal],
  ['impersonation', 'verbal_online', 'Impersonation', COE.harassment, MFRR.verbal],
  ['property', null, 'Attack on property', COE.chilling, MFRR.property],
  ['equipment_destroyed', 'property', 'Equipment destroyed', COE.physical, MFRR.property],
  ['raid', 'property', 'Raid', COE.harassment, MFRR.property],
  ['hacking', 'property', 'Hacking', COE.harassment, MFRR.property],
  ['legal', null, 'Legal action', COE.harassment, MFRR.legal],
  ['criminal_charge', 'legal', 'Criminal charge', COE.harassment, MFRR.legal],
  ['civil_lawsuit', 'legal', 'Civil lawsuit (including SLAPP)', COE.chilling, MFRR.legal],
  ['surveillance', 'legal', 'Surveillance', COE.chilling, MFRR.legal],
  ['censorship', null, 'Censorship', COE.chilling, MFRR.censorship],
];

export const PERPETRATOR_TYPES: [code: string, label: string][] = [
  ['government_official', 'Government official'],
  ['military', 'Military'],
  ['police_security', 'Police or security forces'],
  ['paramilitary', 'Paramilitary group'],
  ['political_group', 'Political group'],
  ['criminal_group', 'Criminal group'],
  ['local_residents', 'Local residents'],
  ['mob', 'Mob'],
  ['private_individual', 'Private individual'],
  ['unknown', 'Unknown'],
];

/** Upserts the attack-type tree and the perpetrator types. Idempotent. */
export async function seedTaxonomy(manager: EntityManager): Promise<number> {
  // Parents first, so the self-reference is satisfied row by row.
  const ordered = [...ATTACK_TYPES.filter((t) => !t[1]), ...ATTACK_TYPES.filter((t) => t[1])];
  await manager.query(
    `INSERT INTO attack_types (code, parent_code, label, coe_category, mfrr_category, sort_order)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[])
     ON CONFLICT (code) DO UPDATE SET parent_code = EXCLUDED.parent_code, label = EXCLUDED.label,
       coe_category = EXCLUDED.coe_category, mfrr_category = EXCLUDED.mfrr_category, sort_order = EXCLUDED.sort_order`,
    [
      ...[0, 1, 2, 3, 4].map((i) => ordered.map((t) => t[i])),
      ordered.map((t) => ATTACK_TYPES.indexOf(t)),
    ],
  );
  await manager.query(
    `INSERT INTO perpetrator_types (code, label, sort_order)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[])
     ON CONFLICT (code) DO UPDATE SET label = EXCLUDED.label, sort_order = EXCLUDED.sort_order`,
    [
      PERPETRATOR_TYPES.map((p) => p[0]),
      PERPETRATOR_TYPES.map((p) => p[1]),
      PERPETRATOR_TYPES.map((_, i) => i),
    ],
  );
  return ATTACK_TYPES.length + PERPETRATOR_TYPES.length;
}
