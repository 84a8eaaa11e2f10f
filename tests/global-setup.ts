// One PostgreSQL database per test run, created and migrated here and dropped at the end.
import type { TestProject } from 'vitest/node';
import { createMigratedDatabase } from './helpers/db';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const { url, drop } = await createMigratedDatabase('sciezka_test');
  project.provide('databaseUrl', url);
  return drop;
}
