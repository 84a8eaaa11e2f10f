import { sql, type Kysely } from 'kysely';

// The participant's monitoring data (SL2014 / SM EFS scope, issue 20): the address with its DEGURBA class,
// contact, education, the labour-market status's "w tym", occupation and employer, citizenship, the
// sensitive flags ('yes' | 'no' | 'refused'), and the guardian who signs for a minor. Nullable: records
// from before keep what they had (the export leaves those cells empty). Letters get their reference
// number ("znak sprawy"), unique, so two letters never share one.
const TEXT_COLUMNS = [
  'address_country', 'address_voivodeship', 'address_county', 'address_commune', 'address_locality', 'address_street',
  'address_building', 'address_flat', 'address_postcode', 'phone', 'email', 'education', 'labour_status_detail',
  'occupation', 'employer_kind', 'employer_name', 'citizenship', 'minority', 'foreign_origin', 'homeless',
  'other_disadvantage', 'guardian_first_name', 'guardian_last_name', 'guardian_phone',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const cols = ['degurba smallint check (degurba between 1 and 3)', 'disability_refused boolean not null default false', ...TEXT_COLUMNS.map((c) => `${c} text`)];
  await sql.raw(`alter table applications ${cols.map((c) => `add column ${c}`).join(', ')}`).execute(db);
  await db.schema.alterTable('letters').addColumn('reference', 'text').execute();
  await db.schema.createIndex('letters_reference_key').on('letters').column('reference').unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('letters_reference_key').execute();
  await db.schema.alterTable('letters').dropColumn('reference').execute();
  const cols = ['degurba', 'disability_refused', ...TEXT_COLUMNS];
  await sql.raw(`alter table applications ${cols.map((c) => `drop column ${c}`).join(', ')}`).execute(db);
}
