import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { EnableAWSServiceAccessCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { EMULATOR_DEFAULT_ACCOUNT, type Emulator } from '@trailguard/test';
import { bootstrapBucketName, bootstrapRoleNames, CDK_BOOTSTRAP_PARAMETER } from '../../cdk/bootstrap';
import { STACKSETS_SERVICE_PRINCIPAL } from '../doctor/facts';
import { HOME } from './emulated-deployment';

// What an operator does once before `pnpm run deploy`, done on the emulator: trusted access for
// StackSets, and what `cdk bootstrap` leaves behind.

/** Trusted access for StackSets and the home region's bootstrap, in the emulator's management account. */
export async function prepare(emulator: Emulator): Promise<void> {
  const organizations = await emulator.client(OrganizationsClient);
  await organizations.send(
    new EnableAWSServiceAccessCommand({ ServicePrincipal: STACKSETS_SERVICE_PRINCIPAL }),
  );
  organizations.destroy();
  await emulateCdkBootstrap(emulator, HOME);
}

/**
 * What `cdk bootstrap` leaves in the emulator's default (management) account and a region: its
 * version parameter, asset bucket and roles. The emulator cannot run the bootstrap stack itself.
 */
export async function emulateCdkBootstrap(emulator: Emulator, region: string): Promise<void> {
  const account = EMULATOR_DEFAULT_ACCOUNT;
  const ssm = await emulator.client(SSMClient, { region });
  const s3 = await emulator.client(S3Client, { region });
  const iam = await emulator.client(IAMClient, { region });
  try {
    await ssm.send(
      new PutParameterCommand({
        Name: CDK_BOOTSTRAP_PARAMETER,
        Value: '27',
        Type: 'String',
        Overwrite: true,
      }),
    );
    // Bootstrapping again finds what is there: creating it twice is not an error.
    const again = (error: unknown) => {
      if (!(error instanceof Error && /AlreadyOwnedByYou|EntityAlreadyExists/.test(error.name))) throw error;
    };
    await s3
      .send(
        new CreateBucketCommand({
          Bucket: bootstrapBucketName(account, region),
          ...(region === 'us-east-1'
            ? {}
            : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
        }),
      )
      .catch(again);
    const trust = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' },
      ],
    };
    for (const RoleName of bootstrapRoleNames(account, region)) {
      await iam
        .send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: JSON.stringify(trust) }))
        .catch(again);
    }
  } finally {
    ssm.destroy();
    s3.destroy();
    iam.destroy();
  }
}
