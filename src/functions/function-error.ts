/**
 * The error a worksheet function puts in a cell. In Excel it is a CustomFunctions.Error; under
 * Jest (and in the CLI) that global does not exist, so the same shape is built by hand.
 */
export interface FunctionError {
  readonly code: string;
  readonly message?: string;
}

/** The part of Excel's custom-functions runtime this module needs (@types/custom-functions-runtime is not installed). */
interface CustomFunctionsRuntime {
  Error: new (code: string, message?: string) => FunctionError;
  ErrorCode: { invalidValue: string };
}

export const VALUE_ERROR = "#VALUE!";

/**
 * A #VALUE! error with a message Excel shows on the cell's error flag. #VALUE! because Excel
 * shows custom messages only for #VALUE! and #N/A, and every failure here is a value the
 * function cannot use.
 */
export function valueError(message: string): FunctionError {
  const runtime = (globalThis as { CustomFunctions?: CustomFunctionsRuntime }).CustomFunctions;
  if (runtime) return new runtime.Error(runtime.ErrorCode.invalidValue, message);
  return { code: VALUE_ERROR, message };
}

export function isFunctionError(value: unknown): value is FunctionError {
  return typeof value === "object" && value !== null && typeof (value as { code?: unknown }).code === "string";
}
