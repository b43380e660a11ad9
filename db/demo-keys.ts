/** Slugs of the demo studies (kept apart from the seeders, which pull in server-only import code). */
export const DEMO_BREAST_SLUG = 'demo-breast';
