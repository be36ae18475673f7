import { stateLockOf } from '../../../ops';

// As Terraform 1.12 prints it for an S3/DynamoDB lock left by a killed apply (hashicorp/terraform's
// "Lock Info" block; the same fields in every backend), here with the diagnostic margin of 1.x.
const LOCKED = `
│ Error: Error acquiring the state lock
│
│ Error message: ConditionalCheckFailedException: The conditional request failed
│ Lock Info:
│   ID:        3d20d141-88c4-bb14-d677-88c5c9ec329a
│   Path:      stripe-config-state/production.tfstate
│   Operation: OperationTypeApply
│   Who:       ci@runner-7
│   Version:   1.11.4
│   Created:   2026-11-29 21:13:45.004096153 +0000 UTC
│   Info:
│
│ Terraform acquires a state lock to protect the state from being written
│ by multiple users at the same time.`;

describe('stateLockOf', () => {
  test('reads the lock id, who holds it, the operation and since when', () => {
    expect(stateLockOf(LOCKED)).toEqual({
      id: '3d20d141-88c4-bb14-d677-88c5c9ec329a',
      who: 'ci@runner-7',
      operation: 'OperationTypeApply',
      created: '2026-11-29 21:13:45.004096153 +0000 UTC',
    });
  });

  test('reads the block without the margin, as -no-color output of older releases prints it', () => {
    expect(stateLockOf(LOCKED.replace(/^│ ?/gm, ''))?.id).toBe('3d20d141-88c4-bb14-d677-88c5c9ec329a');
  });

  test.each([
    ['another failure', 'Error: creating Secrets Manager Secret: AccessDeniedException'],
    ['a lock error without a lock id', 'Error: Error acquiring the state lock\n\nError message: resource not found'],
  ])('%s is not a state lock to clear', (_, output) => {
    expect(stateLockOf(output)).toBeUndefined();
  });
});
