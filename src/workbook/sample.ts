import { minorUnits } from "../core/currency";
import { isIsoDate } from "../core/dates";
import { IsoDate } from "../core/types";
import { isoToSerial } from "./cells";
import { COLUMNS, ColumnSpec, DEBTOR_ADDRESS_PARAMETERS, PARAMETER_NAMES, SHEETS } from "./contract";
import { CellValue, SheetGrid, WorkbookSnapshot } from "./grid";

/**
 * A realistic input workbook for demos, tests and benchmarks: the input sheets of the contract,
 * filled with customers from a dozen countries, their balances and transactions, and (when
 * messy) the kind of cells real ledgers hold. Pure and deterministic for a seed.
 */
export interface SampleOptions {
  customers: number;
  /** Rows on Customer transactions per customer; 3 when omitted. */
  transactionsPerCustomer?: number;
  seed?: number;
  /** Amounts typed as text, stray spaces, serial dates, #N/A cells...; true when omitted. */
  messy?: boolean;
  /** The Reimbursement date parameter, YYYY-MM-DD; transactions fall in the year before it. */
  today?: IsoDate;
}

export const SAMPLE_DEFAULT_DATE: IsoDate = "2026-11-24";
export const SAMPLE_MINIMUM = 10;
export const SAMPLE_ACCOUNTING_CURRENCY = "EUR";

/**
 * Accounting-currency (EUR) units per unit of each currency. CHF is used by Swiss customers
 * but deliberately absent: a workbook with a missing rate is the common real-world case.
 */
export const SAMPLE_RATES: Readonly<Record<string, number>> = { USD: 0.9213, GBP: 1.1742, JPY: 0.00612, BHD: 2.4437 };
const CHF_PER_EUR = 1.061; // only to size Swiss amounts; never written
const eurPerUnit = (currency: string): number =>
  currency === "EUR" ? 1 : currency === "CHF" ? 1 / CHF_PER_EUR : SAMPLE_RATES[currency];

// Globals resolve through the sandbox's global object under Jest, many times slower than a
// local binding; the generator makes millions of calls, so it uses local aliases.
const { abs, exp, floor, imul, log, max, round } = Math;
const JsDate = Date;
const DIGITS = "0123456789";
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** mulberry32: tiny, fast and good enough to make varied but repeatable data. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[floor(this.next() * items.length)];
  }
  digits(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += DIGITS[floor(this.next() * 10)];
    return s;
  }
  letters(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += LETTERS[floor(this.next() * 26)];
    return s;
  }
  /** Log-uniform: small amounts are more common than large ones, as in a real ledger. */
  logUniform(min: number, max: number): number {
    return exp(log(min) + this.next() * (log(max) - log(min)));
  }
}

interface City {
  name: string;
  postal: (r: Random) => string;
}

interface Country {
  code: string;
  currency: string;
  weight: number;
  cities: City[];
  /** Street, building number and the address line they make, drawn in the order the line reads. */
  street: (r: Random) => StreetAddress;
  firstNames: string[];
  lastNames: string[];
  trades: string[];
  suffixes: string[];
  /** A national account number in the shape ibantools expects; null where IBANs are not used. */
  bban: ((r: Random) => string) | null;
  /** Banks of the country, for the BIC column (needed for payments outside SEPA). */
  bics: string[];
}

const city = (name: string, postal: (r: Random) => string): City => ({ name, postal });
const fixedPrefix = (prefix: string, digits: number) => (r: Random) => prefix + r.digits(digits);
const houseNumber = (r: Random): number => r.int(1, 180);

interface StreetAddress {
  street: string;
  number: string;
  line: string;
}

/** "Hauptstraße 12": the street, then the number (drawn in that order, as the line reads). */
const streetThenNumber = (streets: string[], separator = " ") => (r: Random): StreetAddress => {
  const street = r.pick(streets);
  const number = String(houseNumber(r));
  return { street, number, line: `${street}${separator}${number}` };
};

/** "12 High Street": the number, then the street. */
const numberThenStreet = (streets: string[], separator = " ", draw: (r: Random) => string = (r) => String(houseNumber(r))) => (r: Random): StreetAddress => {
  const number = draw(r);
  const street = r.pick(streets);
  return { street, number, line: `${number}${separator}${street}` };
};

