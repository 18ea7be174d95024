// Plausible English survey comments, composed from templates that match the score and the touchpoint.

import type { Random } from '../shared/random.js';
import type { Theme } from './catalogue.js';

/** The tone a comment must carry, decided from the response's scores. */
export type Tone = 'positive' | 'neutral' | 'negative';

/** What the comment is about and who writes it; `site` is "the website" or "the app". */
export interface CommentContext {
  tone: Tone;
  themes: readonly (readonly [Theme, number])[];
  site: string;
  /** The degraded-delivery month of the demo story: late and lost parcels dominate. */
  deliveryIncident: boolean;
  /** Enterprise customers on support touchpoints complain about service levels. */
  enterpriseSupport: boolean;
}

const SENTENCES: Record<Theme, Record<Tone, readonly string[]>> = {
  delivery: {
    positive: [
      'Delivery was really quick, my {item} arrived the next day.',
      'The parcel came a day earlier than promised.',
      'The driver was friendly and left the parcel exactly where I asked.',
      'Tracking was accurate right up to the doorstep.',
      'Arrived well packed and on time.',
      'Loved the one-hour delivery window, I did not have to wait in all day.',
      'Next-day delivery actually meant next day.',
      'Everything turned up together in one box, no fuss.',
    ],
    neutral: [
      'Delivery was fine, nothing special.',
      'The parcel arrived on the last day of the delivery window.',
      'Delivery was OK but the time slot was quite wide.',
      'My {item} arrived in two separate parcels, which was a bit odd.',
      'It arrived as expected, although the tracking updates were vague.',
    ],
    negative: [
      'My {item} arrived {days} days late.',
      'The parcel was left outside in the rain.',
      'Delivery took far too long and the tracking was useless.',
      'The courier claimed nobody was home but I was in all day.',
      'The box was crushed and the {item} inside was damaged.',
      'I paid for next-day delivery and waited {days} days.',
      'Part of my order never arrived.',
      'The delivery slot was changed twice without asking me.',
    ],
  },
  staff: {
    positive: [
      '{agent} on the support team was brilliant and sorted everything out.',
      'The person I spoke to was patient and really knew the products.',
      'Friendly, helpful staff who actually listened.',
      '{agent} went out of their way to help me.',
      'The advisor explained everything clearly and followed up by email.',
      'Really polite team, they made it easy.',
    ],
    neutral: [
      'The advisor was polite but had to check with a colleague several times.',
      'Staff were friendly enough, though I had to explain my problem twice.',
      'The agent was helpful but could not change the delivery date.',
      'Service was OK, a bit scripted.',
    ],
    negative: [
      'The agent did not seem to understand my problem.',
      'I was passed between three different people.',
      'Nobody called me back even though it was promised.',
      'The advisor was rude and ended the chat abruptly.',
      'Every person I spoke to gave me a different answer.',
      'Staff kept reading from a script instead of helping.',
    ],
  },
  price: {
    positive: [
      'Great value for money, cheaper than the high street.',
      'The member prices make the subscription worth it.',
      'Good prices and regular offers.',
      'Prices are fair for the quality you get.',
      'Free delivery on my plan saves me a lot.',
    ],
    neutral: [
      'Prices are about the same as elsewhere.',
      'Some things are good value, others are overpriced.',
      'The subscription is OK but I am not sure I use it enough.',
      'Offers are nice but hard to find.',
    ],
    negative: [
      'Prices have gone up a lot this year.',
      'Too expensive compared with other shops.',
      'The renewal price was much higher than last year.',
      'Delivery charges make small orders pointless.',
      'The discount code did not work and nobody could explain why.',
    ],
  },
  website: {
    positive: [
      '{site} is easy to use and quick.',
      'Found exactly what I needed in a couple of clicks on {site}.',
      'Checkout on {site} was smooth and fast.',
      'The filters on {site} are really handy.',
      'Love how simple {site} is.',
      'The size guide on {site} was spot on.',
    ],
    neutral: [
      '{site} works but it is a bit cluttered.',
      'Search results on {site} were hit and miss.',
      '{site} is fine once you know where things are.',
      'Had to log in again at checkout, minor annoyance.',
    ],
    negative: [
      '{site} kept crashing at checkout.',
      'Search on {site} could not find products I know you sell.',
      '{site} is slow and confusing.',
      'I could not update my address on {site}.',
      'Filters on {site} reset every time I go back.',
      'The help articles on {site} do not answer the actual question.',
    ],
  },
  waiting: {
    positive: [
      'Got a reply within minutes.',
      'No waiting at all, very impressed.',
      'Quick response, sorted in one go.',
      'Refund came through in {days} days, faster than expected.',
    ],
    neutral: [
      'Waited about {minutes} minutes, which is acceptable.',
      'The reply took a day but it was useful.',
      'Refund took a while but it arrived in the end.',
    ],
    negative: [
      'I waited over {minutes} minutes to speak to someone.',
      'Still waiting for my refund after {days} days.',
      'It took ages to get any answer at all.',
      'Sat in the queue for {minutes} minutes and then got cut off.',
      'Waited a week for a reply to my email.',
    ],
  },
  quality: {
    positive: [
      'The {item} is excellent quality.',
      'Products are always as described.',
      'Really happy with the {item}, exactly like the photos.',
      'Great range and the quality is consistently good.',
    ],
    neutral: [
      'The {item} is fine for the price.',
      'Quality is OK but not amazing.',
      'The {item} was smaller than I expected from the photos.',
    ],
    negative: [
      'The {item} broke after a week.',
      'Quality has really dropped recently.',
      'The {item} looked nothing like the pictures.',
      'I was sent the wrong {item}.',
    ],
  },
  billing: {
    positive: [
      'Payment was quick and the invoice arrived straight away.',
      'Paying with my saved card took seconds.',
      'The refund went back to my card without any hassle.',
      'Pay-later option is really convenient.',
    ],
    neutral: [
      'The invoice was correct but arrived a few days late.',
      'Payment worked on the second try.',
      'Refund was fine but the email about it was confusing.',
    ],
    negative: [
      'I was charged twice for the same order.',
      'My card was declined for no reason and the order disappeared.',
      'The invoice had the wrong VAT details.',
      'I was billed for my membership after I cancelled it.',
      'The refund amount was less than what I paid.',
    ],
  },
};

