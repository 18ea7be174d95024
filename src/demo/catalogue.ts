// The demo organisation's fixed shape: an online retailer's journey and touchpoints (surveys in
// `surveys-catalogue.ts`, people in `people.ts`).

/** A comment theme; each touchpoint draws its comments from a weighted mix of these. */
export type Theme = 'delivery' | 'staff' | 'price' | 'website' | 'waiting' | 'quality' | 'billing';

/** Customer segment, region and plan: the contact attributes analytics slices on. */
export type Segment = 'consumer' | 'smb' | 'enterprise';
export type Region = 'North' | 'South' | 'East' | 'West' | 'International';
export type Plan = 'free' | 'plus' | 'premium';
export type Channel = 'web' | 'email' | 'app' | 'phone' | 'chat';

export const JOURNEY = {
  name: 'Online shopping',
  description: 'From finding a product to renewing a membership: the end-to-end online retail journey.',
} as const;

export const STAGES = ['discover', 'buy', 'deliver', 'support', 'renew'] as const;
export type StageName = (typeof STAGES)[number];

export interface TouchpointSpec {
  key: string;
  name: string;
  stage: StageName;
  channel: Channel;
  description: string;
  /** Shift of the latent satisfaction for every answer collected here (0 = the base distributions). */
  quality: number;
  /** Support touchpoints carry the enterprise gap. */
  support: boolean;
  themes: readonly (readonly [Theme, number])[];
}

export const TOUCHPOINTS: readonly TouchpointSpec[] = [
  {
    key: 'search',
    name: 'Website search',
    stage: 'discover',
    channel: 'web',
    description: 'Search box and result pages on the website.',
    quality: -0.1,
    support: false,
    themes: [
      ['website', 6],
      ['quality', 1],
      ['price', 1],
    ],
  },
  {
    key: 'product_page',
    name: 'Product page',
    stage: 'discover',
    channel: 'web',
    description: 'Product details, photos, sizes and reviews.',
    quality: 0.1,
    support: false,
    themes: [
      ['website', 4],
      ['quality', 3],
      ['price', 2],
    ],
  },
  {
    key: 'app',
    name: 'Mobile app',
    stage: 'discover',
    channel: 'app',
    description: 'Browsing and buying in the iOS and Android app.',
    quality: 0.05,
    support: false,
    themes: [
      ['website', 6],
      ['price', 1],
      ['delivery', 1],
    ],
  },
  {
    key: 'checkout',
    name: 'Checkout',
    stage: 'buy',
    channel: 'web',
    description: 'Basket, address and delivery options.',
    quality: 0.1,
    support: false,
    themes: [
      ['website', 5],
      ['price', 2],
      ['billing', 2],
    ],
  },
  {
    key: 'payment',
    name: 'Payment',
    stage: 'buy',
    channel: 'web',
    description: 'Card, wallet and pay-later payment step.',
    quality: 0,
    support: false,
    themes: [
      ['billing', 4],
      ['website', 3],
    ],
  },
  {
    key: 'order_email',
    name: 'Order confirmation email',
    stage: 'buy',
    channel: 'email',
    description: 'The email sent when an order is placed.',
    quality: 0.25,
    support: false,
    themes: [
      ['billing', 2],
      ['website', 2],
      ['delivery', 2],
    ],
  },
  {
    key: 'delivery',
    name: 'Delivery',
    stage: 'deliver',
    channel: 'email',
    description: 'Parcel delivery by our carrier partners; surveyed by email the day after.',
    quality: 0.08,
    support: false,
    themes: [
      ['delivery', 6],
      ['waiting', 2],
      ['quality', 2],
      ['staff', 1],
    ],
  },
  {
    key: 'tracking',
    name: 'Delivery tracking',
    stage: 'deliver',
    channel: 'app',
    description: 'Order tracking page and push notifications.',
    quality: 0,
    support: false,
    themes: [
      ['delivery', 4],
      ['website', 3],
    ],
  },
  {
    key: 'returns',
    name: 'Returns',
    stage: 'deliver',
    channel: 'web',
    description: 'Online returns portal and refunds.',
    quality: -0.1,
    support: false,
    themes: [
      ['billing', 3],
      ['waiting', 3],
      ['website', 2],
      ['quality', 1],
    ],
  },
  {
    key: 'live_chat',
    name: 'Live chat',
    stage: 'support',
    channel: 'chat',
    description: 'Chat with the customer service team on the website and in the app.',
    quality: 0,
    support: true,
    themes: [
      ['staff', 5],
      ['waiting', 3],
      ['billing', 1],
      ['delivery', 1],
    ],
  },
  {
    key: 'phone',
    name: 'Phone support',
    stage: 'support',
    channel: 'phone',
    description: 'The customer service phone line, with an automated survey after the call.',
    quality: -0.1,
    support: true,
    themes: [
      ['staff', 5],
      ['waiting', 4],
      ['billing', 2],
    ],
  },
  {
    key: 'help_centre',
    name: 'Help centre',
    stage: 'support',
    channel: 'web',
    description: 'Self-service help articles and contact forms.',
    quality: -0.15,
    support: true,
    themes: [
      ['website', 5],
      ['waiting', 2],
      ['billing', 1],
    ],
  },
  {
    key: 'renewal',
    name: 'Subscription renewal',
    stage: 'renew',
    channel: 'email',
    description: 'Yearly renewal of Plus and Premium memberships; the relationship survey goes out here.',
    quality: 0,
    support: false,
    themes: [
      ['price', 4],
      ['quality', 3],
      ['delivery', 2],
      ['staff', 1],
      ['website', 1],
    ],
  },
  {
    key: 'loyalty',
    name: 'Loyalty programme',
    stage: 'renew',
    channel: 'app',
    description: 'Points, member prices and rewards.',
    quality: 0.1,
    support: false,
    themes: [
      ['price', 4],
      ['billing', 1],
      ['website', 1],
    ],
  },
];
