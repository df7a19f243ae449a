// Time-based rotation of Sentry keys (DSNs and org auth tokens): create-before-delete, sinks updated in between, previews that show the rotation.
package sentryrotation
