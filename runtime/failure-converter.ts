// Failure messages and stack traces travel as an encoded payload (sealed by the payload codec) instead of
// readable fields: an activity's error can quote a value of a person. Loaded by path (DataConverter
// failureConverterPath) in the client, the worker and the workflow bundle, so it imports nothing else.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
