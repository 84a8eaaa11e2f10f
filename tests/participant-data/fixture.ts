// A full monitoring record and one who refused the sensitive questions, as the API takes them, and the
// project they are registered in (2021-2027, with its centre as the letters' sender), shared by the API
// and the browser tests of the participant data.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect';
import { createProject } from '../helpers/journeys';

export const CENTRE = { name: 'Miejski Ośrodek Pomocy Rodzinie w Raciborzu', street: 'ul. Ogrodowa 31', postcode: '47-400', town: 'Racibórz', phone: '32 415 29 19' };

/** A project of the period, with its centre; returns its id. */
export async function dataProject(db: Db, programmePeriod: '2014-2020' | '2021-2027'): Promise<string> {
  const id = await createProject(db, `PD-${randomUUID().slice(0, 8)}`);
  const { config } = await db.selectFrom('projects').select('config').where('id', '=', id).executeTakeFirstOrThrow();
  await db.updateTable('projects').set({ config: JSON.stringify({ ...(config as object), programmePeriod, centre: CENTRE }) }).where('id', '=', id).execute();
  return id;
}

/** Everything the form captures, for an unemployed adult of the Racibórz county. */
export const fullRecord = {
  address: { voivodeship: 'śląskie', county: 'Raciborski', commune: 'Krzyżanowice', locality: 'Tworków', street: 'Długa', building: '12', flat: '3', postcode: '47-451' },
  phone: '+48 501 234 567',
  email: 'jan.kowalczyk@example.pl',
  education: 'isced3',
  labourStatus: 'unemployed_registered',
  labourStatusDetail: 'long_term',
  citizenship: 'polish',
  disadvantage: { minority: 'no', foreignOrigin: 'yes', homeless: 'no', otherDisadvantage: 'yes' },
} as const;

/** Bytom (DEGURBA 1 from the list), working, who refused every sensitive question. */
export const refusingRecord = {
  address: { voivodeship: 'śląskie', county: 'Bytom', commune: 'Bytom', locality: 'Bytom', building: '7', postcode: '41-902' },
  phone: '501234568',
  education: 'isced5_8',
  labourStatus: 'employed',
  occupation: 'social_assistance',
  employerKind: 'local_government',
  employerName: 'Urząd Miejski w Bytomiu',
  citizenship: 'third_country',
  disabilityRefused: true,
  disadvantage: { minority: 'refused', foreignOrigin: 'refused', homeless: 'refused', otherDisadvantage: 'refused' },
} as const;