const COUNTRIES: Country[] = [
  {
    code: "DE", currency: "EUR", weight: 24,
    cities: [city("Berlin", fixedPrefix("101", 2)), city("Hamburg", fixedPrefix("200", 2)), city("München", fixedPrefix("803", 2)),
      city("Köln", fixedPrefix("506", 2)), city("Frankfurt am Main", fixedPrefix("603", 2)), city("Stuttgart", fixedPrefix("701", 2)),
      city("Leipzig", fixedPrefix("041", 2))],
    street: streetThenNumber(["Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Lindenallee", "Gartenweg", "Goethestraße", "Marktplatz"]),
    firstNames: ["Anna", "Lukas", "Mia", "Jonas", "Lena", "Felix", "Sophie", "Paul", "Hannah", "Maximilian"],
    lastNames: ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann"],
    trades: ["Handel", "Logistik", "Bau", "Elektrotechnik", "Feinkost", "Maschinenbau", "Textil"],
    suffixes: ["GmbH", "GmbH & Co. KG", "AG", "e.K."],
    bban: (r) => r.digits(18),
    bics: ["COBADEFFXXX", "DEUTDEFFXXX", "INGDDEFFXXX"],
  },
  {
    code: "NL", currency: "EUR", weight: 10,
    cities: [city("Amsterdam", (r) => `10${r.digits(2)} ${r.letters(2)}`), city("Rotterdam", (r) => `30${r.digits(2)} ${r.letters(2)}`),
      city("Utrecht", (r) => `35${r.digits(2)} ${r.letters(2)}`), city("Eindhoven", (r) => `56${r.digits(2)} ${r.letters(2)}`)],
    street: streetThenNumber(["Kerkstraat", "Dorpsstraat", "Molenweg", "Stationsweg", "Keizersgracht"]),
    firstNames: ["Daan", "Emma", "Sem", "Julia", "Lucas", "Tess", "Bram", "Sanne"],
    lastNames: ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer"],
    trades: ["Handel", "Transport", "Installatietechniek", "Bloemen", "Bouw"],
    suffixes: ["B.V.", "N.V.", "V.O.F."],
    bban: (r) => r.pick(["ABNA", "INGB", "RABO", "SNSB", "TRIO"]) + r.digits(10),
    bics: ["ABNANL2AXXX", "INGBNL2AXXX", "RABONL2UXXX"],
  },
  {
    code: "AT", currency: "EUR", weight: 6,
    cities: [city("Wien", fixedPrefix("1", 3)), city("Graz", fixedPrefix("80", 2)), city("Linz", fixedPrefix("40", 2)), city("Salzburg", fixedPrefix("50", 2))],
    street: streetThenNumber(["Mariahilfer Straße", "Hauptplatz", "Ringstraße", "Landstraße"]),
    firstNames: ["Tobias", "Laura", "Florian", "Katharina", "Stefan", "Julia"],
    lastNames: ["Gruber", "Huber", "Bauer", "Wagner", "Pichler", "Steiner", "Moser"],
    trades: ["Handel", "Holzbau", "Gastronomie", "Technik"],
    suffixes: ["GmbH", "KG", "AG"],
    bban: (r) => r.digits(16),
    bics: ["BKAUATWWXXX", "RZBAATWWXXX"],
  },
  {
    code: "IT", currency: "EUR", weight: 10,
    cities: [city("Milano", fixedPrefix("201", 2)), city("Roma", fixedPrefix("001", 2)), city("Torino", fixedPrefix("101", 2)),
      city("Napoli", fixedPrefix("801", 2)), city("Bologna", fixedPrefix("401", 2))],
    street: streetThenNumber(["Via Roma", "Via Garibaldi", "Corso Vittorio Emanuele II", "Via Mazzini", "Piazza Duomo"], ", "),
    firstNames: ["Giulia", "Marco", "Francesca", "Alessandro", "Chiara", "Luca", "Sofia", "Matteo"],
    lastNames: ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci"],
    trades: ["Commerciale", "Alimentari", "Tessile", "Arredamenti", "Costruzioni"],
    suffixes: ["S.r.l.", "S.p.A.", "S.n.c."],
    bban: (r) => r.letters(1) + r.digits(22),
    bics: ["UNCRITMMXXX", "BCITITMMXXX"],
  },
  {
    code: "IE", currency: "EUR", weight: 4,
    cities: [city("Dublin", (r) => `D0${r.int(1, 8)} ${r.letters(1)}${r.digits(2)}${r.letters(1)}`), city("Cork", (r) => `T12 ${r.letters(1)}${r.digits(2)}${r.letters(1)}`),
      city("Galway", (r) => `H91 ${r.letters(1)}${r.digits(2)}${r.letters(1)}`)],
    street: numberThenStreet(["Main Street", "O'Connell Street", "Church Road", "Harbour View"]),
    firstNames: ["Aoife", "Conor", "Siobhán", "Cian", "Niamh", "Seán"],
    lastNames: ["Murphy", "Kelly", "O'Sullivan", "Walsh", "O'Brien", "Byrne"],
    trades: ["Trading", "Distribution", "Foods", "Engineering"],
    suffixes: ["Ltd", "DAC"],
    bban: (r) => r.pick(["AIBK", "BOFI", "IPBS"]) + r.digits(14),
    bics: ["AIBKIE2DXXX", "BOFIIE2DXXX"],
  },
  {
    code: "LU", currency: "EUR", weight: 2,
    cities: [city("Luxembourg", fixedPrefix("L-1", 3)), city("Esch-sur-Alzette", fixedPrefix("L-4", 3))],
    street: numberThenStreet(["rue de la Gare", "avenue de la Liberté", "boulevard Royal", "Grand-Rue"], ", "),
    firstNames: ["Luc", "Claire", "Marc", "Sophie", "Paul"],
    lastNames: ["Schmit", "Muller", "Weber", "Wagner", "Hoffmann", "Kremer"],
    trades: ["Finance", "Logistique", "Commerce"],
    suffixes: ["S.A.", "S.à r.l."],
    bban: (r) => r.digits(16),
    bics: ["BCEELULLXXX", "BGLLLULLXXX"],
  },
  {
    code: "FI", currency: "EUR", weight: 3,
    cities: [city("Helsinki", fixedPrefix("001", 2)), city("Espoo", fixedPrefix("021", 2)), city("Tampere", fixedPrefix("331", 2))],
    street: streetThenNumber(["Mannerheimintie", "Aleksanterinkatu", "Hämeenkatu", "Esplanadi"]),
    firstNames: ["Aino", "Eetu", "Helmi", "Onni", "Venla"],
    lastNames: ["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Heikkinen"],
    trades: ["Kauppa", "Logistiikka", "Rakennus"],
    suffixes: ["Oy", "Oyj"],
    bban: (r) => r.digits(14),
    bics: ["NDEAFIHHXXX", "OKOYFIHHXXX"],
  },
  {
    code: "GB", currency: "GBP", weight: 12,
    cities: [city("London", (r) => `${r.pick(["EC1A", "SW1A", "N1", "E14"])} ${r.int(1, 9)}${r.letters(2)}`),
      city("Manchester", (r) => `M${r.int(1, 20)} ${r.int(1, 9)}${r.letters(2)}`), city("Birmingham", (r) => `B${r.int(1, 40)} ${r.int(1, 9)}${r.letters(2)}`),
      city("Leeds", (r) => `LS${r.int(1, 28)} ${r.int(1, 9)}${r.letters(2)}`), city("Bristol", (r) => `BS${r.int(1, 16)} ${r.int(1, 9)}${r.letters(2)}`)],
    street: numberThenStreet(["High Street", "Station Road", "Church Lane", "Victoria Road", "Park Avenue"]),
    firstNames: ["Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Emily"],
    lastNames: ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas"],
    trades: ["Trading", "Supplies", "Logistics", "Engineering", "Wholesale"],
    suffixes: ["Ltd", "PLC", "LLP"],
    bban: (r) => r.pick(["NWBK", "BARC", "HBUK", "LOYD", "MIDL"]) + r.digits(14),
    bics: ["NWBKGB2LXXX", "BARCGB22XXX", "HBUKGB4BXXX"],
  },
  {
    code: "US", currency: "USD", weight: 12,
    cities: [city("New York", fixedPrefix("100", 2)), city("Chicago", fixedPrefix("606", 2)), city("Austin", fixedPrefix("787", 2)),
      city("Seattle", fixedPrefix("981", 2)), city("Boston", fixedPrefix("021", 2))],
    street: numberThenStreet(["Main St", "Oak Ave", "Maple Dr", "Broadway", "Elm St", "Market St"], " ", (r) => String(r.int(10, 9999))),
    firstNames: ["James", "Olivia", "Michael", "Emma", "William", "Ava", "Ethan", "Mia"],
    lastNames: ["Johnson", "Williams", "Miller", "Davis", "Garcia", "Rodriguez", "Martinez", "Anderson"],
    trades: ["Supply", "Industries", "Distribution", "Foods", "Technologies"],
    suffixes: ["Inc.", "LLC", "Corp."],
    bban: null,
    bics: ["CHASUS33XXX", "BOFAUS3NXXX", "CITIUS33XXX"],
  },
  {
    code: "JP", currency: "JPY", weight: 4,
    cities: [city("Tokyo", (r) => `100-${r.digits(4)}`), city("Osaka", (r) => `530-${r.digits(4)}`), city("Yokohama", (r) => `220-${r.digits(4)}`)],
    street: numberThenStreet(["Marunouchi", "Umeda", "Minatomirai", "Shibuya", "Ginza"], " ", (r) => `${r.int(1, 9)}-${r.int(1, 20)}-${r.int(1, 30)}`),
    firstNames: ["Haruto", "Yui", "Sota", "Hina", "Ren", "Aoi"],
    lastNames: ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito"],
    trades: ["Shoji", "Trading", "Electronics", "Foods"],
    suffixes: ["K.K.", "Co., Ltd."],
    bban: null,
    bics: ["BOTKJPJTXXX", "SMBCJPJTXXX"],
  },
  {
    code: "BH", currency: "BHD", weight: 3,
    cities: [city("Manama", fixedPrefix("3", 2)), city("Muharraq", fixedPrefix("2", 2)), city("Riffa", fixedPrefix("9", 2))],
    street: (r) => {
      const number = String(r.int(1, 2999));
      const street = `Road ${r.int(1, 4999)}, Block ${r.int(100, 999)}`;
      return { street, number, line: `Building ${number}, ${street}` };
    },
    firstNames: ["Ahmed", "Fatima", "Ali", "Maryam", "Hassan", "Noor"],
    lastNames: ["Al Khalifa", "Al Mahmood", "Al Sayed", "Janahi", "Kanoo", "Fakhro"],
    trades: ["Trading", "Contracting", "Services", "General Trading"],
    suffixes: ["W.L.L.", "B.S.C."],
    bban: (r) => r.pick(["NBOB", "BBKU", "AUBB"]) + r.digits(14),
    bics: ["NBOBBHBMXXX", "BBKUBHBMXXX"],
  },
  {
    code: "CH", currency: "CHF", weight: 3,
    cities: [city("Zürich", fixedPrefix("80", 2)), city("Genève", fixedPrefix("12", 2)), city("Basel", fixedPrefix("40", 2)), city("Bern", fixedPrefix("30", 2))],
    street: streetThenNumber(["Bahnhofstrasse", "Rue du Rhône", "Marktgasse", "Freie Strasse"]),
    firstNames: ["Noah", "Mia", "Luca", "Lara", "Leon", "Elena"],
    lastNames: ["Müller", "Meier", "Schmid", "Keller", "Weber", "Huber"],
    trades: ["Handel", "Uhren", "Treuhand", "Technik"],
    suffixes: ["AG", "GmbH", "SA"],
    bban: (r) => r.digits(17),
    bics: ["UBSWCHZH80A", "CRESCHZZ80A"],
  },
];
const SWITZERLAND = COUNTRIES.length - 1;
const COUNTRY_WEIGHT_TOTAL = COUNTRIES.reduce((sum, c) => sum + c.weight, 0);

