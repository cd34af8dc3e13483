// Money per currency and locale, instants in the viewer's zone (UTC on hover), counts and GPU-hours.
const locale = () => (typeof navigator !== 'undefined' && navigator.language) || 'en-US';
const moneyFormats = new Map();

/** Amounts arrive as decimal strings; Intl formats them without a detour through floats where it can. */
export function money(amount, currency) {
  if (amount === undefined || amount === null || amount === '') return '—';
  if (!currency) return String(amount);
  const key = `${locale()}|${currency}`;
  if (!moneyFormats.has(key)) {
    try {
      const probe = new Intl.NumberFormat(locale(), { style: 'currency', currency });
      const digits = probe.resolvedOptions().maximumFractionDigits;
      moneyFormats.set(key, new Intl.NumberFormat(locale(), { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: Math.max(digits, 12) }));
    } catch {
      moneyFormats.set(key, null);
    }
  }
  const format = moneyFormats.get(key);
  if (!format) return `${amount} ${currency}`;
  // Intl accepts decimal strings exactly (ES2023 "Intl.NumberFormat v3"); older engines parse them as numbers.
  return format.format(String(amount));
}

export function number(value, digits = 0) {
  if (value === undefined || value === null || value === '') return '—';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(String(value));
}

export function gpuHours(value) {
  if (value === undefined || value === null) return '—';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 3 }).format(String(value));
}

const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** [text in the viewer's zone, ISO UTC for the title] or null. */
export function instant(value, { dateOnly = false } = {}) {
  if (value === undefined || value === null || value === '') return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return null;
  const text = new Intl.DateTimeFormat(locale(), dateOnly ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' }).format(d);
  return { text, utc: `${d.toISOString().replace('T', ' ').replace('.000Z', 'Z')} UTC`, iso: d.toISOString() };
}

export function zone() {
  return viewerZone;
}

export function ageDays(from, nowMs = Date.now()) {
  const t = new Date(from).getTime();
  return Number.isNaN(t) ? null : Math.floor((nowMs - t) / 86_400_000);
}

export function toCsv(rows, columns) {
  const cell = (v) => {
    const s = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}

export function saveText(text, fileName, type = 'text/csv') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A billing period by its first instant: "September 2026" (periods are UTC calendar months). */
export function periodLabel(periodStart) {
  const d = new Date(periodStart);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}
