import { BadRequestException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** No API here nests JSON bodies more than a few levels; 32 is qs's default for forms. */
export const MAX_JSON_DEPTH = 32;

/** Whether a parsed JSON value nests deeper than `max` (iterative: no recursion to overflow). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * JSON.parse takes thousands of nested levels, but what walks the body afterwards (validation,
 * transformation) recurses and overflowed the stack: a deep body is refused as bad input, and the
 * path's dialect renders the 400.
 */
export function refuseDeepJson(req: Request, _res: Response, next: NextFunction): void {
  next(
    req.is(['json', '+json']) && nestsDeeperThan(req.body, MAX_JSON_DEPTH)
      ? new BadRequestException(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`)
      : undefined,
  );
}
