import { HANDLER_PERMISSIONS } from '@trailguard/core-handler/permissions';
import { Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { type CentralLocation, centralBusArn, INCIDENT_EVENT } from './names';

// The account's own default product, the only one an account imports its own findings into.
const PRODUCT = `product/\${AWS::AccountId}/default`;

/**
 * What the function needs to share each notification beyond the topic: putting it on the central
 * bus as an incident event (that source and detail-type only), and, when enabled, importing it
 * into this account's own Security Hub product in this region (and reading the open findings a
 * verified repair settles). `ownFunction` is the condition that
 * keeps every grant to TrailGuard's own function.
 */
export function sharingStatements(
  central: CentralLocation,
  securityHubFindings: boolean,
  ownFunction: Record<string, unknown>,
): iam.PolicyStatement[] {
  const statements = [
    new iam.PolicyStatement({
      sid: 'PutIncidentsOnTheCentralBus',
      actions: [...HANDLER_PERMISSIONS.bus],
      resources: [centralBusArn(central)],
      conditions: {
        ...ownFunction,
        'ForAllValues:StringEquals': {
          'events:source': [INCIDENT_EVENT.source],
          'events:detail-type': [INCIDENT_EVENT.detailType],
        },
      },
    }),
  ];
  if (securityHubFindings) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'ImportFindingsOfThisAccountAndRegion',
        actions: [...HANDLER_PERMISSIONS.findings],
        resources: [
          Fn.sub(`arn:\${AWS::Partition}:securityhub:\${AWS::Region}:\${AWS::AccountId}:${PRODUCT}`),
        ],
        conditions: ownFunction,
      }),
      // GetFindings authorizes on the hub (Service Authorization Reference): this account's, here.
      new iam.PolicyStatement({
        sid: 'ReadOpenFindingsOfThisAccountAndRegion',
        actions: [...HANDLER_PERMISSIONS.findingsLookup],
        resources: [
          Fn.sub(`arn:\${AWS::Partition}:securityhub:\${AWS::Region}:\${AWS::AccountId}:hub/default`),
        ],
        conditions: ownFunction,
      }),
    );
  }
  return statements;
}
