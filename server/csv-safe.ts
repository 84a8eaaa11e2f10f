// CSV cells that a spreadsheet would read as a formula (=HYPERLINK(...) as a first name runs in Excel
// and LibreOffice) start with a quote instead (OWASP "CSV injection"): the text stays readable and inert.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvSafeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
