// Plain-language reasons for a churn score: "last NPS 3", "NPS down 4 points", "mentioned Refunds".

/** One reason of a score, as the model gives it. */
export interface RawReason {
  feature: string;
  value: string | null;
  contribution: number;
}

const n = (v: string | null) => (v === null || v === '' ? null : Number(v));
const plural = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;

/**
 * One reason in words. `money` formats an amount in minor units; `theme` names a theme id. Features the
 * server builds (see churn/index.ts) read as sentences; attributes as "plan: free".
 */
export function reasonText(
  r: RawReason,
  ctx: { theme: (id: string) => string; money: (minor: string) => string },
): string {
  const v = n(r.value);
  const missing = v === null || Number.isNaN(v);
  if (r.feature.startsWith('theme ')) {
    const name = ctx.theme(r.feature.slice(6));
    return r.value === '1' ? `mentioned ${name}` : `never mentioned ${name}`;
  }
  if (r.feature.startsWith('attribute ')) return `${r.feature.slice(10)}: ${r.value ?? 'not set'}`;
  switch (r.feature) {
    case 'last_nps':
      return missing ? 'no NPS answer' : `last NPS ${v}`;
    case 'last_csat':
      return missing ? 'no CSAT answer' : `last CSAT ${v}`;
    case 'last_ces':
      return missing ? 'no CES answer' : `last CES ${v}`;
    case 'nps_trend':
      if (missing) return 'one NPS answer only';
      return v < 0
        ? `NPS down ${plural(-v, 'point')}`
        : v > 0
          ? `NPS up ${plural(v, 'point')}`
          : 'NPS unchanged';
    case 'answers':
      return missing ? 'no answers' : plural(v, 'answer');
    case 'days_since_answer':
      return missing ? 'never answered' : `no answer for ${plural(v, 'day')}`;
    case 'days_since_order':
      return missing ? 'never ordered' : `no order for ${plural(v, 'day')}`;
    case 'negative_comments':
      return missing ? 'no negative comments' : plural(v, 'negative comment');
    case 'comments':
      return missing ? 'no comments' : plural(v, 'comment');
    case 'complaints':
      return missing ? 'no complaints' : plural(v, 'complaint');
    case 'support_cost':
      return missing ? 'no support cost' : `support cost ${ctx.money(r.value as string)}`;
    case 'orders':
      return missing ? 'no orders' : `${plural(v, 'order')} in the last year`;
    case 'revenue':
      return missing ? 'no spend in the last year' : `spent ${ctx.money(r.value as string)} in the last year`;
    case 'tenure_days':
      if (missing) return 'tenure unknown';
      return v >= 730 ? `customer for ${Math.floor(v / 365)} years` : `customer for ${plural(v, 'day')}`;
    default:
      return r.value === null
        ? r.feature.replaceAll('_', ' ')
        : `${r.feature.replaceAll('_', ' ')} ${r.value}`;
  }
}

/** All reasons of a score as one sentence: "last NPS 3; NPS down 4 points; mentioned Refunds". */
export function explainReasons(
  reasons: RawReason[],
  ctx: { theme: (id: string) => string; money: (minor: string) => string },
): string {
  const trend = reasons.find((r) => r.feature === 'nps_trend');
  const last = reasons.find((r) => r.feature === 'last_nps');
  const parts: string[] = [];
  for (const r of reasons) {
    // "last NPS 3, down 4 points" when both are reasons
    if (r === trend && last && n(last.value) !== null) continue;
    let text = reasonText(r, ctx);
    if (r === last && trend && n(trend.value) !== null && n(r.value) !== null) {
      const t = n(trend.value) as number;
      text += t < 0 ? `, down ${plural(-t, 'point')}` : t > 0 ? `, up ${plural(t, 'point')}` : ', unchanged';
    }
    parts.push(text);
  }
  return parts.join('; ');
}
