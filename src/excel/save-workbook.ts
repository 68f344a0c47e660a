/**
 * Workbook.save (ExcelApi 1.11): the pane saves the workbook after writing a payment's marks and
 * before offering its file, so a crash of Excel cannot lose the marks of a file the bank executes.
 * "Save" keeps the file where it is; a workbook never saved before gets Excel's own save dialog.
 * https://learn.microsoft.com/javascript/api/excel/excel.workbook#excel-excel-workbook-save-member(1)
 */
export const SAVE_API = { set: "ExcelApi", version: "1.11" } as const;

export async function saveWorkbook(context: Excel.RequestContext): Promise<void> {
  context.workbook.save("Save");
  await context.sync();
}