/** IBAN check digits by ISO 13616's mod 97-10, computed digit by digit so no big integers are needed. */
export function ibanFor(country: string, bban: string): string {
  const rearranged = `${bban}${country}00`;
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    const value = c >= 65 ? c - 55 : c - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return `${country}${String(98 - remainder).padStart(2, "0")}${bban}`;
}

const GROUPS = ["RETAIL", "RETAIL", "RETAIL", "RETAIL", "RETAIL", "WHOLESALE", "WHOLESALE", "WHOLESALE", "EXPORT", "EXPORT"];
const SYMBOLS: Readonly<Record<string, string>> = { EUR: "€", USD: "$", GBP: "£" };
const DAY_MS = 86400000;

interface SampleCustomer {
  account: string;
  country: Country;
  currency: string;
  /** Net balance to aim for per currency, in minor units; the first entry is the home currency. */
  targets: [string, number][];
  vendor: string | null;
}

/**
 * The net balance of one customer in one currency, in minor units: about 35% credits (a fifth
 * of them below the minimum), 10% zero, the rest debits.
 */
function targetBalance(r: Random, currency: string): number {
  const scale = 10 ** minorUnits(currency);
  const perEur = 1 / eurPerUnit(currency);
  const roll = r.float();
  if (roll < 0.07) return -max(1, floor(r.float() * (SAMPLE_MINIMUM - 0.01) * perEur * scale));
  if (roll < 0.35) return -round(r.logUniform(SAMPLE_MINIMUM, 8000) * perEur * scale);
  if (roll < 0.45) return 0;
  return round(r.logUniform(5, 25000) * perEur * scale);
}

