import { CcfError, type CcfErrorOptions } from '@ccf/core/errors';

/** Why the writers cannot publish. */
export type PublishErrorCode =
  | 'PUBLISH_BAD_DATE'
  | 'PUBLISH_BAD_FILE_NAME'
  | 'PUBLISH_CELL_TOO_LONG'
  | 'PUBLISH_EMPTY_FRAMEWORK'
  | 'PUBLISH_TARGET_EXISTS'
  | 'PUBLISH_TARGET_BUSY'
  | 'PUBLISH_BASE_URL';

/** An input the writers cannot publish (bad date, unsafe file name, existing release): the CLI prints it and exits 1. */
export class PublishError extends CcfError {
  declare readonly code: PublishErrorCode;

  constructor(code: PublishErrorCode, message: string, options?: CcfErrorOptions) {
    super(code, message, options);
  }
}
