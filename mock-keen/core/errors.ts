/** Keen's `error_code` values that the mock returns. */
export type ErrorCode =
  | 'ResourceNotFoundError'
  | 'InvalidApiKeyError'
  | 'RequestForbiddenError'
  | 'InvalidCollectionNameError'
  | 'InvalidPropertyNameError'
  | 'InvalidPropertyValueError'
  | 'NamespaceTypeError'
  | 'InvalidKeenNamespaceProperty'
  | 'InvalidEventError'
  | 'InvalidBatchError'
  | 'RequestEntityTooLargeError'
  | 'InvalidQueryError';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  ResourceNotFoundError: 404,
  InvalidApiKeyError: 401,
  RequestForbiddenError: 401,
  InvalidCollectionNameError: 400,
  InvalidPropertyNameError: 400,
  InvalidPropertyValueError: 400,
  NamespaceTypeError: 400,
  InvalidKeenNamespaceProperty: 400,
  InvalidEventError: 400,
  InvalidBatchError: 400,
  RequestEntityTooLargeError: 413,
  InvalidQueryError: 400,
};

/** An error Keen reports to the client as `{message, error_code}`. */
export class KeenError extends Error {
  readonly errorCode: ErrorCode;
  readonly status: number;

  constructor(errorCode: ErrorCode, message: string) {
    super(message);
    this.name = 'KeenError';
    this.errorCode = errorCode;
    this.status = STATUS_BY_CODE[errorCode];
  }

  toBody(): { message: string; error_code: ErrorCode } {
    return { message: this.message, error_code: this.errorCode };
  }
}

export function notFound(message: string): KeenError {
  return new KeenError('ResourceNotFoundError', message);
}
