// The event every notification also becomes on the central bus, defined once: the handler puts it,
// the central stack's chat rule matches it, and the central-stack README documents its pattern.
// No import here: the CDK packages read it through the `@trailguard/core-handler/incident-event` subpath.

/**
 * The `source` of an incident event. It does not begin with `aws.`, so EventBridge would accept it
 * from anyone allowed to put events on the bus: the central bus's resource policy, which lets only
 * TrailGuard's remediation roles of the organization put this source, is what stops forgeries.
 */
export const INCIDENT_SOURCE = 'trailguard';

/** The `detail-type` of an incident event; its `detail` is the notification's JSON document. */
export const INCIDENT_DETAIL_TYPE = 'TrailGuard Incident';
