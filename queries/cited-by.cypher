// name: cited-by
// description: Policies (and how many of their tasks) that cite a document (loaded or not), by number or title part
// param: source string required a 文号 or part of a title, e.g. 国办发〔2024〕1号
// param: limit integer 500 most rows to return
// example: policykg query cited-by --param source=中发〔2024〕32号
MATCH (s:SourceDocument)
WHERE s.number = $source OR s.title CONTAINS $source OR s.key CONTAINS $source
WITH collect(s) AS sources
OPTIONAL MATCH (q:Policy)
WHERE q.number = $source OR q.title CONTAINS $source
WITH sources, collect(q) AS policies
UNWIND sources + policies AS s
MATCH (p:Policy)-[c:CITES]->(s)
RETURN DISTINCT s.number AS number, s.title AS source, p.jurisdiction AS jurisdiction, p.title AS policy,
       c.line AS line, coalesce(p.task_count, 0) AS tasks
ORDER BY number, source, jurisdiction, policy, line
LIMIT $limit
