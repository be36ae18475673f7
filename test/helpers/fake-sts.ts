import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSts {
  /** For AWS_ENDPOINT_URL_STS, or an STSClient's endpoint. */
  url: string;
  /** The Action of every request it answered, in order. */
  actions: string[];
  close(): Promise<void>;
}

/**
 * A tiny STS on loopback that answers GetCallerIdentity for one identity, in the Query protocol's
 * XML (AWS STS API reference, GetCallerIdentity, "Response Elements"), so the real SDK client can
 * run its credential check without any traffic leaving the machine.
 */
export async function startFakeSts(identity: { account: string; arn: string }): Promise<FakeSts> {
  const actions: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const action = new URLSearchParams(body).get('Action') ?? '';
      actions.push(action);
      if (action !== 'GetCallerIdentity') {
        response.writeHead(400, { 'content-type': 'text/xml' }).end(
          `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>${action} is not answered here</Message></Error></ErrorResponse>`,
        );
        return;
      }
      response.writeHead(200, { 'content-type': 'text/xml' }).end(
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${identity.arn}</Arn><UserId>AIDAFAKESTSUSER</UserId><Account>${identity.account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>fake-sts-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    actions,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Environment variables under which the SDK's default credential chain finds nothing and sends
 * nothing: no AWS_* keys or profile, empty config and credentials files, the instance metadata
 * service disabled, and no container credentials endpoint. `emptyFile` must exist and be empty.
 */
export function withoutAwsCredentials(base: NodeJS.ProcessEnv, emptyFile: string): Record<string, string> {
  const kept = Object.fromEntries(Object.entries(base).filter(([name, value]) => !name.startsWith('AWS_') && value !== undefined)) as Record<string, string>;
  return { ...kept, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: emptyFile, AWS_SHARED_CREDENTIALS_FILE: emptyFile };
}
