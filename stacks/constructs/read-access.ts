import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy';
import { Construct } from 'constructs';

export interface ReadAccessProps {
  /** IAM role of the checkout service, the one principal granted read access. */
  readonly checkoutRoleArn: string;
  /** Secrets the role may read. */
  readonly secrets: SecretsmanagerSecret[];
}

/** Actions the checkout needs: read the value (and its labels). Nothing that writes or lists. */
export const CHECKOUT_READ_ACTIONS = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];

/** Attaches a resource policy to each secret that lets only the checkout role read it. */
export class ReadAccess extends Construct {
  constructor(scope: Construct, id: string, props: ReadAccessProps) {
    super(scope, id);
    props.secrets.forEach((secret, index) => {
      new SecretsmanagerSecretPolicy(this, `policy-${index}`, {
        secretArn: secret.arn,
        // Statement as a list and the principal as an ARN: the provider rejects anything else on read (facts §4.7).
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'CheckoutReadsOnly',
              Effect: 'Allow',
              Principal: { AWS: props.checkoutRoleArn },
              Action: CHECKOUT_READ_ACTIONS,
              Resource: '*',
            },
          ],
        }),
        blockPublicPolicy: true,
      });
    });
  }
}
