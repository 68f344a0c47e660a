import { parseCell } from "../excel/address";
import { t } from "../i18n/i18n";
import { WorkbookSnapshot, findSheet } from "../workbook/grid";
import { cellText } from "./settings";

/**
 * What the file mode shows in place of Excel's selection: the cell a message is about and
 * what it holds, e.g. "Sheet 'Parameters', cell B2 holds: abc".
 */
export function describeCell(snapshot: WorkbookSnapshot | null, sheet: string, address: string): string {
  const where = address ? t("cell.where", { sheet, address }) : t("cell.sheet", { sheet });
  if (!snapshot || !address) return where;
  const grid = findSheet(snapshot, sheet);
  const pos = parseCell(address);
  if (!grid || !pos) return where;
  const value = grid.rows[pos.row - grid.startRow]?.[pos.col - grid.startCol] ?? null;
  const text = cellText(value);
  return text ? t("cell.holds", { where, text }) : t("cell.empty", { where });
}
