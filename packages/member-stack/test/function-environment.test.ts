import {
  DEFAULT_MAX_DELIVERY_GAP_MINUTES,
  DEFAULT_SWEEP_INTERVAL_MINUTES,
} from '@trailguard/config/defaults';
import { OBSERVABILITY_VARIABLES, parseSettings, SETTING_VARIABLES } from '@trailguard/core-handler/settings';
import { scratchDir } from '@trailguard/test/scratch';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MemberResources, type MemberResourcesProps } from '../src';

const ACCOUNT = '777777777777';
const central = { account: '444444444444', region: 'ca-central-1' };

/** What CloudFormation makes of the pseudo-parameters and joins the environment uses. */
function resolve(value: unknown): string {
  if (typeof value === 'string') return value;
  const intrinsic = value as { Ref?: string; 'Fn::Join'?: [string, unknown[]] };
  if (intrinsic.Ref === 'AWS::Partition') return 'aws';
  if (intrinsic.Ref === 'AWS::AccountId') return ACCOUNT;
  const join = intrinsic['Fn::Join'];
  if (join) return join[1].map(resolve).join(join[0]);
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
}

/** The remediation function's environment as it arrives in the Lambda of account ACCOUNT. */
function functionEnvironment(props: Partial<MemberResourcesProps> = {}): Record<string, string> {
  const app = new App({ outdir: scratchDir('trailguard-member-'), builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Member', { env: { account: ACCOUNT, region: 'eu-west-3' } });
  new MemberResources(stack, 'Member', {
    central,
    handlerCode: 'exports.handler = async () => {};',
    ...props,
  });
  const functions = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'));
  expect(functions).toHaveLength(1);
  const variables = functions[0]?.Properties.Environment.Variables as Record<string, unknown>;
  return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, resolve(value)]));
}

describe('the remediation function’s environment', () => {
  const TOPIC = 'arn:aws:sns:ca-central-1:444444444444:trailguard-notifications';
  const SELF = `arn:aws:iam::${ACCOUNT}:role/trailguard-remediation-*`;
  const BUS = 'arn:aws:events:ca-central-1:444444444444:event-bus/trailguard-events';

  it('is read by the handler as the settings the stack was given', () => {
    const env = functionEnvironment({
      remediationMode: 'notify-only',
      exemptPrincipals: ['arn:aws:iam::*:role/BreakGlass', 'arn:aws:sts::*:assumed-role/Platform/*'],
      sweepIntervalMinutes: 30,
      maxDeliveryGapMinutes: 120,
      securityHubFindings: true,
    });
    expect(parseSettings(env)).toEqual({
      topicArn: TOPIC,
      topicRegion: 'ca-central-1',
      mode: 'notify-only',
      exemptPrincipals: ['arn:aws:iam::*:role/BreakGlass', 'arn:aws:sts::*:assumed-role/Platform/*'],
      selfRoleArn: SELF,
      sweepIntervalMinutes: 30,
      maxDeliveryGapMinutes: 120,
      stateTableName: 'trailguard-state',
      busArn: BUS,
      securityHub: true,
    });
  });

  it('gives the handler the configuration’s defaults when the stack is given none', () => {
    expect(parseSettings(functionEnvironment())).toEqual({
      topicArn: TOPIC,
      topicRegion: 'ca-central-1',
      mode: 'remediate',
      exemptPrincipals: [],
      selfRoleArn: SELF,
      sweepIntervalMinutes: DEFAULT_SWEEP_INTERVAL_MINUTES,
      maxDeliveryGapMinutes: DEFAULT_MAX_DELIVERY_GAP_MINUTES,
      stateTableName: 'trailguard-state',
      // Every notification also goes on the central bus; Security Hub only when asked.
      busArn: BUS,
      securityHub: false,
    });
  });

  it('holds no variable the handler does not read', () => {
    const read: string[] = [...Object.values(SETTING_VARIABLES), ...Object.values(OBSERVABILITY_VARIABLES)];
    expect(Object.keys(functionEnvironment()).filter((name) => !read.includes(name))).toEqual([]);
  });
});
