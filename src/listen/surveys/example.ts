// An example survey definition that uses every question type, logic, piping and endings.

/** A survey using every question type, logic, piping and endings (tests, docs, benchmarks). */
export const exampleDefinition = {
  title: { en: 'Your visit', fr: 'Votre visite' },
  languages: ['en', 'fr'],
  questions: [
    {
      id: 'nps',
      type: 'nps',
      required: true,
      text: { en: 'Recommend us?', fr: 'Nous recommanderiez-vous ?' },
    },
    {
      id: 'why_low',
      type: 'text',
      long: true,
      required: true,
      text: 'What went wrong?',
      showIf: { question: 'nps', op: 'lte', value: 6 },
    },
    {
      id: 'channel',
      type: 'dropdown',
      text: 'How did you book?',
      options: [
        { id: 'web', text: 'Website' },
        { id: 'phone', text: 'Phone' },
        { id: 'other', text: 'Other', fixed: true },
      ],
      randomize: true,
    },
    {
      id: 'grid',
      type: 'matrix',
      text: 'Rate each part',
      rows: [
        { id: 'checkin', text: 'Check-in' },
        { id: 'room', text: 'Room' },
      ],
      scale: { min: 1, max: 5 },
      required: true,
    },
    {
      id: 'servqual',
      type: 'expectation_perception',
      text: 'What did you expect, and what did you get?',
      attributes: [
        { id: 'speed', text: 'Speed' },
        { id: 'courtesy', text: 'Courtesy' },
      ],
      required: true,
      jump: [
        { if: { question: 'servqual', row: 'speed', part: 'perception', op: 'gte', value: 6 }, to: 'happy' },
      ],
    },
    {
      id: 'ipa',
      type: 'importance_performance',
      text: 'How important is each, and how did we do?',
      attributes: [{ id: 'price', text: 'Price' }],
      scale: { min: 1, max: 5 },
    },
    {
      id: 'vip',
      type: 'single_choice',
      text: 'Hello {{attribute.firstName|there}}, want a call?',
      options: [
        { id: 'yes', text: 'Yes' },
        { id: 'no', text: 'No' },
      ],
      showIf: { attribute: 'plan', op: 'eq', value: 'premium' },
    },
    {
      id: 'contact',
      type: 'contact_info',
      text: 'How can we reach you?',
      fields: [{ field: 'email', required: true }, { field: 'phone' }],
      skipIf: { not: { question: 'vip', op: 'eq', value: 'yes' } },
    },
    { id: 'consent', type: 'consent', required: true, text: 'You may contact me about my answers.' },
  ],
  endings: [
    { id: 'happy', text: 'Thanks, glad you liked it!', showIf: { question: 'nps', op: 'gte', value: 9 } },
    { id: 'default', text: 'Thank you for your answers.' },
  ],
};
