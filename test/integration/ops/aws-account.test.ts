import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { STSClient } from '@aws-sdk/client-sts';
import { openTargets, openWorkspace, verifyAwsAccount } from '../../../ops';
import { startFakeSts, withoutAwsCredentials, type FakeSts } from '../../helpers/fake-sts';

const PRODUCTION = { environment: 'production', accountId: '123456789012', region: 'eu-west-1' };
const DUMMY_CREDENTIALS = { accessKeyId: 'AKIDFAKESTSTEST', secretAccessKey: 'fake-sts-secret' };

describe('AWS credentials are checked against the declared account before anything acts', () => {
  let sts: FakeSts;
  let home: string;
  const savedEnv = { ...process.env };

  beforeEach(() => {
    home = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-aws-account-'));
  });
  afterEach(async () => {
    process.env = { ...savedEnv };
    await sts?.close();
    rmSync(home, { recursive: true, force: true });
  });

  const stsClient = (url: string) => new STSClient({ region: 'eu-west-1', endpoint: url, credentials: DUMMY_CREDENTIALS, maxAttempts: 1 });

  test('credentials of the declared account pass and say who they are', async () => {
    sts = await startFakeSts({ account: '123456789012', arn: 'arn:aws:sts::123456789012:assumed-role/oncall/alice' });
    await expect(verifyAwsAccount(PRODUCTION, stsClient(sts.url))).resolves.toEqual({ account: '123456789012', arn: 'arn:aws:sts::123456789012:assumed-role/oncall/alice' });
    expect(sts.actions).toEqual(['GetCallerIdentity']);
  });

  test('credentials of another account are refused naming both accounts (exit 4 code)', async () => {
    sts = await startFakeSts({ account: '210987654321', arn: 'arn:aws:iam::210987654321:user/bob' });
    await expect(verifyAwsAccount(PRODUCTION, stsClient(sts.url))).rejects.toMatchObject({
      code: 'aws_account_mismatch',
      message:
        'Your AWS credentials are for AWS account 210987654321 (arn:aws:iam::210987654321:user/bob), but production lives in AWS account 123456789012 (eu-west-1): sign in to 123456789012 (e.g. AWS_PROFILE=…) or add --local to try this config on the stand-ins.',
    });
  });

  test('the default client follows AWS_ENDPOINT_URL_STS, so the same check runs against the fake', async () => {
    sts = await startFakeSts({ account: '210987654321', arn: 'arn:aws:iam::210987654321:user/bob' });
    process.env = { ...withoutAwsCredentials(savedEnv, emptyFile(home)), AWS_ENDPOINT_URL_STS: sts.url, AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey };
    await expect(verifyAwsAccount(PRODUCTION)).rejects.toMatchObject({ code: 'aws_account_mismatch' });
    expect(sts.actions).toEqual(['GetCallerIdentity']);
  });

  test('no credentials at all: one line with what to do, and nothing sent', async () => {
    sts = await startFakeSts({ account: '123456789012', arn: 'arn:aws:iam::123456789012:user/nobody' });
    process.env = { ...withoutAwsCredentials(savedEnv, emptyFile(home)), AWS_ENDPOINT_URL_STS: sts.url };
    await expect(verifyAwsAccount(PRODUCTION)).rejects.toMatchObject({
      code: 'aws_credentials',
      message:
        'No AWS credentials for production (AWS account 123456789012, eu-west-1): sign in (e.g. aws sso login, AWS_PROFILE=…) or add --local to try this config on the stand-ins.',
    });
    expect(sts.actions).toEqual([]);
  });

  test('openTargets for an AWS target checks credentials before starting or reading anything', async () => {
    sts = await startFakeSts({ account: '210987654321', arn: 'arn:aws:iam::210987654321:user/bob' });
    process.env = { ...withoutAwsCredentials(savedEnv, emptyFile(home)), AWS_ENDPOINT_URL_STS: sts.url, AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey };
    const workspace = openWorkspace(path.join(home, 'workspace'));
    await expect(openTargets(workspace, { aws: PRODUCTION })).rejects.toMatchObject({ code: 'aws_account_mismatch' });
    expect(sts.actions).toEqual(['GetCallerIdentity']);
  });
});

function emptyFile(dir: string): string {
  const file = path.join(dir, 'empty-aws-config');
  writeFileSync(file, '');
  return file;
}