const INCIDENT: readonly string[] = [
  'My parcel arrived {days} days late and nobody told me why.',
  'The new courier is a disaster, my order went missing.',
  'Tracking said delivered but nothing arrived.',
  'Third late delivery in a row this month.',
  'The delivery slot was missed and rebooked for next week.',
  'Parcel was thrown over the fence and the {item} was broken.',
  'Nobody could tell me where my order was for {days} days.',
  'Delivery has got much worse recently, it used to be so reliable.',
];

const ENTERPRISE: readonly string[] = [
  'As a business account we expect a dedicated contact, not a general queue.',
  'Our account manager never responds, we had to chase three times.',
  'Support does not understand business orders or purchase order numbers.',
  'The response times are nowhere near the service level in our contract.',
  'For the volume we order, the support we get is not good enough.',
  'Invoices for our company account keep coming out wrong and support cannot fix them.',
];

const OPENERS: Record<Tone, readonly string[]> = {
  positive: [
    '',
    '',
    '',
    'Great experience.',
    'Very happy.',
    'Thanks!',
    'Spot on.',
    'Impressed.',
    'As always,',
  ],
  neutral: ['', '', '', 'Mostly fine.', 'Mixed experience.', 'It was OK.', 'Not bad.', 'Overall alright.'],
  negative: ['', '', '', 'Very disappointed.', 'Not happy.', 'Really frustrating.', 'Poor.', 'Honestly,'],
};

