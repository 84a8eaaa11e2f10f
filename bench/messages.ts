// What the bench process and the baseline workflows share (the bench never imports workflow code itself).
import { defineUpdate } from '@temporalio/workflow';

export const benchPingUpdate = defineUpdate<number, [number]>('benchPing');
