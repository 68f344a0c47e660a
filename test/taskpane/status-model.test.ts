import { setLanguage } from "../../src/i18n/i18n";
import { StatusImportSummary } from "../../src/payments/payment-status";
import { statusLines } from "../../src/taskpane/status-model";

const summary = (over: Partial<StatusImportSummary> = {}): StatusImportSummary => ({
  reportId: "BANK-1", version: "pain.002.001.10", originalMessageId: "RBP-1", alreadyImported: false, unknownMessage: false,
  paid: ["RB-1", "RB-2"], rejected: [{ invoice: "RB-3", messageId: "RBP-1", paymentId: "RBP-1-1", words: "rejected: AC04", vop: false, source: { sheet: "Vendor payments", address: "A4" } }],
  pending: [], unchanged: ["RB-9"], unmatched: [], ...over,
});

describe("what a bank's status report would do, as the pane says it", () => {
  afterEach(() => setLanguage("en"));

  it("says it in the CLI's English words", () => {
    expect(statusLines(summary())).toEqual([
      "Status report BANK-1 (pain.002.001.10) on message RBP-1: 2 paid, 1 rejected, 0 still pending.",
      "Already so, or paid again since: RB-9",
    ]);
    expect(statusLines(summary({ alreadyImported: true }))).toEqual(["Status report BANK-1 was imported before; nothing was changed."]);
  });

  it("says it in Dutch in a Dutch pane", () => {
    setLanguage("nl-NL");
    expect(statusLines(summary({ unchanged: [], unmatched: ["X-1"] }))).toEqual([
      "Statusrapport BANK-1 (pain.002.001.10) over bericht RBP-1: 2 betaald, 1 geweigerd, 0 nog in behandeling.",
      "Niet in dat bericht (ongemoeid gelaten): X-1",
    ]);
    expect(statusLines(summary({ unknownMessage: true }))).toEqual(["Statusrapport BANK-1 beantwoordt bericht RBP-1, dat niet op blad Vendor payments staat; er is niets gewijzigd."]);
  });
});