function amountMinor(r: Random, currency: string, minEur: number, maxEur: number): number {
  return max(1, round(r.logUniform(minEur, maxEur) * (10 ** minorUnits(currency)) / eurPerUnit(currency)));
}

/** Minor units as a double that prints with at most the currency's decimals. */
function minorToNumber(minor: number, decimals: number): number {
  return decimals === 0 ? minor : minor / 10 ** decimals;
}

function grouped(digits: string): string {
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ",";
    out += digits[i];
  }
  return out;
}

/** An amount as an accountant pastes it from another system: "1,234.50", "€ 12.00", "(45.10)". */
function amountText(r: Random, minor: number, currency: string): string {
  const decimals = minorUnits(currency);
  const digits = String(abs(minor)).padStart(decimals + 1, "0");
  const plain = decimals ? `${grouped(digits.slice(0, -decimals))}.${digits.slice(-decimals)}` : grouped(digits);
  const symbol = SYMBOLS[currency] ?? currency;
  const style = r.int(0, 2);
  if (minor < 0) return style === 0 ? `(${plain})` : style === 1 ? `-${symbol} ${plain}` : ` -${plain} `;
  return style === 0 ? plain : style === 1 ? `${symbol} ${plain}` : ` ${plain} `;
}

/** Picks `count` distinct indices in [0, n) that satisfy `accept`, trying a bounded number of times. */
function pickDistinct(r: Random, n: number, count: number, taken: Set<number>, accept: (i: number) => boolean): number[] {
  const picked: number[] = [];
  for (let attempt = 0; attempt < 50 * count + 200 && picked.length < count; attempt++) {
    const i = r.int(0, n - 1);
    if (!taken.has(i) && accept(i)) {
      taken.add(i);
      picked.push(i);
    }
  }
  return picked;
}

