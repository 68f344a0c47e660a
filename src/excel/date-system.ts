import { DAYS_1900_TO_1904, DateSystem } from "./cell-values";

/**
 * Which date system the open workbook uses. Office.js has no property for it (VBA's
 * Workbook.Date1904 has no JavaScript counterpart), but Excel's own DATE function answers in
 * the workbook's system: `workbook.functions.date(1904, 1, 1)` (ExcelApi 1.2) is 1462 in a 1900
 * workbook and 0 in a 1904 one, and it is evaluated without writing any cell.
 */

export class DateSystemUnknownError extends Error {
  constructor(detail: string) {
    super(`Excel did not say which date system this workbook uses (${detail}), so its dates cannot be read safely; nothing was read or written. Try again; if it persists, use the workbook with the command-line tool.`);
    this.name = "DateSystemUnknownError";
  }
}

/**
 * Queues the question in the caller's next sync; the returned function gives the answer after
 * that sync, or throws DateSystemUnknownError when Excel could not tell.
 */
export function queueDateSystem(context: Excel.RequestContext): () => DateSystem {
  let result: Excel.FunctionResult<number>;
  try {
    result = context.workbook.functions.date(1904, 1, 1);
    result.load("value,error");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return () => {
      throw new DateSystemUnknownError(reason);
    };
  }
  return () => {
    let value: unknown;
    let error: unknown;
    try {
      value = result.value;
      error = result.error;
    } catch (failure) {
      throw new DateSystemUnknownError(failure instanceof Error ? failure.message : String(failure));
    }
    if (error) throw new DateSystemUnknownError(`DATE(1904,1,1) gave ${String(error)}`);
    if (value === DAYS_1900_TO_1904) return "1900";
    if (value === 0) return "1904";
    throw new DateSystemUnknownError(`DATE(1904,1,1) gave ${String(value)}`);
  };
}
