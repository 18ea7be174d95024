// The demo customers: segment, region, plan, signup date, lifetime value and a personal mood.

import { createRandom, createWeightedPicker, type Random } from '../shared/random.js';
import { DEMO_CONTACTS, type DemoContact } from './dataset.js';
import { FIRST_NAMES, LAST_NAMES, LTV_MEDIAN, PLANS_BY_SEGMENT, REGIONS, SEGMENTS } from './people.js';
import { addUtcMonths, DAY_MS, isoDate, startOfUtcDay } from './scales.js';

export interface ContactModel {
  contact: DemoContact;
  /** Personal satisfaction offset: some customers are simply happier than others. */
  effect: number;
  signupMs: number;
}

export function generateContacts(seed: number, ids: Random, now: Date, from: Date): ContactModel[] {
  const random = createRandom(seed, 'contacts');
  const pickSegment = createWeightedPicker(SEGMENTS);
  const pickRegion = createWeightedPicker(REGIONS);
  const pickPlan = {
    consumer: createWeightedPicker(PLANS_BY_SEGMENT.consumer),
    smb: createWeightedPicker(PLANS_BY_SEGMENT.smb),
    enterprise: createWeightedPicker(PLANS_BY_SEGMENT.enterprise),
  };
  const emails = new Set<string>();
  const oldest = addUtcMonths(now, -72).getTime();
  const recent = now.getTime() - 21 * DAY_MS;
  const out: ContactModel[] = [];
  for (let i = 0; i < DEMO_CONTACTS; i++) {
    const segment = pickSegment(random);
    const region = pickRegion(random);
    const plan = pickPlan[segment](random);
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const local = `${first}.${last}`.toLowerCase();
    let email = `${local}@example.com`;
    for (let n = 2; emails.has(email); n++) email = `${local}${n}@example.com`;
    emails.add(email);
    // Four in five customers joined before the window; the rest join during it.
    const signupMs = random.chance(0.8)
      ? oldest + random.next() * (from.getTime() - oldest)
      : from.getTime() + random.next() * (recent - from.getTime());
    const signup = startOfUtcDay(new Date(signupMs));
    const ltv = Math.round(LTV_MEDIAN[segment] * Math.exp(0.7 * random.normal()) * 100) / 100;
    out.push({
      contact: {
        id: ids.uuid(),
        externalId: `C${String(i + 1).padStart(6, '0')}`,
        email,
        name: `${first} ${last}`,
        attributes: { segment, region, plan, signup_date: isoDate(signup), lifetime_value: ltv },
        createdAt: signup,
      },
      effect: 0.45 * random.normal(),
      signupMs: signup.getTime(),
    });
  }
  return out;
}
