// The template questions of a new survey in each of the product's languages: a new survey starts in the
// organisation's language (the builder adds others).
import type { PRODUCT_LANGUAGES } from '../../../src/shared/languages.js';

type Texts = { nps: string; csat: string; ces: string; comment: string };

/** The template texts by language. */
export const TEMPLATE_TEXTS: Record<(typeof PRODUCT_LANGUAGES)[number], Texts> = {
  en: {
    nps: 'How likely are you to recommend us to a friend or colleague?',
    csat: 'How satisfied are you with your experience?',
    ces: 'How easy was it to get what you needed?',
    comment: 'What is the main reason for your answer?',
  },
  fr: {
    nps: 'Quelle est la probabilité que vous nous recommandiez à un ami ou à un collègue ?',
    csat: 'Dans quelle mesure êtes-vous satisfait de votre expérience ?',
    ces: "Était-il facile d'obtenir ce dont vous aviez besoin ?",
    comment: 'Quelle est la principale raison de votre réponse ?',
  },
  de: {
    nps: 'Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?',
    csat: 'Wie zufrieden sind Sie mit Ihrer Erfahrung?',
    ces: 'Wie einfach war es, das zu bekommen, was Sie brauchten?',
    comment: 'Was ist der Hauptgrund für Ihre Antwort?',
  },
  es: {
    nps: '¿Qué probabilidad hay de que nos recomiende a un amigo o colega?',
    csat: '¿Qué tan satisfecho está con su experiencia?',
    ces: '¿Qué tan fácil fue conseguir lo que necesitaba?',
    comment: '¿Cuál es el motivo principal de su respuesta?',
  },
};

/** The texts of a language, English when the product has none of its own. */
export function templateTexts(language: string): { language: string; texts: Texts } {
  const texts = TEMPLATE_TEXTS[language as keyof typeof TEMPLATE_TEXTS];
  return texts ? { language, texts } : { language: 'en', texts: TEMPLATE_TEXTS.en };
}
