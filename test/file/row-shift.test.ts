import { RowShift, shiftCalcChain, shiftFormula, shiftRange, shiftRowXml, shiftTail } from "../../src/file/row-shift";

// Two rows inserted above a totals row at 5 (data in rows 2-4) on sheet "Data".
const shift: RowShift = { from: 5, by: 2, dataTop: 2, dataBottom: 4, sheet: "Data" };

describe("moving a totals row down as Excel does when rows are inserted above it", () => {
  it("moves references to the moved rows and grows ranges that end on the last data row", () => {
    expect(shiftRange("B5", shift)).toBe("B7");
    expect(shiftRange("$B$5", shift)).toBe("$B$7");
    expect(shiftRange("B4", shift)).toBe("B4");
    expect(shiftRange("B2:B4", shift)).toBe("B2:B6");
    expect(shiftRange("$B$2:$B$4", shift)).toBe("$B$2:$B$6");
    expect(shiftRange("B1:B3", shift)).toBe("B1:B3");
    // A range across the insertion point grows; one below it moves.
    expect(shiftRange("A3:C9", shift)).toBe("A3:C11");
    expect(shiftRange("E6:E8", shift)).toBe("E8:E10");
  });

  it("adjusts a formula's references to its own sheet only, leaving text, structured references and functions alone", () => {
    expect(shiftFormula("SUM(B2:B4)+B5", shift)).toBe("SUM(B2:B6)+B7");
    expect(shiftFormula("SUBTOTAL(109,[Amount])", shift)).toBe("SUBTOTAL(109,[Amount])");
    expect(shiftFormula("SUBTOTAL(109,Sales[[#Totals],[Amount]])", shift)).toBe("SUBTOTAL(109,Sales[[#Totals],[Amount]])");
    expect(shiftFormula('IF(A5="B5",LOG10(B5),Other!B5)', shift)).toBe('IF(A7="B5",LOG10(B7),Other!B5)');
    expect(shiftFormula("Data!B5+'Data'!B2:B4+'My ''Data'''!B5", shift)).toBe("Data!B7+'Data'!B2:B6+'My ''Data'''!B5");
    // TAX2025 is a cell (column TAX is before XFD); XFE5 is past the last column, so a name.
    expect(shiftFormula("MAX(ABC5,TAX2025,XFE5)", shift)).toBe("MAX(ABC7,TAX2027,XFE5)");
  });

  it("renumbers a moved row, its cells and its formulas (shared formula ranges too)", () => {
    const row = '<row r="5" spans="1:3"><c r="A5" t="s"><v>3</v></c><c r="B5"><f>SUBTOTAL(109,[Amount])</f><v>7.25</v></c><c r="C5" s="2"><f t="shared" ref="C5:D5" si="0">MAX(C2:C4)</f><v>1</v></c><c r="D5"><f t="shared" si="0"/></c></row>';
    expect(shiftRowXml(row, "", shift)).toBe('<row r="7" spans="1:3"><c r="A7" t="s"><v>3</v></c><c r="B7"><f>SUBTOTAL(109,[Amount])</f><v>7.25</v></c><c r="C7" s="2"><f t="shared" ref="C7:D7" si="0">MAX(C2:C6)</f><v>1</v></c><c r="D7"><f t="shared" si="0"/></c></row>');
    expect(shiftRowXml('<x:row r="5"><x:c r="B5"><x:f>B4+1</x:f></x:c></x:row>', "x:", shift)).toBe('<x:row r="7"><x:c r="B7"><x:f>B4+1</x:f></x:c></x:row>');
  });

  it("moves merged ranges, validations, conditional formats and hyperlinks below the sheet data, and the calculation chain's cells of the sheet", () => {
    const tail = '<mergeCells count="1"><mergeCell ref="A5:B5"/></mergeCells><conditionalFormatting sqref="B2:B4 E5"><cfRule type="cellIs" priority="1"/></conditionalFormatting><dataValidations count="1"><dataValidation sqref="A1:A4"/></dataValidations><hyperlinks><hyperlink ref="E5" r:id="rId1"/></hyperlinks>';
    expect(shiftTail(tail, "", shift)).toBe('<mergeCells count="1"><mergeCell ref="A7:B7"/></mergeCells><conditionalFormatting sqref="B2:B6 E7"><cfRule type="cellIs" priority="1"/></conditionalFormatting><dataValidations count="1"><dataValidation sqref="A1:A4"/></dataValidations><hyperlinks><hyperlink ref="E7" r:id="rId1"/></hyperlinks>');
    const chain = '<calcChain xmlns="x"><c r="B5" i="1"/><c r="C5"/><c r="B5" i="2"/></calcChain>';
    expect(shiftCalcChain(chain, 1, shift)).toBe('<calcChain xmlns="x"><c r="B7" i="1"/><c r="C7"/><c r="B5" i="2"/></calcChain>');
  });
});
