// Entry point of the workflow bundle (Worker workflowsPath). Only deterministic code may be reached
// from here: @temporalio/workflow, domain/ rules and activity types; lint forbids Node built-ins.
export { dailyDigest, resendMail, taskReminder } from './reminders';
export { participantJourney } from './journey';
export { recruitmentRound } from './round';
