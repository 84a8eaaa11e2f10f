// A Temporal failure read raw from the server (describe(): a pending activity's last failure) carries its
// message encoded and sealed (runtime/failure-converter.ts): opened here with the client's converter.
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow';

export async function failureMessage(client: Client, failure: temporal.api.failure.v1.IFailure): Promise<string> {
  try {
    return (await decodeOptionalFailureToOptionalError(client.options.loadedDataConverter, failure))?.message ?? '';
  } catch {
    // Sealed with a key this process does not have.
    return failure.message ?? '';
  }
}