/** Like pickDistinct, topping up from `fallback` when too few satisfy `preferred`. */
function pickPreferring(
  r: Random, n: number, count: number, taken: Set<number>, preferred: (i: number) => boolean, fallback: (i: number) => boolean,
): number[] {
  const picked = pickDistinct(r, n, count, taken, preferred);
  return picked.length < count ? picked.concat(pickDistinct(r, n, count - picked.length, taken, fallback)) : picked;
}

/**
 * Puts a row's values under the named headers, so the sample follows the contract when its
 * columns are reordered or extended; columns the sample does not fill stay empty.
 */
class Layout {
  readonly header: string[];
  private readonly index: number[];
  private readonly identity: boolean;

  constructor(specs: readonly ColumnSpec[], filled: readonly string[]) {
    this.header = specs.map((s) => s.header);
    this.index = filled.map((name) => {
      const i = this.header.indexOf(name);
      if (i < 0) throw new Error(`the workbook contract has no column '${name}'`);
      return i;
    });
    this.identity = this.index.length === this.header.length && this.index.every((i, k) => i === k);
  }

  place(values: CellValue[]): CellValue[] {
    if (this.identity) return values;
    const row: CellValue[] = new Array(this.header.length).fill(null);
    for (let k = 0; k < values.length; k++) row[this.index[k]] = values[k];
    return row;
  }
}

