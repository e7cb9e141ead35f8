/** The body of every USOS error answer (always JSON, whatever `format` was asked). */
export interface UsosErrorBody {
  message: string;
  error?: string;
  param_name?: string;
  field_name?: string;
  method_name?: string;
  reason?: string;
}

/**
 * An error the USOS dialect raises itself (parameter parsing, field selectors, OAuth). Rendered
 * by the controller's filter; domain errors go through the global renderer instead.
 */
export class UsosError extends Error {
  constructor(
    readonly status: number,
    readonly body: UsosErrorBody,
  ) {
    super(body.message);
    this.name = 'UsosError';
  }

  static paramMissing(param: string): UsosError {
    return new UsosError(400, {
      message: `Required parameter ${param} is missing.`,
      error: 'param_missing',
      param_name: param,
    });
  }

  static paramInvalid(param: string, message: string): UsosError {
    return new UsosError(400, { message, error: 'param_invalid', param_name: param });
  }

  static fieldNotFound(field: string, method: string): UsosError {
    return new UsosError(400, {
      message: `Field "${field}" does not exist in ${method}.`,
      error: 'field_not_found',
      field_name: field,
      method_name: method,
    });
  }

  static fieldInvalid(field: string, method: string, message: string): UsosError {
    return new UsosError(400, {
      message,
      error: 'field_invalid',
      field_name: field,
      method_name: method,
    });
  }

  static objectNotFound(param: string, method: string, message: string): UsosError {
    return new UsosError(400, {
      message,
      error: 'object_not_found',
      param_name: param,
      method_name: method,
    });
  }

  /** reason: consumer_missing | user_missing | trusted_required (USOS reason codes). */
  static methodForbidden(reason: string, message: string): UsosError {
    return new UsosError(403, { message, error: 'method_forbidden', reason });
  }

  /**
   * RFC 5849 §3.2 "401 Unauthorized": bad signature, unknown consumer or token, stale timestamp,
   * used nonce. The reason names follow OKAPI, USOS API's sibling.
   */
  static unauthorized(reason: string, message: string): UsosError {
    return new UsosError(401, { message, error: 'invalid_oauth_request', reason });
  }
}
