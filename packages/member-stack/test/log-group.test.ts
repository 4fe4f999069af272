import { scratchDir } from '@trailguard/test/scratch';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MemberResources } from '../src';

describe("the function's log group", () => {
  it("retains the function's log group when the stack goes, under a name of the stack's own", () => {
    const app = new App({ outdir: scratchDir('trailguard-member-'), builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Member', { env: { account: '777777777777', region: 'eu-west-3' } });
    new MemberResources(stack, 'Member', {
      central: { account: '444444444444', region: 'ca-central-1' },
      handlerCode: 'exports.handler = async () => {};',
      logRetentionDays: 731,
    });
    const template = Template.fromStack(stack);
    const groups = template.findResources('AWS::Logs::LogGroup');
    expect(Object.values(groups)).toEqual([
      {
        Type: 'AWS::Logs::LogGroup',
        // An account leaving the OUs, a destroy, a replacement: the record of what was done stays.
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          // `/aws/lambda/trailguard-remediation/<uuid of the stack id>`: a stack created again in
          // this account and region does not collide with the group its predecessor left.
          LogGroupName: {
            'Fn::Join': [
              '',
              [
                '/aws/lambda/trailguard-remediation/',
                { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] },
              ],
            ],
          },
          RetentionInDays: 731,
        },
      },
    ]);
    const [groupId] = Object.keys(groups);
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: groupId } },
    });
  });
});
