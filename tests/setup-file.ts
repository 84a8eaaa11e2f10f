import { afterAll } from 'vitest';
import { installTemporalRuntime } from '../runtime/temporal-runtime';
import { runTeardowns } from './helpers/teardown';

// Once per test process, before any worker or connection exists.
installTemporalRuntime('WARN');

// Registered before the file's own hooks, so it runs after them (hooks unwind as a stack).
afterAll(runTeardowns);
