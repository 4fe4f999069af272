// cdk-nag's EventBusOpenAccess rule reads CfnEventBusPolicy#principal, which aws-cdk-lib marks
// deprecated, so every synth printed a warning no user can act on (TrailGuard sets that policy
// with `statement`). The commands silence jsii deprecation warnings unless JSII_DEPRECATED is
// set; `JSII_DEPRECATED=warn pnpm synth` shows them again.
process.env.JSII_DEPRECATED ??= 'quiet';
