/** Excel's error codes for a request or response over its size limit (5 MB on the web). */
const PAYLOAD_CODES = new Set(["RequestPayloadSizeLimitExceeded", "ResponsePayloadSizeLimitExceeded", "PayloadTooLarge"]);

export function isPayloadTooLarge(error: unknown): boolean {
  const code = typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : "";
  return PAYLOAD_CODES.has(code);
}

/** The message of whatever was thrown, with Excel's error code when it has one. */
export function describeOfficeError(error: unknown): string {
  if (error instanceof Error) {
    const code = "code" in error ? String((error as { code: unknown }).code) : "";
    return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
