import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';

/** OpenAPI description of a body from the same zod schema that validates it (no second copy to drift). */
export function ApiZodBody(schema: z.ZodType): MethodDecorator {
  return applyDecorators(
    ApiBody({ schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as object }),
  );
}

export function ApiZodResponse(status: number, schema: z.ZodType, description?: string): MethodDecorator {
  return applyDecorators(
    ApiResponse({
      status,
      description,
      schema: z.toJSONSchema(schema, { unrepresentable: 'any' }) as object,
    }),
  );
}
