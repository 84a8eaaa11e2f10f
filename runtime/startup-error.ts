/** A configuration or environment problem: printed as one line, no stack trace, exit code 1. */
export class StartupError extends Error {}
