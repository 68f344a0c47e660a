/**
 * Dutch for the reasons the workbook layer gives for a cell it cannot read (src/workbook/cells.ts,
 * read-ledger.ts, read-reference.ts), when they land on the Exceptions sheet of a Dutch
 * workbook. The readers run before the Parameters sheet says which language the workbook
 * speaks, and the same English texts also stop a command with a cell-addressed error, so the
 * run translates them where it writes them. Sheet and column names stay as the workbook's
 * contract names them ("Balance", "Customers"), as the other Dutch reasons do.
 *
 * Each rule matches one English form whole; a form without a rule is kept as it is (English),
 * and test/core/engine-messages.test.ts feeds every reader's faults through here so a new form
 * without Dutch fails there.
 */
type Rule = readonly [RegExp, (...groups: string[]) => string];

/** How a found value is described ("an empty cell", the error #N/A, "abc"). */
const FOUND: readonly Rule[] = [
  [/^an empty cell$/, () => "een lege cel"],
  [/^a non-finite number$/, () => "een getal dat niet eindig is"],
  [/^an invalid date$/, () => "een ongeldige datum"],
  [/^an invalid date or one outside the years 1900 to 9999$/, () => "een ongeldige datum of een buiten de jaren 1900 tot 9999"],
  [/^the number (.+), which is not a date serial$/, (n) => `het getal ${n}, dat geen datumserienummer is`],
  [/^the error (.+)$/, (e) => `de fout ${e}`],
  [/^a date$/, () => "een datum"],
  [/^the logical value (TRUE|FALSE)$/, (v) => `de logische waarde ${v}`],
  [
    /^a number cell holding ("[^]*"), which is not a number \(.*\)$/,
    (v) => `een getalcel met ${v}, wat geen getal is (een getalcel bevat cijfers met een "." zoals -1812.69; het bestand is niet door Excel geschreven of is beschadigd)`,
  ],
  [/^(U\+[0-9A-F]{4}) at character (\d+) of (.+)$/, (code, at, v) => `${code} op teken ${at} van ${found(v)}`],
];

/** What a cell was expected to hold. */
const EXPECTED: Readonly<Record<string, string>> = {
  "an amount": "een bedrag",
  "an amount such as 1234.50": "een bedrag zoals 1234.50",
  "a whole number": "een geheel getal",
  "a whole number such as 1234.50": "een geheel getal",
  "zero or a positive number": "nul of een positief getal",
  text: "tekst",
  "a date": "een datum",
  "a date such as 2026-11-24": "een datum zoals 2026-11-24",
  "a customer account": "een klantrekening",
  "a vendor account": "een leveranciersrekening",
  "the customer's name": "de naam van de klant",
  "a name or account without control characters": "een naam of rekening zonder stuurtekens",
  "No, Invoice, Payment, All or Yes": "No, Invoice, Payment, All of Yes",
  "a three-letter ISO currency code such as EUR": "een ISO-valutacode van drie letters zoals EUR",
  // Vendor invoices (src/workbook/ledger-state.ts)
  "a value": "een waarde",
  "a three-letter ISO code such as EUR": "een ISO-valutacode van drie letters zoals EUR",
  // Parameters (src/workbook/read-parameters.ts)
  "a language: en or nl-NL": "een taal: en of nl-NL",
  "a number of days between 0 and 3650": "een aantal dagen tussen 0 en 3650",
  "a short text prefix such as RB-": "een kort tekstvoorvoegsel zoals RB-",
  "a prefix of at most 10 characters without spaces": "een voorvoegsel van hoogstens 10 tekens zonder spaties",
};

