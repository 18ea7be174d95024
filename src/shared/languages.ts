// The languages the product's own words are written in (the hosted survey page, the widget and the
// invitation emails): what an organisation may choose as its language. Pure, shared with the dashboard.

/** Languages the product speaks, English first. */
export const PRODUCT_LANGUAGES = ['en', 'fr', 'de', 'es'] as const;

/** One of the product's languages. */
export type ProductLanguage = (typeof PRODUCT_LANGUAGES)[number];

/** Their names in themselves, for pickers. */
export const PRODUCT_LANGUAGE_NAMES: Record<ProductLanguage, string> = {
  en: 'English',
  fr: 'Français',
  de: 'Deutsch',
  es: 'Español',
};
