// Money in the web app: shown with its currency (EUR) in the app's locale, entered with at most two decimals.
export const LOCALE = 'pt-PT';
export const CURRENCY = 'EUR';

const formatter = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: CURRENCY });

export function formatMoney(amount: number | null | undefined): string {
  return amount === null || amount === undefined || Number.isNaN(amount) ? '—' : formatter.format(amount);
}

/** The amount typed by a person ("1234.5", "1234,50"), or null when it is not a non-negative amount with at most two decimals. */
export function parseMoney(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const s = String(text).trim().replace(',', '.');
  if (!/^\d{1,13}(\.\d{1,2})?$/.test(s)) return null;
  return Number(s);
}
