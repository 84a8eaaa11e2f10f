// @temporalio/proto is CommonJS with a namespace export that Node's ESM loader cannot name statically.
import proto from '@temporalio/proto';

export const { temporal } = proto;
