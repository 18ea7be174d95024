// Statements on `widget_sites`, and the live survey definitions a site shows.
import type { Sql } from '../../../../platform/db/index.js';
import type { SurveyDefinition } from '../../../surveys/index.js';
import type { WidgetSite, WidgetSurvey } from '../index.js';

const COLUMNS = (sql: Sql) =>
  sql`id, org_id as "orgId", site_key as "siteKey", name, origins, surveys, created_at as "createdAt"`;

/** The ids among `ids` that are surveys of the organisation. */
export async function selectKnownSurveyIds(sql: Sql, orgId: string, ids: string[]): Promise<string[]> {
  const found = await sql<
    { id: string }[]
  >`select id from surveys where org_id = ${orgId} and id = any(${ids}::uuid[])`;
  return found.map((r) => r.id);
}

/** Insert a site. */
export async function insertWidgetSite(
  sql: Sql,
  orgId: string,
  site: { siteKey: string; name: string; origins: string[]; surveys: WidgetSurvey[] },
): Promise<WidgetSite> {
  const [row] = await sql<WidgetSite[]>`
    insert into widget_sites (org_id, site_key, name, origins, surveys)
    values (${orgId}, ${site.siteKey}, ${site.name}, ${site.origins}, ${sql.json(site.surveys as never)})
    returning ${COLUMNS(sql)}`;
  return row!;
}

/** Replace a site's name, origins and surveys; undefined when the organisation has no such site. */
export async function updateWidgetSiteRow(
  sql: Sql,
  orgId: string,
  siteId: string,
  site: { name: string; origins: string[]; surveys: WidgetSurvey[] },
): Promise<WidgetSite | undefined> {
  const [row] = await sql<WidgetSite[]>`
    update widget_sites set name = ${site.name}, origins = ${site.origins},
      surveys = ${sql.json(site.surveys as never)}
    where org_id = ${orgId} and id = ${siteId}
    returning ${COLUMNS(sql)}`;
  return row;
}

/** The organisation's sites, oldest first. */
export async function selectWidgetSites(sql: Sql, orgId: string): Promise<WidgetSite[]> {
  return sql<
    WidgetSite[]
  >`select ${COLUMNS(sql)} from widget_sites where org_id = ${orgId} order by created_at`;
}

/** The site with this public key, whatever its organisation (the key is the public widget's credential). */
export async function selectSiteByKey(sql: Sql, siteKey: string): Promise<WidgetSite | undefined> {
  const [site] = await sql<
    WidgetSite[]
  >`select ${COLUMNS(sql)} from widget_sites where site_key = ${siteKey}`;
  return site;
}

/** The current definitions of those of the surveys that are live. */
export async function selectLiveDefinitions(
  sql: Sql,
  orgId: string,
  ids: string[],
): Promise<{ id: string; definition: SurveyDefinition }[]> {
  return sql<{ id: string; definition: SurveyDefinition }[]>`
    select s.id, v.definition from surveys s
    join survey_versions v on v.org_id = s.org_id and v.survey_id = s.id and v.version = s.current_version
    where s.org_id = ${orgId} and s.id = any(${ids}::uuid[]) and s.status = 'live'`;
}
