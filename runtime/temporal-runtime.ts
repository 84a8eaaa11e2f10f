import { DefaultLogger, Runtime } from '@temporalio/worker';

/**
 * Installs the worker runtime once per process: our own shutdown order (no SDK signal handlers),
 * and only warnings from the SDK (webpack's bundle report is noise on every start).
 */
export function installTemporalRuntime(level: 'WARN' | 'INFO' | 'DEBUG' = 'WARN'): void {
  Runtime.install({ shutdownSignals: [], logger: new DefaultLogger(level) });
}
