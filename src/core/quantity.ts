// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource), compared exactly.
// The binder compares capacity and request with Quantity.Cmp, so `1G` (10^9) is less than `1Gi` (2^30):
// floating point would blur such cases, so a quantity is an exact rational num/den of BigInts.

export interface Quantity {
  readonly text: string;
  readonly num: bigint;
  readonly den: bigint;
}

const BINARY: Record<string, bigint> = {
  Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n,
};
const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

// <sign><digits>[.<digits>]<suffix>, suffix = binarySI | decimalSI | decimalExponent (e/E followed by an integer)
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/**
 * Quantities by their text: a workspace repeats a few sizes (`1Gi`) thousands of times, and parsing one
 * makes BigInts. Quantities are immutable, so one object serves every field with that text. Bounded:
 * generated or hostile files cannot grow it without end.
 */
const parsed = new Map<string, Quantity | undefined>();
const MAX_REMEMBERED = 10_000;

/** Parses a quantity; returns undefined for text Kubernetes would reject. */
export function parseQuantity(input: string | number): Quantity | undefined {
  const key = String(input);
  if (parsed.has(key)) return parsed.get(key);
  const q = parseText(key.trim());
  if (parsed.size >= MAX_REMEMBERED) parsed.clear();
  parsed.set(key, q);
  return q;
}

function parseText(text: string): Quantity | undefined {
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const [, sign, digits, suffix = ''] = m;
  const [intPart, fracPart = ''] = digits.split('.');
  let num = BigInt((intPart || '0') + fracPart);
  let den = 10n ** BigInt(fracPart.length);
  if (suffix in BINARY) {
    num *= BINARY[suffix];
  } else {
    const exp = suffix in DECIMAL_EXP ? DECIMAL_EXP[suffix] : Number(suffix.slice(1));
    if (!Number.isFinite(exp) || Math.abs(exp) > 1000) return undefined;
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else den *= 10n ** BigInt(-exp);
  }
  if (sign === '-') num = -num;
  return { text, num, den };
}

/** -1, 0 or 1 like Quantity.Cmp. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** Bytes as a Number (for sorting and display only; never for comparisons). */
export function quantityToNumber(q: Quantity): number {
  return Number(q.num) / Number(q.den);
}
