// The wizard's one error type: an operation refused before it changed anything, with the reason shown to the admin.
export class WizardRefusal extends Error {
  constructor(
    readonly code: 'not-allowed' | 'invalid-request' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'WizardRefusal';
  }
}
