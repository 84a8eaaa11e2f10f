// Search attributes: visibility for operators (Temporal UI filters), never a source of truth
// and never personal data (they are stored unencrypted).
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const StageKey = defineSearchAttributeKey('SciezkaStage', SearchAttributeType.KEYWORD);
export const ProjectKey = defineSearchAttributeKey('SciezkaProject', SearchAttributeType.KEYWORD);

export const ALL_SEARCH_ATTRIBUTES = [StageKey, ProjectKey];