const CLOSERS: Record<Tone, readonly string[]> = {
  positive: [
    '',
    '',
    '',
    '',
    'Will definitely order again.',
    'Keep it up!',
    'Recommended to friends already.',
    'Thank you!',
    'Best online shop I use.',
  ],
  neutral: ['', '', '', '', 'Could be better.', 'Room for improvement.', 'Would probably order again.'],
  negative: [
    '',
    '',
    '',
    'Please sort this out.',
    'Thinking of shopping elsewhere.',
    'Not what I expect from you.',
    'I will not be ordering again.',
    'Very poor service overall.',
  ],
};

// Singular nouns only: the templates say "the {item} is".
// biome-ignore format: a plain list reads better packed
const ITEMS = [
  'jacket', 'coffee machine', 'pair of trainers', 'cushion set', 'headset', 'kettle', 'desk lamp', 'dress',
  'office chair', 'blender', 'rucksack', 'bedding set', 'printer', 'pair of jeans', 'toaster', 'air fryer',
  'monitor', 'saucepan set', 'winter coat', 'vacuum cleaner', 'garden chair', 'phone case', 'duvet',
] as const;
const AGENTS = ['Sam', 'Priya', 'Tom', 'Aisha', 'Jon', 'Maria', 'Dave', 'Chloe', 'Ahmed', 'Lucy'] as const;

function fill(template: string, random: Random, site: string): string {
  if (!template.includes('{')) return template;
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    switch (slot) {
      case 'item':
        return random.pick(ITEMS);
      case 'agent':
        return random.pick(AGENTS);
      case 'days':
        return String(random.int(3, 12));
      case 'minutes':
        return String(5 * random.int(4, 12));
      case 'site':
        return site;
      default:
        return slot;
    }
  });
}

function pickTheme(themes: readonly (readonly [Theme, number])[], random: Random): Theme {
  let total = 0;
  for (const [, w] of themes) total += w;
  let target = random.next() * total;
  for (const [theme, w] of themes) {
    target -= w;
    if (target < 0) return theme;
  }
  return (themes[themes.length - 1] as readonly [Theme, number])[0];
}

/** Lower-cases the first letter unless the first word is "I" or a name. */
function lowerFirstWord(s: string): string {
  const word = s.split(' ', 1)[0] ?? '';
  if (word === 'I' || (AGENTS as readonly string[]).includes(word)) return s;
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Writes one comment: an optional opener, one or two sentences on the touchpoint's themes in the
 * given tone (a neutral comment often mixes praise and a complaint), and an optional closer.
 */
export function writeComment(ctx: CommentContext, random: Random): string {
  const parts: string[] = [];
  const opener = random.pick(OPENERS[ctx.tone]);
  let main: string;
  if (ctx.tone === 'negative' && ctx.deliveryIncident && random.chance(0.6)) {
    main = random.pick(INCIDENT);
  } else if (ctx.tone !== 'positive' && ctx.enterpriseSupport && random.chance(0.5)) {
    main = random.pick(ENTERPRISE);
  } else {
    main = random.pick(SENTENCES[pickTheme(ctx.themes, random)][ctx.tone]);
  }
  let first = fill(main, random, ctx.site);
  if (opener.endsWith(',')) first = `${opener} ${lowerFirstWord(first)}`;
  else if (opener) parts.push(opener);
  parts.push(capitalise(first));
  if (random.chance(0.35)) {
    // A second point; neutral comments swing either way, which is what "mixed" reads like.
    const tone: Tone = ctx.tone === 'neutral' ? (random.chance(0.5) ? 'positive' : 'negative') : ctx.tone;
    const template = random.pick(SENTENCES[pickTheme(ctx.themes, random)][tone]);
    if (template !== main) parts.push(capitalise(fill(template, random, ctx.site)));
  }
  const closer = random.pick(CLOSERS[ctx.tone]);
  if (closer && !(opener.startsWith('Thank') && closer.startsWith('Thank'))) parts.push(closer);
  let text = parts.join(' ');
  // Some people type quickly: no capital, no final full stop.
  if (random.chance(0.08)) text = text.charAt(0).toLowerCase() + text.slice(1).replace(/[.!]$/, '');
  return text;
}
