import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError } from '../domain/domain-error';

function firstFailure(errors: ValidationError[]): { param: string; message: string } {
  const error = errors[0];
  const message = Object.values(error.constraints ?? {})[0] ?? `${error.property} is invalid`;
  return { param: error.property, message };
}

/** class-validator on admin bodies; failures become InvalidArgument naming the field. */
export const adminValidationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => {
    const { param, message } = firstFailure(errors);
    return DomainError.invalid(param, message);
  },
});
