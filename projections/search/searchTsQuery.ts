/**
 * SQL for the query text ($n): with search operators (quotes, OR, a leading -) PostgreSQL's web
 * search syntax; otherwise any of the words (OR), so that a question finds the documents that answer
 * most of it, ranked by how many of its words they hold and how close together.
 */
export const tsQuerySql = (param: string): string =>
  `(CASE WHEN ${param} ~ '"|\\mOR\\M|(^|\\s)-\\w' THEN websearch_to_tsquery('english', ${param})
         ELSE replace(plainto_tsquery('english', ${param})::text, '&', '|')::tsquery END)`;

export const headlineOptions = 'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "';
