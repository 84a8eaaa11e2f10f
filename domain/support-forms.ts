// The support forms of the seeds' projects (DRUGI BRZEG, Aktywny Społecznie): the catalogue a project
// uses until it configures its own.
import type { SupportForm } from './types';

export const DEFAULT_SUPPORT_CATALOGUE: SupportForm[] = [
  { code: 'support_group', label: 'Grupa wsparcia' },
  { code: 'psychological', label: 'Poradnictwo psychologiczne' },
  { code: 'legal', label: 'Poradnictwo prawne' },
  { code: 'digital', label: 'Doradztwo cyfrowe' },
  { code: 'local_animation', label: 'Animacja lokalna' },
  { code: 'trips', label: 'Wyjazdy edukacyjno-integracyjne' },
  { code: 'cultural_events', label: 'Wydarzenia kulturalne' },
  { code: 'leader_meetings', label: 'Spotkania z liderem' },
  { code: 'social_skills', label: 'Warsztaty umiejętności społecznych' },
  { code: 'job_coach', label: 'Trener pracy' },
  { code: 'vocational_training', label: 'Szkolenie zawodowe' },
  { code: 'internship', label: 'Staż' },
  { code: 'training_scholarship', label: 'Stypendium szkoleniowe' },
];

/** The forms a project offers: its own catalogue, or the default one while it has configured none. */
export function supportCatalogueOf(config: { supportCatalogue?: SupportForm[] | undefined }): SupportForm[] {
  return config.supportCatalogue?.length ? config.supportCatalogue : DEFAULT_SUPPORT_CATALOGUE;
}
