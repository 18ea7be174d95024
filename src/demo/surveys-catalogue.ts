// The demo organisation's surveys: one per touchpoint, with the minimal definition format's questions.

/** A question in the minimal survey-definition format (schemaVersion 1). */
export type QuestionSpec =
  | { id: string; type: 'nps' | 'csat' | 'ces' | 'text'; text: string; required: boolean }
  | { id: string; type: 'rating'; text: string; required: boolean; scale: number }
  | {
      id: string;
      type: 'single_choice' | 'multiple_choice';
      text: string;
      required: boolean;
      choices: readonly { id: string; label: string }[];
    };

export interface SurveySpec {
  key: string;
  name: string;
  touchpoint: string;
  /** Share of all demo responses that this survey receives. */
  share: number;
  questions: readonly QuestionSpec[];
}

const RECOMMEND = 'How likely are you to recommend Northstar Retail to a friend or colleague?';
const COMMENT: QuestionSpec = {
  id: 'comment',
  type: 'text',
  text: 'Is there anything you would like to tell us?',
  required: false,
};
const RESOLVED: QuestionSpec = {
  id: 'resolved',
  type: 'single_choice',
  text: 'Was your issue resolved?',
  required: true,
  choices: [
    { id: 'yes', label: 'Yes' },
    { id: 'partly', label: 'Partly' },
    { id: 'no', label: 'No' },
  ],
};

export const SURVEYS: readonly SurveySpec[] = [
  {
    key: 'relationship_nps',
    name: 'Relationship NPS',
    touchpoint: 'renewal',
    share: 16,
    questions: [
      { id: 'nps', type: 'nps', text: RECOMMEND, required: true },
      { id: 'reason', type: 'text', text: 'What is the main reason for your score?', required: false },
      {
        id: 'improve',
        type: 'multiple_choice',
        text: 'What should we improve first?',
        required: false,
        choices: [
          { id: 'delivery', label: 'Delivery speed' },
          { id: 'price', label: 'Prices' },
          { id: 'range', label: 'Product range' },
          { id: 'service', label: 'Customer service' },
          { id: 'digital', label: 'Website and app' },
        ],
      },
    ],
  },
  {
    key: 'delivery',
    name: 'Delivery survey',
    touchpoint: 'delivery',
    share: 18,
    questions: [
      {
        id: 'csat',
        type: 'csat',
        text: 'How satisfied were you with the delivery of your order?',
        required: true,
      },
      { id: 'nps', type: 'nps', text: RECOMMEND, required: true },
      {
        id: 'on_time',
        type: 'single_choice',
        text: 'Did your order arrive on time?',
        required: true,
        choices: [
          { id: 'yes', label: 'Yes' },
          { id: 'late', label: 'No, it was late' },
          { id: 'missing', label: 'It has not arrived' },
        ],
      },
      COMMENT,
    ],
  },
  {
    key: 'checkout',
    name: 'Checkout effort',
    touchpoint: 'checkout',
    share: 11,
    questions: [
      { id: 'ces', type: 'ces', text: 'How easy was it to complete your purchase?', required: true },
      COMMENT,
    ],
  },
  {
    key: 'order_email',
    name: 'Purchase experience',
    touchpoint: 'order_email',
    share: 5,
    questions: [
      {
        id: 'csat',
        type: 'csat',
        text: 'How satisfied are you with your purchase experience?',
        required: true,
      },
      COMMENT,
    ],
  },
  {
    key: 'live_chat',
    name: 'Live chat satisfaction',
    touchpoint: 'live_chat',
    share: 8,
    questions: [
      {
        id: 'csat',
        type: 'csat',
        text: 'How satisfied were you with the help you received?',
        required: true,
      },
      { id: 'ces', type: 'ces', text: 'How easy was it to get your issue sorted?', required: true },
      RESOLVED,
      COMMENT,
    ],
  },
  {
    key: 'phone',
    name: 'Phone support satisfaction',
    touchpoint: 'phone',
    share: 6,
    questions: [
      { id: 'csat', type: 'csat', text: 'How satisfied were you with your call?', required: true },
      { id: 'ces', type: 'ces', text: 'How easy was it to get your issue sorted?', required: true },
      RESOLVED,
      COMMENT,
    ],
  },
  {
    key: 'help_centre',
    name: 'Help centre feedback',
    touchpoint: 'help_centre',
    share: 6,
    questions: [
      { id: 'ces', type: 'ces', text: 'How easy was it to find the answer you needed?', required: true },
      {
        id: 'found',
        type: 'single_choice',
        text: 'Did you find what you were looking for?',
        required: true,
        choices: [
          { id: 'yes', label: 'Yes' },
          { id: 'no', label: 'No' },
        ],
      },
      COMMENT,
    ],
  },
  {
    key: 'product_page',
    name: 'Product page feedback',
    touchpoint: 'product_page',
    share: 8,
    questions: [
      {
        id: 'rating',
        type: 'rating',
        text: 'How helpful was the product information?',
        required: true,
        scale: 5,
      },
      COMMENT,
    ],
  },
  {
    key: 'returns',
    name: 'Returns experience',
    touchpoint: 'returns',
    share: 5,
    questions: [
      { id: 'csat', type: 'csat', text: 'How satisfied were you with your return?', required: true },
      { id: 'ces', type: 'ces', text: 'How easy was it to return your item?', required: true },
      COMMENT,
    ],
  },
  {
    key: 'app',
    name: 'App feedback',
    touchpoint: 'app',
    share: 8,
    questions: [
      {
        id: 'nps',
        type: 'nps',
        text: 'How likely are you to recommend our app to a friend?',
        required: true,
      },
      { id: 'rating', type: 'rating', text: 'How would you rate the app?', required: false, scale: 5 },
      COMMENT,
    ],
  },
  {
    key: 'search',
    name: 'Search feedback',
    touchpoint: 'search',
    share: 5,
    questions: [
      { id: 'csat', type: 'csat', text: 'How satisfied are you with the search results?', required: true },
      {
        id: 'found',
        type: 'single_choice',
        text: 'Did you find what you were looking for?',
        required: true,
        choices: [
          { id: 'yes', label: 'Yes' },
          { id: 'partly', label: 'Partly' },
          { id: 'no', label: 'No' },
        ],
      },
      COMMENT,
    ],
  },
  {
    key: 'loyalty',
    name: 'Loyalty programme survey',
    touchpoint: 'loyalty',
    share: 4,
    questions: [
      {
        id: 'rating',
        type: 'rating',
        text: 'How would you rate our loyalty programme?',
        required: true,
        scale: 5,
      },
      {
        id: 'benefits',
        type: 'multiple_choice',
        text: 'Which benefits have you used?',
        required: false,
        choices: [
          { id: 'points', label: 'Points on purchases' },
          { id: 'member_prices', label: 'Member prices' },
          { id: 'free_delivery', label: 'Free delivery' },
          { id: 'early_access', label: 'Early access to sales' },
        ],
      },
      COMMENT,
    ],
  },
];
