// Exact money: decimal amounts to integer minor units of their ISO 4217 currency and back, with no
// floating point on the way (the decimal text is split, never multiplied).

/** Minor-unit digits of a currency (EUR 2, JPY 0, KWD 3), from the runtime's ISO 4217 data. */
export function currencyDigits(currency: string): number | null {
  if (!/^[A-Z]{3}$/.test(currency)) return null;
  try {
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits;
    return digits ?? 2;
  } catch {
    return null;
  }
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/**
 * A decimal amount ("1234.5", "-0.99", or a JSON number written the same way) in minor units of the
 * currency, exactly; an error text when it is not a plain decimal or has more decimals than the currency.
 */
export function toMinorUnits(
  amount: string | number,
  currency: string,
): { minor: bigint } | { error: string } {
  const digits = currencyDigits(currency);
  if (digits === null) return { error: `'${currency}' is not an ISO 4217 currency code` };
  let text: string;
  if (typeof amount === 'number') {
    if (!Number.isFinite(amount)) return { error: `${amount} is not an amount` };
    // the shortest text that reads back as this double: what the sender wrote for any amount they typed
    text = String(amount);
    if (/e/i.test(text)) return { error: `${text} is not a plain decimal amount; send it as a string` };
  } else {
    text = amount.trim().replace(/^(\d{1,3})(,\d{3})+(?=\.|$)/, (m) => m.replaceAll(',', ''));
  }
  const m = DECIMAL.exec(text);
  if (!m) return { error: `'${amount}' is not a number` };
  const [, sign, whole, fraction = ''] = m;
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > digits) {
    return { error: `${text} has more decimals than ${currency} has minor units (${digits})` };
  }
  const minor = BigInt(`${whole}${fraction.padEnd(digits, '0').slice(0, digits)}`);
  const value = sign === '-' ? -minor : minor;
  if (value > 9223372036854775807n || value < -9223372036854775808n) return { error: `${text} is too large` };
  return { minor: value };
}

/** Minor units back to a decimal string in the currency's digits: 123456n, 'EUR' -> "1234.56". */
export function formatMinorUnits(minor: bigint | string, currency: string): string {
  const digits = currencyDigits(currency) ?? 2;
  const v = BigInt(minor);
  const negative = v < 0n;
  const abs = (negative ? -v : v).toString().padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const fraction = digits > 0 ? `.${abs.slice(abs.length - digits)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