const PAYEE_FILLED = ["Street", "Building number", "BIC", "Account number", "LEI"];

interface PayeeDetails {
  /** Street and Building number apart (else only the Address line: a hybrid address). */
  structured: boolean;
  bic: string | null;
  accountNumber: string | null;
  lei: string | null;
}

/** ISO 17442: 18 characters and two check digits that make the code 1 modulo 97. */
export function leiFor(base: string): string {
  let remainder = 0;
  for (const ch of `${base}00`) {
    const value = ch >= "A" ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return `${base}${String(98 - remainder).padStart(2, "0")}`;
}

/**
 * Bank details beyond the IBAN, from their own random stream so that adding them left every
 * earlier draw (and so every balance and demo figure) as it was: BICs for every bank outside the
 * euro area and for half the others, account numbers where the country has no IBAN, an LEI for
 * some companies, and a few addresses typed as one line only.
 */
function payeeDetails(r: Random, country: Country, name: string): PayeeDetails {
  const structured = r.chance(0.85);
  const bic = country.currency !== "EUR" || r.chance(0.5) ? r.pick(country.bics) : null;
  const accountNumber = country.bban === null ? r.digits(r.int(8, 12)) : null;
  const company = country.suffixes.some((suffix) => name.endsWith(suffix));
  const lei = company && r.chance(0.15) ? leiFor(`5493${r.digits(2)}${r.letters(4)}${r.digits(8)}`) : null;
  return { structured, bic, accountNumber, lei };
}

const LAYOUTS = {
  parameters: new Layout(COLUMNS.parameters, ["Parameter", "Value"]),
  customers: new Layout(COLUMNS.customers, [
    "Customer account", "Name", "Currency", "Vendor account", "Customer group", "Blocked", "Address", "City",
    "Postal code", "Country", "IBAN", ...PAYEE_FILLED,
  ]),
  vendors: new Layout(COLUMNS.vendors, ["Vendor account", "Name", "Address", "City", "Postal code", "Country", "IBAN", ...PAYEE_FILLED]),
  balances: new Layout(COLUMNS.balances, ["Customer account", "Currency", "Balance"]),
  transactions: new Layout(COLUMNS.transactions, ["Customer account", "Date", "Currency", "Amount", "Type", "Document", "Run id"]),
  rates: new Layout(COLUMNS.rates, ["Currency", "Rate"]),
};

function grid(name: string, layout: Layout, rows: CellValue[][]): SheetGrid {
  rows[0] = [...layout.header];
  for (let i = 1; i < rows.length; i++) rows[i] = layout.place(rows[i]);
  return { name, startRow: 1, startCol: 1, rows };
}

export function sampleWorkbook(options: SampleOptions): WorkbookSnapshot {
  const n = max(0, floor(options.customers));
  const perCustomer = max(0, floor(options.transactionsPerCustomer ?? 3));
  const messy = options.messy ?? true;
  const today = options.today ?? SAMPLE_DEFAULT_DATE;
  if (!isIsoDate(today)) throw new Error(`sample date must be YYYY-MM-DD, got "${today}"`);
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  const r = new Random(options.seed ?? 1);
  const bank = new Random(((options.seed ?? 1) ^ 0x5eed1ee) >>> 0);

  const customers = makeCustomers(r, n);
  const taken = new Set<number>();
  const isCredit = (i: number): boolean => customers[i].targets[0][1] < 0;
  // Deliberate errors land on credit customers, where they change what a run does.
  const hasVendor = (i: number): boolean => customers[i].vendor !== null;
  const missingVendors = new Set(pickPreferring(r, n, n >= 5 ? 2 : 0, taken, (i) => hasVendor(i) && isCredit(i), hasVendor));
  const errorCustomers = new Set(messy ? pickPreferring(r, n, n >= 50 ? 2 : n >= 3 ? 1 : 0, taken, isCredit, () => true) : []);
  // Random messiness may miss a small sample; one customer always shows every kind. It may
  // also be missing its vendor, but its amounts stay readable and its account textual.
  const showcase = messy ? pickDistinct(r, n, n >= 2 ? 1 : 0, new Set(errorCustomers), (i) => customers[i].currency in SYMBOLS)[0] : undefined;
  if (showcase !== undefined) taken.add(showcase);
  const numericAccount = messy ? pickDistinct(r, n, n >= 1 ? 1 : 0, taken, () => true)[0] : undefined;
  if (numericAccount !== undefined) customers[numericAccount].account = "123";

  const customerRows: CellValue[][] = new Array(n + 1);
  const vendorRows: CellValue[][] = [[]];
  const balanceRows: CellValue[][] = [[]];
  const transactionRows: CellValue[][] = new Array(n * perCustomer + 1);
  let documentNo = 100000;
  let t = 1;
  for (let i = 0; i < n; i++) {
    const c = customers[i];
    const name = customerName(r, c.country);
    const cityPick = r.pick(c.country.cities);
    const bban = c.country.bban;
    const iban = bban && r.chance(0.92) ? ibanFor(c.country.code, bban(r)) : null;
    const street = c.country.street(r);
    const pay = payeeDetails(bank, c.country, name);
    const blockedRoll = r.float();
    const blocked = blockedRoll < 0.92 ? "No" : blockedRoll < 0.95 ? "All" : blockedRoll < 0.98 ? "Payment" : "Invoice";
    customerRows[i + 1] = [
      c.account, name, c.currency, c.vendor, r.pick(GROUPS), blocked, street.line, cityPick.name,
      cityPick.postal(r), c.country.code, iban, pay.structured ? street.street : null, pay.structured ? street.number : null,
      pay.bic, pay.accountNumber, pay.lei,
    ];
    // The vendor master holds the same legal name, address and bank details as its customer.
    const row = customerRows[i + 1];
    if (c.vendor !== null && !missingVendors.has(i)) vendorRows.push([c.vendor, name, ...row.slice(6)]);

    // Transactions in the home currency; the opening balance makes up the rest of the target.
    const home = c.currency;
    const decimals = minorUnits(home);
    let txSum = 0;
    const errorRow = errorCustomers.has(i) ? r.int(0, max(0, perCustomer - 1)) : -1;
    for (let k = 0; k < perCustomer; k++) {
      const roll = r.float();
      const type = roll < 0.5 ? "Invoice" : roll < 0.85 ? "Payment" : "Credit note";
      const minor = type === "Invoice" ? amountMinor(r, home, 20, 6000) : -amountMinor(r, home, type === "Payment" ? 20 : 5, type === "Payment" ? 6000 : 800);
      txSum += minor;
      const dateMs = todayMs - r.int(1, 365) * DAY_MS;
      const docPrefix = type === "Invoice" ? "INV-" : type === "Payment" ? "PAY-" : "CN-";
      let amount: CellValue = minorToNumber(minor, decimals);
      let date: CellValue = new JsDate(dateMs);
      let account: CellValue = c.account;
      let currency: CellValue = home;
      if (messy) {
        const show = i === showcase && k === 0;
        if (k === errorRow) amount = { error: "#N/A" };
        else if (SYMBOLS[home] && (show || r.chance(0.03))) amount = amountText(r, minor, home);
        if (show || r.chance(0.02)) date = isoToSerial(new JsDate(dateMs).toISOString().slice(0, 10));
        if (i === numericAccount) account = r.chance(0.5) ? 123 : "123";
        else if (show || r.chance(0.01)) account = r.chance(0.5) ? ` ${c.account}` : `${c.account}  `;
        if (r.chance(0.01)) currency = home.toLowerCase();
      }
      transactionRows[t++] = [account, date, currency, amount, type, docPrefix + documentNo++, null];
    }
    for (let b = 0; b < c.targets.length; b++) {
      const [currency, target] = c.targets[b];
      const minor = b === 0 ? target - txSum : target;
      let amount: CellValue = minorToNumber(minor, minorUnits(currency));
      let account: CellValue = c.account;
      if (messy) {
        if (i === numericAccount) account = 123;
        else if (r.chance(0.01)) account = r.chance(0.5) ? ` ${c.account}` : `${c.account} `;
        if (errorCustomers.has(i) && perCustomer === 0 && b === 0) amount = { error: "#N/A" };
        else if (SYMBOLS[currency] && ((i === showcase && b === 0) || r.chance(0.03))) amount = amountText(r, minor, currency);
      }
      balanceRows.push([account, currency, amount]);
    }
  }

  const parameters: CellValue[][] = [
    [],
    [PARAMETER_NAMES.minimum, SAMPLE_MINIMUM],
    [PARAMETER_NAMES.accountingCurrency, SAMPLE_ACCOUNTING_CURRENCY],
    [PARAMETER_NAMES.date, new JsDate(todayMs)],
    [PARAMETER_NAMES.paymentTermsDays, 14],
    [PARAMETER_NAMES.invoicePrefix, "RB-"],
    [PARAMETER_NAMES.oneTimeVendorPrefix, "OTV-"],
    // The paying company's account, so `reimburse pay` works on the sample as it is.
    ["Debtor name", "Reimburse Demo GmbH"],
    ["Debtor IBAN", ibanFor("DE", "370400440532013000")],
    ["Debtor BIC", "COBADEFFXXX"],
    // Its address: payments to banks outside the EEA (GB, US, JP, BH, CH) must carry it.
    [DEBTOR_ADDRESS_PARAMETERS.street, "Friedrichstraße"],
    [DEBTOR_ADDRESS_PARAMETERS.buildingNumber, "68"],
    [DEBTOR_ADDRESS_PARAMETERS.postalCode, "10117"],
    [DEBTOR_ADDRESS_PARAMETERS.town, "Berlin"],
    [DEBTOR_ADDRESS_PARAMETERS.country, "DE"],
    // What the AP exports need, so `reimburse export` works on the sample in every format.
    ["Vendor group", "OTV"],
    ["Company name", "Reimburse Demo GmbH"],
    ["Company country", "DE"],
  ];
  const rates: CellValue[][] = [[], ...Object.entries(SAMPLE_RATES).map(([code, rate]) => [code, rate])];
  return {
    sheets: [
      grid(SHEETS.parameters, LAYOUTS.parameters, parameters),
      grid(SHEETS.customers, LAYOUTS.customers, customerRows),
      grid(SHEETS.vendors, LAYOUTS.vendors, vendorRows),
      grid(SHEETS.balances, LAYOUTS.balances, balanceRows),
      grid(SHEETS.transactions, LAYOUTS.transactions, transactionRows),
      grid(SHEETS.rates, LAYOUTS.rates, rates),
    ],
  };
}

function makeCustomers(r: Random, n: number): SampleCustomer[] {
  const customers: SampleCustomer[] = new Array(n);
  let vendorNo = 0;
  let swiss = false;
  for (let i = 0; i < n; i++) {
    let country = pickCountry(r);
    // The missing CHF rate is part of the story: make sure at least one Swiss customer exists.
    if (i === n - 1 && !swiss && n >= 2) country = COUNTRIES[SWITZERLAND];
    if (country.code === "CH") swiss = true;
    const currency = country.currency;
    const targets: [string, number][] = [[currency, targetBalance(r, currency)]];
    // Some customers also trade in a second currency.
    if (r.chance(0.1)) {
      const other = currency === "EUR" ? r.pick(["USD", "GBP", "USD", "JPY", "BHD"]) : "EUR";
      targets.push([other, targetBalance(r, other)]);
    }
    const vendor = r.chance(0.6) ? `V${String(++vendorNo).padStart(6, "0")}` : null;
    customers[i] = { account: `C${String(i + 1).padStart(6, "0")}`, country, currency, targets, vendor };
  }
  return customers;
}

function pickCountry(r: Random): Country {
  let roll = r.float() * COUNTRY_WEIGHT_TOTAL;
  for (const c of COUNTRIES) {
    roll -= c.weight;
    if (roll < 0) return c;
  }
  return COUNTRIES[0];
}

function customerName(r: Random, c: Country): string {
  if (r.chance(0.35)) return `${r.pick(c.firstNames)} ${r.pick(c.lastNames)}`;
  return `${r.pick(c.lastNames)} ${r.pick(c.trades)} ${r.pick(c.suffixes)}`;
}
