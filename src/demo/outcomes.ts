// Demo outcomes: orders, complaints and churn for the demo customers, drawn so that the relations are
// realistic (promoters order more and stay longer; some satisfied customers still leave). The churn
// model is trained by its background job, which `northstar demo` queues after loading.
import type { TransactionSql } from 'postgres';
import { createRandom } from '../shared/random.js';
import { copyRows } from './copy.js';
import type { DemoFeedback } from './dataset.js';
import { analyseOutcomes, copyOutcomesTarget } from './queries/copy-targets.js';

const DAY = 86_400_000;

/** One outcome row of the demo. */
export interface DemoOutcome {
  key: string;
  contactId: string;
  kind: 'order' | 'churn' | 'complaint';
  occurredAt: Date;
  /** Cents (EUR) for orders; null otherwise. */
  cents: number | null;
}

/**
 * Orders per month and basket by NPS group. Churn does not follow satisfaction alone: the monthly hazard
 * multiplies a base rate by the latest answer's group, a drop in NPS, complaints about price or billing,
 * the plan and segment, how new the customer is and how much they buy (a fading appetite shows in the
 * orders before it shows in the scores), so the churn model has behaviour and attributes to find, and
 * some promoters on the free plan with little appetite still leave (the satisfied defectors).
 */
const PROFILE = {
  promoter: { hazard: 0.55, orders: 0.9, basket: 68 },
  passive: { hazard: 1, orders: 0.6, basket: 60 },
  detractor: { hazard: 1.9, orders: 0.4, basket: 55 },
} as const;
/** Monthly churn hazard of a passive, plus-plan consumer of average appetite and over a year's tenure. */
const BASE_HAZARD = 0.022;
const PLAN_HAZARD: Record<string, number> = { free: 1.9, plus: 1, premium: 0.6 };
const SEGMENT_HAZARD: Record<string, number> = { consumer: 1, smb: 0.8, enterprise: 0.45 };
/** Comments that say the customer is weighing the price: they leave more often, whatever they scored. */
const PRICE_TALK = /\b(price|prices|expensive|cheaper|refund|charged|billing|invoice|subscription|cost)\b/i;

const groupOf = (nps: number) => (nps >= 9 ? 'promoter' : nps >= 7 ? 'passive' : 'detractor');

/**
 * Pure: outcomes for every contact who answered, from the month before their first answer to `now`.
 * Each month a contact may churn with the hazard described above (answers, behaviour and attributes
 * together, with chance), and orders arrive at their group's rate times their appetite until then.
 */
