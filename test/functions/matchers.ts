import { VALUE_ERROR } from "../../src/functions/function-error";

/** A #VALUE! cell whose message contains the text (or matches the pattern). */
export const valueError = (message: string | RegExp) => ({
  code: VALUE_ERROR,
  message: typeof message === "string" ? expect.stringContaining(message) : expect.stringMatching(message),
});
