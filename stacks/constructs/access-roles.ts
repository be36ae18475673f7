import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import type { AccessModel } from '../access-model';
import { roleIdentityPolicy, roleTrustPolicy, type StateLocation } from '../access-policies';

export interface AccessRolesProps {
  /** Who may do what (stacks/access-model.ts). */
  readonly model: AccessModel;
  /** The environment stack's Terraform state in S3, which the gate reads and deploy writes. Default none (local state). */
  readonly state?: StateLocation;
  /** Tags on the roles. Default none. */
  readonly tags?: Record<string, string>;
}

/** The gate, deploy and on-call roles of one environment, each with one inline policy. */
export class AccessRoles extends Construct {
  readonly roles: Record<'gate' | 'deploy' | 'on-call', IamRole>;

  constructor(scope: Construct, id: string, props: AccessRolesProps) {
    super(scope, id);
    const create = (name: 'gate' | 'deploy' | 'on-call'): IamRole => {
      const role = props.model.roles[name];
      const iamRole = new IamRole(this, name, {
        name: role.iamName!,
        path: '/stripe-config/',
        description: `stripe-config ${name} role of ${props.model.environment}`,
        assumeRolePolicy: JSON.stringify(roleTrustPolicy(props.model)),
        maxSessionDuration: 3600,
        tags: props.tags,
      });
      new IamRolePolicy(this, `${name}-policy`, {
        role: iamRole.name,
        name: `stripe-config-${name}`,
        policy: JSON.stringify(roleIdentityPolicy(props.model, name, props.state)),
      });
      return iamRole;
    };
    this.roles = { gate: create('gate'), deploy: create('deploy'), 'on-call': create('on-call') };
  }
}