const BODY: readonly Rule[] = [
  [/^expected text of at most ([\d,.]+) characters \(Excel's limit for a cell\), found ([\d,.]+)$/, (max, n) => `verwacht tekst van hoogstens ${max} tekens (de grens van Excel voor een cel), gevonden: ${n}`],
  [/^expected (.+?), found (.+)$/, (what, v) => (EXPECTED[what] ? `verwacht ${EXPECTED[what]}, gevonden: ${found(v)}` : "")],
  [/^expected (.+)$/, (what) => (EXPECTED[what] ? `verwacht ${EXPECTED[what]}` : "")],
  [/^(.+) has more than the (\d+) significant digits Excel keeps; it would be read as (.+), a different amount$/, (v, n, r) => `${v} heeft meer dan de ${n} significante cijfers die Excel bewaart; het zou worden gelezen als ${r}, een ander bedrag`],
  [/^(.+) has more than the (\d+) significant digits Excel keeps$/, (v, n) => `${v} heeft meer dan de ${n} significante cijfers die Excel bewaart`],
  [/^(.+) has more than the (\d+) decimals of the accounting currency ([A-Z]{3})$/, (v, n, c) => `${v} heeft meer dan de ${n} decimalen van de boekhoudvaluta ${c}`],
  [/^(.+) has more than the (\d+) decimals ([A-Z]{3}) allows$/, (v, n, c) => `${v} heeft meer dan de ${n} decimalen die ${c} toestaat`],
  [/^("[^]*") is ambiguous: write 1234 or 1\.234 without a thousands comma$/, (v) => `${v} is dubbelzinnig: schrijf 1234 of 1.234 zonder duizendtalkomma`],
  [/^("[^]*") is ambiguous \(day\/month or month\/day\): write it as YYYY-MM-DD$/, (v) => `${v} is dubbelzinnig (dag/maand of maand/dag): schrijf het als JJJJ-MM-DD`],
  [/^("[^]*") is not a real calendar date$/, (v) => `${v} is geen bestaande kalenderdatum`],
  [/^("[^]*") is before 1900, the first date Excel holds$/, (v) => `${v} ligt voor 1900, de eerste datum die Excel kent`],
  [/^("[^]*") looks like a subtotal row; remove it from the data$/, (v) => `${v} lijkt een subtotaalrij; haal die uit de gegevens`],
  [/^(.+) is a number too long for Excel to keep exactly; type the account as text$/, (v) => `${v} is een getal dat te lang is voor Excel om precies te bewaren; typ de rekening als tekst`],
  [/^(\d{4}-\d{2}-\d{2}) is after the reimbursement date (\d{4}-\d{2}-\d{2})$/, (d, r) => `${d} ligt na de terugbetalingsdatum ${r}`],
  [/^expected a positive rate, found 0$/, () => "verwacht een positieve koers, gevonden: 0"],
];

const WHOLE: readonly Rule[] = [
  [/^parameter '(.+)' is required but (empty|missing)$/, (name, how) => `parameter '${name}' is verplicht maar ${how === "empty" ? "leeg" : "ontbreekt"}`],
  [/^customer (.+) appears twice on sheet (.+) \(also (.+)\)$/, (a, s, at) => `klant ${a} staat twee keer op blad ${s} (ook ${at})`],
  [
    /^a second ([A-Z]{3}) balance for customer (.+) \(first at (.+)\); keep one row per customer and currency$/,
    (c, a, at) => `een tweede saldo in ${c} voor klant ${a} (eerste op ${at}); houd één rij per klant en valuta`,
  ],
];

function apply(rules: readonly Rule[], text: string): string | null {
  for (const [pattern, dutch] of rules) {
    const m = pattern.exec(text);
    if (!m) continue;
    const out = dutch(...m.slice(1));
    if (out) return out;
  }
  return null;
}

function found(value: string): string {
  return apply(FOUND, value) ?? value;
}

/**
 * The Dutch of one unreadable-cell reason: "Balance: expected an amount, found an empty cell"
 * becomes "Balance: verwacht een bedrag, gevonden: een lege cel". Unknown forms come back unchanged.
 */
export function dutchCellProblem(message: string): string {
  const whole = apply(WHOLE, message);
  if (whole) return whole;
  const headed = /^([A-Z][A-Za-z ]*): ([^]*)$/.exec(message);
  if (headed) {
    const body = apply(BODY, headed[2]);
    if (body) return `${headed[1]}: ${body}`;
  }
  return apply(BODY, message) ?? message;
}
