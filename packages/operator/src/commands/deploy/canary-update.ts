import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CloudFormationClient,
  DescribeStackSetOperationCommand,
  type StackSetOperationPreferences,
  UpdateStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  PARENT_STACK_ID,
  rolloutRegionOrder,
  STACKSET_NAMES,
  TEMPLATE_FILES,
} from '@trailguard/central-stack/names';
import type { TrailGuardConfig } from '@trailguard/config';
import type { CommandContext } from '../../context';

// The canary stage of an update: the member StackSet already has instances across the
// organization, and narrowing its targets would delete them. So the new template goes to the
// canary OU's instances through the StackSets API (UpdateStackSet with DeploymentTargets: the
// others stay on the previous template, marked OUTDATED), and the `cdk deploy` that follows
// brings the parent stack and every instance to it.

/** Where `cdk deploy` publishes the member template: the CDK bootstrap bucket of the home region. */
export interface TemplateLocation {
  readonly file: string;
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  /** The URL UpdateStackSet reads the template from. */
  readonly url: string;
}

interface AssetManifest {
  readonly files?: Record<
    string,
    {
      readonly source: { readonly path: string };
      readonly destinations: Record<string, { bucketName: string; objectKey: string; region?: string }>;
    }
  >;
}

/** Reads the member template's destination from the assembly's asset manifest. */
export function memberTemplateLocation(
  outdir: string,
  account: string,
  homeRegion: string,
): TemplateLocation {
  const manifest = JSON.parse(
    readFileSync(path.join(outdir, `${PARENT_STACK_ID}.assets.json`), 'utf8'),
  ) as AssetManifest;
  const asset = Object.values(manifest.files ?? {}).find((f) => f.source.path === TEMPLATE_FILES.member);
  const destination = asset && Object.values(asset.destinations)[0];
  if (!destination) throw new Error(`the assembly in ${outdir} has no member template asset`);
  const region = destination.region ?? homeRegion;
  const partition = region.startsWith('cn-') ? 'aws-cn' : 'aws';
  // The CloudFormation placeholders an environment-agnostic manifest leaves in names.
  const values: Record<string, string> = { AccountId: account, Region: region, Partition: partition };
  const fill = (text: string) =>
    text.replace(/\$\{AWS::(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  const bucket = fill(destination.bucketName);
  const key = fill(destination.objectKey);
  const suffix = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return {
    file: path.join(outdir, TEMPLATE_FILES.member),
    bucket,
    key,
    region,
    url: `https://s3.${region}.${suffix}/${bucket}/${key}`,
  };
}

/** Uploads the template where `cdk deploy` would (it finds it there and skips it), unless already there. */
export async function publishTemplate(
  ctx: CommandContext<unknown>,
  location: TemplateLocation,
): Promise<void> {
  const s3 = ctx.clients.client(S3Client, location.region);
  try {
    await s3.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }));
    return;
  } catch (error) {
    if (!(error instanceof Error && ['NotFound', 'NoSuchKey'].includes(error.name))) throw error;
  }
  await s3.send(
    new PutObjectCommand({
      Bucket: location.bucket,
      Key: location.key,
      Body: readFileSync(location.file),
      ContentType: 'application/json',
    }),
  );
}

/**
 * Puts a template body (the one deployed before the canary) beside the new one, named by its
 * SHA-256 as CDK names its assets, and answers the URL UpdateStackSet reads it from.
 */
export async function publishBody(
  ctx: CommandContext<unknown>,
  beside: TemplateLocation,
  body: string,
): Promise<string> {
  const key = `${createHash('sha256').update(body).digest('hex')}.json`;
  await ctx.clients
    .client(S3Client, beside.region)
    .send(
      new PutObjectCommand({ Bucket: beside.bucket, Key: key, Body: body, ContentType: 'application/json' }),
    );
  return beside.url.replace(/[^/]+$/, key);
}

/** The configured operation preferences, as the StackSet resource has them. */
export function operationPreferences(config: TrailGuardConfig): StackSetOperationPreferences {
  const s = config.stackSet;
  return {
    RegionConcurrencyType: s.regionConcurrencyType,
    ...(s.regionConcurrencyType === 'SEQUENTIAL' ? { RegionOrder: rolloutRegionOrder(config) } : {}),
    ConcurrencyMode: s.concurrencyMode,
    MaxConcurrentCount: s.maxConcurrentCount,
    MaxConcurrentPercentage: s.maxConcurrentPercentage,
    FailureToleranceCount: s.failureToleranceCount,
    FailureTolerancePercentage: s.failureTolerancePercentage,
  };
}

/** Updates the member StackSet's template for the canary OU's instances only; resolves to the operation id. */
export async function updateCanaryInstances(
  ctx: CommandContext<unknown>,
  request: {
    templateUrl: string;
    canary: string;
    regions: readonly string[];
    parameterKeys: readonly string[];
  },
): Promise<string> {
  const cloudformation = ctx.clients.client(CloudFormationClient, ctx.config.homeRegion);
  const { OperationId } = await cloudformation.send(
    new UpdateStackSetCommand({
      StackSetName: STACKSET_NAMES.members,
      TemplateURL: request.templateUrl,
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      Parameters: request.parameterKeys.map((ParameterKey) => ({ ParameterKey, UsePreviousValue: true })),
      DeploymentTargets: { OrganizationalUnitIds: [request.canary] },
      Regions: [...request.regions],
      OperationPreferences: operationPreferences(ctx.config),
      CallAs: ctx.config.stackSet.callAs,
    }),
  );
  if (!OperationId) throw new Error('UpdateStackSet returned no operation id');
  return OperationId;
}

const RUNNING = new Set(['RUNNING', 'QUEUED', 'STOPPING']);

/** Polls a StackSet operation until it ends; resolves to its final status and reason. */
export async function waitForOperation(
  ctx: CommandContext<unknown>,
  operationId: string,
  timing: { readonly intervalMs: number; readonly timeoutMs: number },
): Promise<{ status: string; reason?: string }> {
  const cloudformation = ctx.clients.client(CloudFormationClient, ctx.config.homeRegion);
  const deadline = Date.now() + timing.timeoutMs;
  for (;;) {
    const { StackSetOperation } = await cloudformation.send(
      new DescribeStackSetOperationCommand({
        StackSetName: STACKSET_NAMES.members,
        OperationId: operationId,
        CallAs: ctx.config.stackSet.callAs,
      }),
    );
    const status = StackSetOperation?.Status ?? 'UNKNOWN';
    if (!RUNNING.has(status)) {
      return {
        status,
        ...(StackSetOperation?.StatusReason ? { reason: StackSetOperation.StatusReason } : {}),
      };
    }
    if (Date.now() > deadline)
      return { status, reason: `still ${status} after ${timing.timeoutMs / 60_000} minutes` };
    ctx.progress.update(`Waiting for the canary operation ${operationId}: ${status}…`);
    await new Promise((resolve) => setTimeout(resolve, timing.intervalMs));
  }
}
