/** An input the writers cannot publish (bad date, unsafe file name, existing release): the CLI prints the message. */
export class PublishError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'PublishError';
  }
}
