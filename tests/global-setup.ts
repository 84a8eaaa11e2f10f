// One PostgreSQL database per test run, created and migrated here and dropped at the end; and at the
// very end, the check that the run left no process of its own running.
import type { TestProject } from 'vitest/node';
import { createMigratedDatabase } from './helpers/db';
import { assertNothingLeft, snapshotProcesses } from './helpers/leaks';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const before = snapshotProcesses();
  const { url, drop } = await createMigratedDatabase('sciezka_test');
  project.provide('databaseUrl', url);
  return async () => {
    await drop();
    await assertNothingLeft(before);
  };
}
