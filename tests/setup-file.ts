import { installTemporalRuntime } from '../runtime/temporal-runtime';

// Once per test process, before any worker or connection exists.
installTemporalRuntime('WARN');
