/**
 * ExcelJS's typings take an ArrayBuffer; a Uint8Array (a Node Buffer, or a File's bytes in the
 * task pane) may be a view into a larger buffer, so its bytes are copied out. isView, not
 * instanceof, because a Buffer may come from another realm (Jest's sandbox, an iframe).
 */
export function toArrayBuffer(buf: ArrayBuffer | Uint8Array): ArrayBuffer {
  return ArrayBuffer.isView(buf) ? new Uint8Array(buf).buffer : buf;
}
