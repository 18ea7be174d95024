// Theme ids to the names the organisation's taxonomy gives them, for the value pages.
import type { Sql } from '../../platform/db/index.js';
import { getTaxonomy } from '../../understand/comments/index.js';

interface ThemeDef {
  id: string;
  name: Record<string, string | undefined>;
  subthemes?: ThemeDef[];
}

/** Theme id → English name (the id itself for a theme the taxonomy no longer has). */
export async function themeNames(sql: Sql, orgId: string): Promise<(id: string) => string> {
  const { taxonomy } = await getTaxonomy(sql, orgId);
  const names = new Map<string, string>();
  const walk = (defs: readonly ThemeDef[]) => {
    for (const d of defs) {
      names.set(d.id, d.name.en ?? d.id);
      walk(d.subthemes ?? []);
    }
  };
  walk(taxonomy.themes as unknown as ThemeDef[]);
  return (id) => names.get(id) ?? id;
}