export function planDemoOutcomes(feedback: DemoFeedback[], opts: { seed: number; now: Date }): DemoOutcome[] {
  const rnd = createRandom(opts.seed, 'outcomes');
  const byContact = new Map<string, DemoFeedback[]>();
  for (const f of feedback) {
    if (!f.contactId) continue;
    const list = byContact.get(f.contactId) ?? [];
    list.push(f);
    byContact.set(f.contactId, list);
  }
  const out: DemoOutcome[] = [];
  const now = opts.now.getTime();
  const contacts = [...byContact.keys()].sort();
  for (const contactId of contacts) {
    const answers = (byContact.get(contactId) as DemoFeedback[])
      .slice()
      .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
    const first = answers[0] as DemoFeedback;
    const attrs = first.attributes;
    const signup = Date.parse(attrs.signup_date);
    const fixed = (PLAN_HAZARD[attrs.plan] ?? 1) * (SEGMENT_HAZARD[attrs.segment] ?? 1);
    let t = first.occurredAt.getTime() - 30 * DAY;
    let group: keyof typeof PROFILE = 'passive';
    let lastNps: number | null = null;
    let drop = 1;
    let priceTalk = 1;
    let next = 0;
    let n = 0;
    let lastOrder = t;
    // contacts differ in appetite beyond their scores; a third lose it over time (and then leave)
    let appetite = Math.exp(0.5 * rnd.normal());
    const fading = rnd.chance(0.3) ? 0.9 + 0.06 * rnd.next() : 1;
    while (t < now) {
      while (next < answers.length && (answers[next] as DemoFeedback).occurredAt.getTime() <= t) {
        const a = answers[next] as DemoFeedback;
        if (a.nps !== null) {
          group = groupOf(a.nps);
          drop = lastNps !== null && a.nps <= lastNps - 3 ? 1.7 : 1;
          lastNps = a.nps;
        } else if (a.csat !== null) group = a.csat >= 4 ? 'promoter' : a.csat === 3 ? 'passive' : 'detractor';
        else if (a.ces !== null) group = a.ces >= 5 ? 'promoter' : a.ces === 4 ? 'passive' : 'detractor';
        // weighing the price matters most to those who pay little: free-plan customers walk away
        if (a.text && PRICE_TALK.test(a.text)) priceTalk = attrs.plan === 'free' ? 2.6 : 1.3;
        if (a.csat !== null && a.csat <= 2 && rnd.chance(0.3)) {
          out.push({
            key: `demo-complaint-${contactId}-${next}`,
            contactId,
            kind: 'complaint',
            occurredAt: new Date(a.occurredAt.getTime() + DAY),
            cents: null,
          });
        }
        next++;
      }
      const p = PROFILE[group];
      const monthEnd = Math.min(t + 30 * DAY, now);
      const newcomer = t - signup < 365 * DAY ? 2 : 1;
      // a customer who stopped ordering for a quarter is halfway out of the door
      // (and an unhappy one who stopped ordering is nearly gone)
      const quiet = t - lastOrder > 90 * DAY ? (group === 'detractor' ? 4 : 2) : 1;
      const hazard = Math.min(
        0.5,
        BASE_HAZARD * p.hazard * fixed * drop * priceTalk * newcomer * quiet * appetite ** -0.5,
      );
      if (next > 0 && rnd.chance(hazard)) {
        out.push({
          key: `demo-churn-${contactId}`,
          contactId,
          kind: 'churn',
          // within this month and never after now (the last month may be short)
          occurredAt: new Date(Math.min(t + rnd.int(0, 29) * DAY, monthEnd - 1)),
          cents: null,
        });
        break;
      }
      let orders = 0;
      const expected = p.orders * appetite;
      while (rnd.next() < expected / (orders + 1)) orders++;
      for (let k = 0; k < orders; k++) {
        const at = t + rnd.int(0, 29) * DAY + rnd.int(8, 20) * 3_600_000;
        if (at >= monthEnd) continue;
        lastOrder = Math.max(lastOrder, at);
        const euros = p.basket * Math.exp(0.5 * rnd.normal() - 0.125);
        out.push({
          key: `demo-order-${contactId}-${n++}`,
          contactId,
          kind: 'order',
          occurredAt: new Date(at),
          cents: Math.max(199, Math.round(euros * 100)),
        });
      }
      appetite *= fading;
      t += 30 * DAY;
    }
  }
  return out;
}

/** Write the demo outcomes inside the loader's transaction (COPY); the churn model is trained by its job. */
export async function loadDemoOutcomes(
  tx: TransactionSql,
  orgId: string,
  feedback: DemoFeedback[],
  opts: { seed: number; now: Date },
): Promise<number> {
  const rows = planDemoOutcomes(feedback, opts);
  const target = await copyOutcomesTarget(tx);
  // ids, kinds, timestamps, integers and the keys built above never need escaping
  await copyRows(
    target,
    rows,
    (r) =>
      `${orgId}\t${r.contactId}\t${r.kind}\t${r.occurredAt.toISOString()}\t${r.cents === null ? '\\N' : r.cents}\t${r.cents === null ? '\\N' : 'EUR'}\tdemo\t${r.key}\n`,
  );
  // fresh statistics: the value queries join every answer to its contact's outcomes, and a plan made for
  // an empty table reads all outcomes once per answer
  await analyseOutcomes(tx);
  return rows.length;
}
