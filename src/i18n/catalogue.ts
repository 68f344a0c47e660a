/**
 * Every text the task pane shows, in English and Dutch (nl-NL), side by side so neither can be
 * forgotten. `{name}` is filled in by t(); a text with "|" is "one|other", chosen by {n}.
 * Dutch follows Dynamics 365's own Dutch ("Klanten terugbetalen", "eenmalige leverancier",
 * "boekhoudvaluta"). Engine messages that end up on sheets are not here: a workbook keeps one
 * language (see docs/taskpane.md).
 */
export type Language = "en" | "nl-NL";

export const LANGUAGES: readonly Language[] = ["en", "nl-NL"];

export const CATALOGUE = {
  // Header, language, mode
  "language.label": ["Language", "Taal"],
  "mode.excel": ["Customer credit reimbursement for this workbook.", "Klanten terugbetalen voor deze werkmap."],
  "mode.file": ["File mode: no Excel host found.", "Bestandsmodus: geen Excel gevonden."],

  // Steps
  "step.label": ["Steps", "Stappen"],
  "step.prepare": ["Prepare", "Voorbereiden"],
  "step.preview": ["Preview", "Voorbeeld"],
  "step.run": ["Run", "Uitvoeren"],
  "step.pay": ["Pay and export", "Betalen en exporteren"],
  "step.history": ["History", "Geschiedenis"],

  // Counts
  "count.credit": ["{n} credit|{n} credits", "{n} creditsaldo|{n} creditsaldi"],
  "count.customer": ["{n} customer|{n} customers", "{n} klant|{n} klanten"],
  "count.exception": ["{n} exception|{n} exceptions", "{n} uitzondering|{n} uitzonderingen"],
  "count.invoice": ["{n} invoice|{n} invoices", "{n} factuur|{n} facturen"],
  "count.openInvoice": ["{n} open invoice|{n} open invoices", "{n} openstaande factuur|{n} openstaande facturen"],
  "count.creditNote": ["{n} credit note|{n} credit notes", "{n} creditnota|{n} creditnota's"],
  "count.reimbursement": ["{n} reimbursement|{n} reimbursements", "{n} terugbetaling|{n} terugbetalingen"],

  // Common
  "common.cancel": ["Cancel", "Annuleren"],
  "common.more": ["… and {n} more.", "… en nog {n}."],

  // Table headers
  "table.currency": ["Currency", "Valuta"],
  "table.credits": ["Credits", "Creditsaldi"],
  "table.amount": ["Amount", "Bedrag"],
  "table.accounting": ["In {currency}", "In {currency}"],
  "table.customer": ["Customer", "Klant"],
  "table.name": ["Name", "Naam"],
  "table.vendor": ["Vendor", "Leverancier"],
  "table.invoice": ["Invoice", "Factuur"],
  "table.invoices": ["Invoices", "Facturen"],
  "table.status": ["Status", "Status"],
  "table.reason": ["Reason", "Reden"],
  "table.sheet": ["Sheet", "Blad"],
  "table.cell": ["Cell", "Cel"],
  "table.count": ["Count", "Aantal"],
  "table.payee": ["Payee", "Begunstigde"],
  "table.iban": ["IBAN", "IBAN"],

  // Workbook (file mode)
  "file.title": ["Workbook", "Werkmap"],
  "file.intro": [
    "Outside Excel, Reimburse works on a copy of an .xlsx file: open it, run, then download the result.",
    "Buiten Excel werkt Reimburse met een kopie van een .xlsx-bestand: open het, voer uit en download dan het resultaat.",
  ],
  "file.open": ["Open workbook…", "Werkmap openen…"],
  "file.none": ["No workbook open.", "Geen werkmap geopend."],
  "file.opening": ["Opening {name}…", "{name} wordt geopend…"],
  "file.openName": ["Open: {name}", "Geopend: {name}"],
  "file.failed": ["Could not open {name}. No workbook open.", "{name} kon niet worden geopend. Geen werkmap geopend."],
  "file.failedKept": ["Could not open {name}. Still open: {previous}", "{name} kon niet worden geopend. Nog steeds geopend: {previous}"],
  "file.notWorkbook": ["{name} is not a workbook Reimburse can read (.xlsx expected): {reason}", "{name} is geen werkmap die Reimburse kan lezen (.xlsx verwacht): {reason}"],
  "file.download": ["Download workbook", "Werkmap downloaden"],
  "file.downloadAgain": ["Download the file again", "Bestand opnieuw downloaden"],
  "file.noDownload": ["No download? Copy the file's text", "Geen download? Kopieer de tekst van het bestand"],
  "file.pasteHint": ["Paste it into a text editor and save it as {name} (UTF-8).", "Plak het in een teksteditor en sla het op als {name} (UTF-8)."],
  "file.textOf": ["Text of {name}", "Tekst van {name}"],
  "file.copy": ["Copy", "Kopiëren"],
  "file.copied": ["Copied.", "Gekopieerd."],
  "file.copyBlocked": ["Copying was blocked: select the text and press Ctrl+C.", "Kopiëren is geblokkeerd: selecteer de tekst en druk op Ctrl+C."],
  "file.modeWarning": [
    'The {marks} are only in the pane\'s copy of the workbook: click "Download workbook" and keep that file in place of the one you opened. Working on from the old file would {twice} twice.',
    'De {marks} staan alleen in de kopie van de werkmap in dit venster: klik op "Werkmap downloaden" en gebruik dat bestand in plaats van het geopende. Verder werken met het oude bestand zou {twice} twee keer doen.',
  ],

  // Settings
  "settings.title": ["Settings", "Instellingen"],
  "settings.required": ["Required", "Verplicht"],
  "settings.minimum": ["Minimum reimbursement", "Minimale terugbetaling"],
  "settings.accountingCurrency": ["Accounting currency", "Boekhoudvaluta"],
  "settings.date": ["Reimbursement date", "Terugbetalingsdatum"],
  "settings.date.empty": ["Empty: today's date", "Leeg: de datum van vandaag"],
  "settings.paymentTermsDays": ["Payment terms (days)", "Betalingstermijn (dagen)"],
  "settings.paymentTermsDays.empty": ["Empty: due on the reimbursement date", "Leeg: vervalt op de terugbetalingsdatum"],
  "settings.invoicePrefix": ["Invoice prefix", "Voorvoegsel factuur"],
  "settings.invoicePrefix.empty": ["Empty: RB-", "Leeg: RB-"],
  "settings.oneTimeVendorPrefix": ["One-time vendor prefix", "Voorvoegsel eenmalige leverancier"],
  "settings.oneTimeVendorPrefix.empty": ["Empty: OTV-", "Leeg: OTV-"],
  "settings.save": ["Save to Parameters sheet", "Opslaan op blad Parameters"],
  "settings.saved": ["Settings saved to sheet Parameters.", "Instellingen opgeslagen op blad Parameters."],
  "settings.formula.question": [
    "{fields} holds a formula. Saving replaces it with the value you typed.|{fields} hold formulas. Saving replaces them with the values you typed.",
    "{fields} bevat een formule. Opslaan vervangt die door de waarde die u hebt getypt.|{fields} bevatten formules. Opslaan vervangt ze door de waarden die u hebt getypt.",
  ],
  "settings.formula.field": ["{name} ({address}: {formula})", "{name} ({address}: {formula})"],
  "settings.formula.replace": ["Replace the formula|Replace the formulas", "Formule vervangen|Formules vervangen"],
  "settings.formula.keep": ["Keep it|Keep them", "Behouden|Behouden"],
  "settings.formula.kept": [
    "The formula stays; the field shows the sheet's value again.|The formulas stay; the fields show the sheet's values again.",
    "De formule blijft staan; het veld toont weer de waarde van het blad.|De formules blijven staan; de velden tonen weer de waarden van het blad.",
  ],

  // Selection
  "selection.title": ["Selection", "Selectie"],
  "selection.customers": ["Customers", "Klanten"],
  "selection.all": ["All customers", "Alle klanten"],
  "selection.accounts": ["Accounts listed", "Opgegeven rekeningen"],
  "selection.range": ["Account range", "Reeks rekeningen"],
  "selection.accountsField": ["Accounts", "Rekeningen"],
  "selection.from": ["From account", "Van rekening"],
  "selection.to": ["To account", "Tot rekening"],
  "selection.group": ["Customer group (optional)", "Klantgroep (optioneel)"],
  "selection.anyGroup": ["any group", "elke groep"],
  "selection.currency": ["Currency (optional)", "Valuta (optioneel)"],
  "selection.anyCurrency": ["any currency", "elke valuta"],
  "selection.describe.all": ["All customers", "Alle klanten"],
  "selection.describe.accounts": ["accounts {accounts}", "rekeningen {accounts}"],
  "selection.describe.range": ["accounts {from} to {to}", "rekeningen {from} tot en met {to}"],
  "selection.describe.group": ["group {group}", "groep {group}"],
  "selection.describe.currency": ["currency {currency}", "valuta {currency}"],
  "selection.selected": ["Selected: {description}", "Geselecteerd: {description}"],
  "selection.error.accounts": ["Enter at least one customer account, or choose All customers", "Vul minstens één klantrekening in, of kies Alle klanten"],
  "selection.error.from": ["Enter the first account of the range", "Vul de eerste rekening van de reeks in"],
  "selection.error.to": ["Enter the last account of the range", "Vul de laatste rekening van de reeks in"],
  "selection.error.order": ["{to} sorts before {from}: swap them", "{to} komt vóór {from}: wissel ze om"],
  "selection.error.currency": ["Expected a three-letter currency code such as EUR, or nothing for all currencies", "Verwacht een valutacode van drie letters zoals EUR, of niets voor alle valuta"],

  // Preview
  "preview.button": ["Preview", "Voorbeeld bekijken"],
  "preview.buttonAgain": ["Preview again", "Opnieuw bekijken"],
  "preview.headline": ["{credits} of {customers} to reimburse, {total} in total", "{credits} van {customers} terug te betalen, {total} in totaal"],
  "preview.nothing": ["No credit balance to reimburse", "Geen creditsaldo om terug te betalen"],
  "preview.selection": ["{selection}; minimum {minimum}; date {date}", "{selection}; minimum {minimum}; datum {date}"],
  "preview.accountingTotal": ["Total in accounting currency: {total}", "Totaal in boekhoudvaluta: {total}"],
  "preview.vendor": ["{account} — {name} (customer {customer})", "{account} — {name} (klant {customer})"],
  "preview.vendorsHeading": ["{n} one-time vendor to create|{n} one-time vendors to create", "{n} eenmalige leverancier aan te maken|{n} eenmalige leveranciers aan te maken"],
  "preview.noVendor": ["No one-time vendor to create.", "Geen eenmalige leverancier aan te maken."],
  "preview.exceptionsHeading": ["{n} exception: not reimbursed|{n} exceptions: not reimbursed", "{n} uitzondering: niet terugbetaald|{n} uitzonderingen: niet terugbetaald"],
  "preview.noExceptions": ["No exceptions", "Geen uitzonderingen"],
  "preview.selectionIncomplete": ["The selection is incomplete: see the messages under Selection.", "De selectie is onvolledig: zie de meldingen onder Selectie."],
  "preview.settingsInvalid": ["The settings have errors: see the messages under Settings.", "De instellingen bevatten fouten: zie de meldingen onder Instellingen."],
  "preview.toRun": ["Continue to Run", "Verder naar Uitvoeren"],

  // Exceptions table
  "exceptions.filter": ["Filter exceptions", "Uitzonderingen filteren"],
  "exceptions.filterPlaceholder": ["customer, currency or reason", "klant, valuta of reden"],
  "exceptions.group": ["Group by reason", "Groeperen op reden"],
  "exceptions.countAll": ["{n} exception (first {shown} shown)|{n} exceptions (first {shown} shown)", "{n} uitzondering (eerste {shown} getoond)|{n} uitzonderingen (eerste {shown} getoond)"],
  "exceptions.countFiltered": ["{n} of {all} match (first {shown} shown)|{n} of {all} match (first {shown} shown)", "{n} van {all} komt overeen (eerste {shown} getoond)|{n} van {all} komen overeen (eerste {shown} getoond)"],
  "exceptions.copy": ["Copy", "Kopiëren"],
  "exceptions.copied": ["Copied {n} row: paste it into a sheet or a mail.|Copied {n} rows: paste them into a sheet or a mail.", "{n} rij gekopieerd: plak hem in een blad of een mail.|{n} rijen gekopieerd: plak ze in een blad of een mail."],
  "exceptions.write": ["Write to sheet", "Naar blad schrijven"],
  "exceptions.written": ["{n} row written to sheet {sheet}.|{n} rows written to sheet {sheet}.", "{n} rij geschreven naar blad {sheet}.|{n} rijen geschreven naar blad {sheet}."],

  // Run
  "run.previewFirst": ["Preview first: the run writes exactly what the preview showed.", "Bekijk eerst het voorbeeld: de uitvoering schrijft precies wat het voorbeeld toonde."],
  "run.intro": ["Check the summary below (print it for a second person to sign), then run.", "Controleer de samenvatting hieronder (druk haar af voor een tweede handtekening) en voer dan uit."],
  "run.nothing": ["Nothing to reimburse: the run would write nothing. Change the settings or the selection and preview again.", "Niets terug te betalen: de uitvoering zou niets schrijven. Wijzig de instellingen of de selectie en bekijk opnieuw."],
  "run.button": ["Run reimbursement", "Terugbetaling uitvoeren"],
  "run.confirmText": ["This run covers all customers: {headline}. It writes to the workbook.", "Deze uitvoering geldt voor alle klanten: {headline}. Ze schrijft in de werkmap."],
  "run.confirmAll": ["Run for all customers", "Uitvoeren voor alle klanten"],
  "run.changed": ["The workbook changed since the preview. Preview again, check the figures, then run.", "De werkmap is gewijzigd sinds het voorbeeld. Bekijk opnieuw, controleer de cijfers en voer dan uit."],
  "run.headline": ["Run {runId} reimbursed {credits} ({total}); {exceptions} recorded.", "Uitvoering {runId} heeft {credits} terugbetaald ({total}); {exceptions} vastgelegd."],
  "run.sheetCreated": ["{n} row (new sheet)|{n} rows (new sheet)", "{n} rij (nieuw blad)|{n} rijen (nieuw blad)"],
  "run.sheetAdded": ["{n} row added|{n} rows added", "{n} rij toegevoegd|{n} rijen toegevoegd"],
  "run.next": ["Next: Pay and export, or see the rows under History.", "Volgende stap: Betalen en exporteren, of bekijk de rijen onder Geschiedenis."],

  // Approval
  "approval.runTitle": ["Approval: reimbursement run {runId}", "Goedkeuring: terugbetaling {runId}"],
  "approval.payTitle": ["Approval: payment, execution date {date}", "Goedkeuring: betaling, uitvoeringsdatum {date}"],
  "approval.workbook": ["Workbook: {workbook}", "Werkmap: {workbook}"],
  "approval.thisWorkbook": ["the workbook open in Excel", "de werkmap die in Excel open is"],
  "approval.prepared": ["Prepared: {time}", "Opgesteld: {time}"],
  "approval.payees": ["{n} payee|{n} payees", "{n} begunstigde|{n} begunstigden"],
  "approval.morePayees": ["… and {n} more, on the sheets.", "… en nog {n}, op de bladen."],
  "approval.noIban": ["no IBAN: the payment will list it as an exception", "geen IBAN: de betaling geeft dit als uitzondering"],
  "approval.preparedBy": ["Prepared by", "Opgesteld door"],
  "approval.approvedBy": ["Approved by", "Goedgekeurd door"],
  "approval.print": ["Print summary", "Samenvatting afdrukken"],

  // Progress
  "progress.label": ["Progress", "Voortgang"],
  "progress.reading": ["Reading the workbook…", "De werkmap wordt gelezen…"],
  "progress.stageRead": ["Step {step} of {steps}: reading the workbook…", "Stap {step} van {steps}: de werkmap wordt gelezen…"],
  "progress.stageReadRows": ["Step {step} of {steps}: read {done} of {total} rows…", "Stap {step} van {steps}: {done} van {total} rijen gelezen…"],
  "progress.stagePlan": ["Step {step} of {steps}: planning {n} customers…", "Stap {step} van {steps}: {n} klanten worden doorgerekend…"],
  "progress.stageWrite": ["Step {step} of {steps}: written {done} of {total} rows…", "Stap {step} van {steps}: {done} van {total} rijen geschreven…"],
  "progress.stageWriteFile": ["Step {step} of {steps}: writing {n} rows…", "Stap {step} van {steps}: {n} rijen worden geschreven…"],
  "progress.writingFile": ["Writing the workbook…", "De werkmap wordt geschreven…"],
  "progress.written": ["Written {done} of {total} rows…", "{done} van {total} rijen geschreven…"],
  "progress.stageInvoices": ["Step {step} of {steps}: preparing {n} vendor invoice…|Step {step} of {steps}: preparing {n} vendor invoices…", "Stap {step} van {steps}: {n} leveranciersfactuur wordt voorbereid…|Stap {step} van {steps}: {n} leveranciersfacturen worden voorbereid…"],
  "progress.stageReimbursements": ["Step {step} of {steps}: checking {n} reimbursement…|Step {step} of {steps}: checking {n} reimbursements…", "Stap {step} van {steps}: {n} terugbetaling wordt gecontroleerd…|Stap {step} van {steps}: {n} terugbetalingen worden gecontroleerd…"],
  "progress.stagePayments": ["Step {step} of {steps}: matching {n} transfer…|Step {step} of {steps}: matching {n} transfers…", "Stap {step} van {steps}: {n} overboeking wordt vergeleken…|Stap {step} van {steps}: {n} overboekingen worden vergeleken…"],
  "engine.stale": ["The workbook changed while this was being prepared. Nothing was written: try again.", "De werkmap is gewijzigd terwijl dit werd voorbereid. Er is niets geschreven: probeer het opnieuw."],

  // History
  "review.title": ["Runs", "Uitvoeringen"],
  "review.run": ["Run", "Uitvoering"],
  "review.noRuns": ["No run in this workbook yet: runs appear here after the first one.", "Nog geen uitvoering in deze werkmap: uitvoeringen verschijnen hier na de eerste."],
  "review.none": ["No row of sheet Reimbursements has run id {runId}.", "Geen rij van blad Reimbursements heeft uitvoering {runId}."],
  "review.count": ["{n} row of run {runId}.|{n} rows of run {runId}.", "{n} rij van uitvoering {runId}.|{n} rijen van uitvoering {runId}."],
  "review.countCut": ["{n} row of run {runId} (first {shown} shown).|{n} rows of run {runId} (first {shown} shown).", "{n} rij van uitvoering {runId} (eerste {shown} getoond).|{n} rijen van uitvoering {runId} (eerste {shown} getoond)."],
  "runs.none": ["No run in this workbook yet", "Nog geen uitvoering in deze werkmap"],

  // Export
  "export.title": ["Export to accounts payable", "Exporteren naar crediteurenadministratie"],
  "export.intro": [
    "Writes the vendor invoices to a file for accounts payable and marks them Exported, so the next export leaves them out.",
    "Schrijft de leveranciersfacturen naar een bestand voor de crediteurenadministratie en markeert ze als Exported, zodat de volgende export ze overslaat.",
  ],
  "export.formatLabel": ["Format", "Indeling"],
  "export.format.d365": ["Dynamics 365 vendor invoice journal", "Dynamics 365-leveranciersfactuurjournaal"],
  "export.format.d365-general-journal": [
    "Dynamics 365 general journal (customer and vendor)",
    "Dynamics 365-financieel journaal (klant en leverancier)",
  ],
  "export.format.ubl": ["UBL 2.1 invoices", "UBL 2.1-facturen"],
  "export.format.csv": ["Plain CSV (the sheet's columns)", "Eenvoudige CSV (de kolommen van het blad)"],
  "export.format.csvShort": ["plain CSV", "eenvoudige CSV"],
  "export.invoices": ["Invoices", "Facturen"],
  "export.allRuns": ["All runs", "Alle uitvoeringen"],
  "export.again": ["Export again invoices already exported", "Al geëxporteerde facturen opnieuw exporteren"],
  "export.button": ["Export", "Exporteren"],
  "export.ofRun": ["of run {runId}", "van uitvoering {runId}"],
  "export.inWorkbook": ["in the workbook", "in de werkmap"],
  "export.nothing": ["Nothing to export: no invoice or cancellation {which} is waiting for export. Nothing was written.", "Niets te exporteren: geen factuur of annulering {which} wacht op export. Er is niets geschreven."],
  "export.nothingHint": [' Tick "Export again" to export exported ones once more.', ' Vink "opnieuw exporteren" aan om geëxporteerde nog eens te exporteren.'],
  "export.headline": ["Exported {invoices} and {creditNotes} {which} ({format}); marked Exported on {date} on sheet {sheet}.", "{invoices} en {creditNotes} {which} geëxporteerd ({format}); op {date} gemarkeerd als Exported op blad {sheet}."],
  "export.marks": ["Exported marks", "Exported-markeringen"],
  "export.twice": ["export these invoices", "deze facturen exporteren"],

  // Pay
  "pay.title": ["Pay vendor invoices", "Leveranciersfacturen betalen"],
  "pay.intro": [
    "Payable vendor invoices, in any currency, become one ISO 20022 payment file (pain.001.001.09, a block per currency) for the bank; they are then marked Sent and listed on sheet Vendor payments. The bank's status report makes them Paid or Rejected.",
    "Te betalen leveranciersfacturen, in elke valuta, worden één ISO 20022-betaalbestand (pain.001.001.09, een blok per valuta) voor de bank; daarna worden ze als Sent gemarkeerd en op blad Vendor payments gezet. Het statusrapport van de bank maakt ze Paid of Rejected.",
  ],
  "pay.date": ["Requested execution date", "Gewenste uitvoeringsdatum"],
  "pay.dateEmpty": ["Empty: the Parameters sheet's reimbursement date, else today", "Leeg: de terugbetalingsdatum op blad Parameters, anders vandaag"],
  "pay.dateInvalid": ["Expected a date (YYYY-MM-DD)", "Verwacht een datum (JJJJ-MM-DD)"],
  "pay.check": ["Check what will be paid", "Controleren wat betaald wordt"],
  "pay.confirm": ["Pay", "Betalen"],
  "pay.consequence": [
    "Paying marks these invoices Sent and records them on sheet Vendor payments, then downloads the payment file. Send it to the bank once: the next payment leaves these invoices out.",
    "Betalen markeert deze facturen als Sent en legt ze vast op blad Vendor payments, en downloadt dan het betaalbestand. Stuur het één keer naar de bank: de volgende betaling slaat deze facturen over.",
  ],
  "pay.headline": ["{invoices} to pay: {total}, requested execution date {date}", "{invoices} te betalen: {total}, gewenste uitvoeringsdatum {date}"],
  "pay.nothing": ["Nothing to pay: no open vendor invoice can be paid.", "Niets te betalen: geen openstaande leveranciersfactuur kan worden betaald."],
  "pay.confirmLabel": ["Pay {invoices} ({total})", "{invoices} betalen ({total})"],
  "pay.exceptionsHeading": ["{invoices} not paid", "{invoices} niet betaald"],
  "pay.noExceptions": ["Every open invoice can be paid.", "Elke openstaande factuur kan worden betaald."],
  "pay.more": ["… and {n} more, all listed on sheet Reimbursement exceptions after paying.", "… en nog {n}, na het betalen allemaal op blad Reimbursement exceptions."],
  "pay.done": [
    "Paid {invoices}, {total}, execution date {date}, message {messageId}; recorded on sheet Vendor payments and marked Sent. Send the file to the bank once; its status report makes them Paid.",
    "{invoices} betaald, {total}, uitvoeringsdatum {date}, bericht {messageId}; vastgelegd op blad Vendor payments en gemarkeerd als Sent. Stuur het bestand één keer naar de bank; het statusrapport maakt ze Paid.",
  ],
  "pay.marks": ["Paid marks", "Paid-markeringen"],
  "pay.twice": ["pay these invoices", "deze facturen betalen"],
  "pay.changedWhat": ["What would be paid", "Wat betaald zou worden"],
  "pay.changedAgain": ['Click "Check what will be paid" again, then pay.', 'Klik opnieuw op "Controleren wat betaald wordt" en betaal dan.'],
  "pay.alreadyPaid": [
    "{n} invoice was already paid from this account, according to this computer's register of issued payments (message {message}, {time}); nothing was written. This workbook may be an older copy or its Status cells were edited. If the bank rejected that payment, import its status report; to pay once more on purpose, tick \"Pay again\".|{n} invoices were already paid from this account, according to this computer's register of issued payments (latest: message {message}, {time}); nothing was written. This workbook may be an older copy or its Status cells were edited. If the bank rejected that payment, import its status report; to pay once more on purpose, tick \"Pay again\".",
    "{n} factuur is al betaald van deze rekening, volgens het register van uitgegeven betalingen op deze computer (bericht {message}, {time}); er is niets geschreven. Deze werkmap is misschien een oudere kopie of de Status-cellen zijn gewijzigd. Als de bank die betaling weigerde, importeer dan het statusrapport; om bewust nog eens te betalen, vink \"Opnieuw betalen\" aan.|{n} facturen zijn al betaald van deze rekening, volgens het register van uitgegeven betalingen op deze computer (laatste: bericht {message}, {time}); er is niets geschreven. Deze werkmap is misschien een oudere kopie of de Status-cellen zijn gewijzigd. Als de bank die betaling weigerde, importeer dan het statusrapport; om bewust nog eens te betalen, vink \"Opnieuw betalen\" aan.",
  ],
  "pay.earlierItem": ["Invoice {invoice} ({currency} {amount} to {iban}) was paid in message {message} at {time}", "Factuur {invoice} ({currency} {amount} aan {iban}) is betaald in bericht {message} op {time}"],
  "pay.again": ["Pay again: pay the invoices above once more", "Opnieuw betalen: de facturen hierboven nog eens betalen"],
  "pay.saveAsk": [
    "The Paid marks are written. This Excel cannot save from an add-in: save the workbook now (Ctrl+S), then click \"I have saved\" to get the payment file.",
    "De Paid-markeringen zijn geschreven. Deze Excel kan niet opslaan vanuit een invoegtoepassing: sla de werkmap nu op (Ctrl+S) en klik dan op \"Ik heb opgeslagen\" voor het betaalbestand.",
  ],
  "pay.saved": ["I have saved", "Ik heb opgeslagen"],

  // Bank status report (pain.002)
  "status.title": ["Bank status report", "Statusrapport van de bank"],
  "status.intro": [
    "The bank's pain.002 report on a payment file: accepted transfers become Paid, rejected ones Rejected and payable again. Recorded on sheet Payment status.",
    "Het pain.002-rapport van de bank over een betaalbestand: geaccepteerde overboekingen worden Paid, geweigerde Rejected en weer betaalbaar. Vastgelegd op blad Payment status.",
  ],
  "status.file": ["Status report (.xml)", "Statusrapport (.xml)"],
  "status.check": ["Check the status report", "Statusrapport controleren"],
  "status.confirm": ["Record the status", "Status vastleggen"],
  "status.consequence": [
    "Recording marks the transfers as the bank reported them; an invoice rejected by the bank can be paid again.",
    "Vastleggen markeert de overboekingen zoals de bank ze meldde; een door de bank geweigerde factuur kan opnieuw worden betaald.",
  ],
  "status.headline": [
    "Status report {report} ({version}) on message {message}: {paid} paid, {rejected} rejected, {pending} still pending.",
    "Statusrapport {report} ({version}) over bericht {message}: {paid} betaald, {rejected} geweigerd, {pending} nog in behandeling.",
  ],
  "status.imported": ["Status report {report} was imported before; nothing was changed.", "Statusrapport {report} is al eerder geïmporteerd; er is niets gewijzigd."],
  "status.unknownMessage": [
    "Status report {report} answers message {message}, which is not on sheet Vendor payments; nothing was changed.",
    "Statusrapport {report} beantwoordt bericht {message}, dat niet op blad Vendor payments staat; er is niets gewijzigd.",
  ],
  "status.unchanged": ["Already so, or paid again since: {invoices}", "Al zo, of sindsdien opnieuw betaald: {invoices}"],
  "status.unmatched": ["Not in that message (left alone): {invoices}", "Niet in dat bericht (ongemoeid gelaten): {invoices}"],
  "status.confirmLabel": ["Record: {paid} paid, {rejected} rejected", "Vastleggen: {paid} betaald, {rejected} geweigerd"],
  "status.rejectedItem": ["invoice {invoice}: {words}; payable again", "factuur {invoice}: {words}; weer betaalbaar"],
  "status.vop": [" (check the payee's legal name)", " (controleer de officiële naam van de begunstigde)"],
  "status.done": ["Status report {report} recorded: {paid} paid, {rejected} rejected.", "Statusrapport {report} vastgelegd: {paid} betaald, {rejected} geweigerd."],
  "status.changedWhat": ["What the status report would record", "Wat het statusrapport zou vastleggen"],
  "status.changedAgain": ['Click "Check the status report" again, then record it.', 'Klik opnieuw op "Statusrapport controleren" en leg het dan vast.'],

  // Reverse
  "reverse.title": ["Reverse a run", "Een uitvoering terugdraaien"],
  "reverse.intro": [
    "Gives back the credits of a run's reimbursements that are not paid yet, and cancels their invoices. Paid ones cannot be reversed here.",
    "Geeft de creditsaldi terug van de terugbetalingen van een uitvoering die nog niet betaald zijn, en annuleert hun facturen. Betaalde kunnen hier niet worden teruggedraaid.",
  ],
  "reverse.run": ["Run", "Uitvoering"],
  "reverse.check": ["Show what would be reversed", "Tonen wat wordt teruggedraaid"],
  "reverse.confirm": ["Reverse", "Terugdraaien"],
  "reverse.consequence": [
    "Reversing adds customer transactions that give the credits back, cancels the invoices, marks the reimbursements Reversed and records the reversal on sheet Reimbursement runs.",
    "Terugdraaien voegt klanttransacties toe die de creditsaldi teruggeven, annuleert de facturen, markeert de terugbetalingen als Reversed en legt het terugdraaien vast op blad Reimbursement runs.",
  ],
  "reverse.headline": [
    "{count} of {reimbursements} of {runId} can be reversed: {totals} of credit given back to the customers, their invoices cancelled.",
    "{count} van {reimbursements} van {runId} kunnen worden teruggedraaid: {totals} aan creditsaldo terug naar de klanten, hun facturen geannuleerd.",
  ],
  "reverse.none": ["Nothing to reverse: {runId} reimbursed no customer.", "Niets terug te draaien: {runId} heeft geen klant terugbetaald."],
  "reverse.onlyAlready": ["Nothing to reverse: the only reimbursement of {runId} is already reversed.", "Niets terug te draaien: de enige terugbetaling van {runId} is al teruggedraaid."],
  "reverse.allAlready": ["Nothing to reverse: all {n} reimbursements of {runId} are already reversed.", "Niets terug te draaien: alle {n} terugbetalingen van {runId} zijn al teruggedraaid."],
  "reverse.allRefused": ["Nothing can be reversed in {runId}: {reimbursements} of {n} cannot be (see below).", "Niets kan worden teruggedraaid in {runId}: {reimbursements} van {n} kan niet (zie hieronder)."],
  "reverse.item": ["{customer}: {amount}, invoice {invoice}", "{customer}: {amount}, factuur {invoice}"],
  "reverse.itemCancelled": ["{customer}: {amount}, invoice {invoice} (already cancelled)", "{customer}: {amount}, factuur {invoice} (al geannuleerd)"],
  "reverse.refusedItem": ["customer {customer}, {amount}, invoice {invoice}: {reason}", "klant {customer}, {amount}, factuur {invoice}: {reason}"],
  "reverse.refusedItemNoInvoice": ["customer {customer}, {amount}: {reason}", "klant {customer}, {amount}: {reason}"],
  "reverse.earlier": ["; {reimbursements} reversed earlier", "; {reimbursements} eerder teruggedraaid"],
  "reverse.confirmLabel": ["Reverse {reimbursements}", "{reimbursements} terugdraaien"],
  "reverse.refusedHeading": ["{reimbursements} cannot be reversed{already}", "{reimbursements} kan niet worden teruggedraaid{already}"],
  "reverse.noneRefused": ["Nothing refused{already}.", "Niets geweigerd{already}."],
  "reverse.list": ["Reimbursements to reverse", "Terug te draaien terugbetalingen"],
  "reverse.done": [
    "Reversal {reversalId} of {runId}: {reimbursements} reversed, {totals} of credit given back; their invoices are Cancelled and the rows say Reversed.",
    "Terugdraaiing {reversalId} van {runId}: {reimbursements} teruggedraaid, {totals} aan creditsaldo teruggegeven; hun facturen zijn Cancelled en de rijen zeggen Reversed.",
  ],
  "reverse.changedWhat": ["What {runId} would reverse", "Wat {runId} zou terugdraaien"],
  "reverse.changedAgain": ['Click "Show what would be reversed" again, then reverse.', 'Klik opnieuw op "Tonen wat wordt teruggedraaid" en draai dan terug.'],

  // Actions (the subject of an error title)
  "action.open": ["Opening the file", "Het openen van het bestand"],
  "action.readSettings": ["Reading the settings", "Het lezen van de instellingen"],
  "action.saveSettings": ["Saving the settings", "Het opslaan van de instellingen"],
  "action.preview": ["Preview", "Het voorbeeld"],
  "action.run": ["The run", "De uitvoering"],
  "action.review": ["Review", "Het overzicht"],
  "action.writeExceptions": ["Writing the exceptions", "Het schrijven van de uitzonderingen"],
  "action.export": ["The export", "De export"],
  "action.payCheck": ["Checking the payment", "Het controleren van de betaling"],
  "action.pay": ["The payment", "De betaling"],
  "action.reverseCheck": ["Checking the reversal", "Het controleren van het terugdraaien"],
  "action.reverse": ["The reversal", "Het terugdraaien"],
  "action.statusCheck": ["Checking the status report", "Het controleren van het statusrapport"],
  "action.status": ["Recording the status report", "Het vastleggen van het statusrapport"],

  // Errors
  "error.stoppedOne": ["{action} stopped: the workbook needs this fix first. Nothing was written.", "{action} is gestopt: de werkmap heeft eerst deze correctie nodig. Er is niets geschreven."],
  "error.stoppedMany": ["{action} stopped: the workbook needs these fixes first. Nothing was written.", "{action} is gestopt: de werkmap heeft eerst deze correcties nodig. Er is niets geschreven."],
  "error.failed": ["{action} failed.", "{action} is mislukt."],
  "error.unknown": ["Unknown error", "Onbekende fout"],
  "error.changedSinceCheck": ["{what} changed since you checked it: the workbook was edited. Nothing was written. {again}", "{what} is gewijzigd sinds de controle: de werkmap is bewerkt. Er is niets geschreven. {again}"],
  "error.showCell": ["Could not show {where}sheet '{sheet}': {reason}", "Kon {where}blad '{sheet}' niet tonen: {reason}"],
  "error.cellOf": ["cell {address} of ", "cel {address} van "],
  "error.openSheet": ["Could not open sheet '{sheet}': {reason}", "Kon blad '{sheet}' niet openen: {reason}"],
  // Worksheet functions: functions.json (English) and functions.nl-NL.json (scripts/functions-metadata.js)
  // take their descriptions from here; "fn.<ID>" describes a function, "fn.param.<name>" a parameter.
  // The status values stay as the function returns them.
  "fn.REIMBURSABLE": [
    "The credit a reimbursement run would pay back for a balance (negative = credit): the whole credit when its accounting-currency value reaches the minimum, else 0.",
    "Het tegoed dat een terugbetaling voor een saldo zou terugbetalen (negatief = tegoed): het hele tegoed als de waarde in de boekhoudvaluta het minimum bereikt, anders 0.",
  ],
  "fn.REIMBURSEMENTSTATUS": [
    "Why a balance is or is not reimbursed: Reimbursable, Below minimum, Debit balance, Zero balance or No rate.",
    "Waarom een saldo wel of niet wordt terugbetaald: Reimbursable, Below minimum, Debit balance, Zero balance of No rate.",
  ],
  "fn.CREDITBALANCE": [
    "A customer's current balance (negative = credit): the opening balance on Customer balances plus the Customer transactions, as a reimbursement run computes it.",
    "Het huidige saldo van een klant (negatief = tegoed): het beginsaldo op Customer balances plus de Customer transactions, zoals een terugbetaling het berekent.",
  ],
  "fn.param.balance": [
    "Signed balance, or a range of balances (one result per cell). An empty cell counts as 0.",
    "Saldo met teken, of een bereik van saldi (één resultaat per cel). Een lege cel telt als 0.",
  ],
  "fn.param.minimum": [
    "Minimum reimbursement in the accounting currency. Default: Minimum reimbursement on the Parameters sheet.",
    "Minimale terugbetaling in de boekhoudvaluta. Standaard: Minimum reimbursement op het blad Parameters.",
  ],
  "fn.param.rate": [
    "Accounting-currency units per unit of the balance's currency. Default: 1 (the balance is in the accounting currency).",
    "Eenheden boekhoudvaluta per eenheid van de valuta van het saldo. Standaard: 1 (het saldo is in de boekhoudvaluta).",
  ],
  "fn.param.account": [
    "Customer account, or a range of accounts (one result per cell).",
    "Klantrekening, of een bereik van rekeningen (één resultaat per cel).",
  ],
  "fn.param.currency": [
    "Three-letter currency code. Default: Accounting currency on the Parameters sheet.",
    "Valutacode van drie letters. Standaard: Accounting currency op het blad Parameters.",
  ],
  // Where a message points (file mode's stand-in for Excel's selection, and the problems lists)
  "cell.where": ["Sheet '{sheet}', cell {address}", "Blad '{sheet}', cel {address}"],
  "cell.sheet": ["Sheet '{sheet}'", "Blad '{sheet}'"],
  "cell.holds": ["{where} holds: {text}", "{where} bevat: {text}"],
  "cell.empty": ["{where} is empty", "{where} is leeg"],
  "cell.problem": ["{where}: {message}", "{where}: {message}"],
  "problems.show": ["Show cell {cell} in {sheet}", "Cel {cell} in {sheet} tonen"],
} as const satisfies Record<string, readonly [string, string]>;

export type MessageKey = keyof typeof CATALOGUE;
