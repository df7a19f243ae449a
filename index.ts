/**
 * Package entry of pulumi-sentry-rotation. The public surface grows with each capability:
 * the Sentry API client today, the rotating key resources and components next.
 */
export * from "./provider/sentry";
