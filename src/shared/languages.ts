// The languages the product's own words are written in (the hosted survey page, the widget and the
// invitation emails): what an organisation may choose as its language. Pure, shared with the dashboard.

/** Languages the product speaks, English first. */
export const PRODUCT_LANGUAGES = ['en', 'fr', 'de', 'es'] as const;
