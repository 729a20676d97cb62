// name: targets
// description: Targets whose metric matches a keyword, across policies and cities, with value, unit and year
// param: metric string required a word of the metric, e.g. 护理型床位
// param: limit integer 500 most rows to return
// example: policykg query targets --param metric=护理型床位
// count: MATCH (g:Target) WHERE g.metric CONTAINS $metric MATCH (g)<-[:SETS]-(o) WITH o LIMIT $count_limit RETURN count(*)
MATCH (p:Policy)
WITH p ORDER BY p.jurisdiction, p.file LIMIT 9007199254740991
MATCH (g:Target {policy_id: p.id})
WHERE g.metric CONTAINS $metric
WITH p LIMIT $limit
WITH collect(DISTINCT p) AS policies
UNWIND policies AS p
MATCH (g:Target {policy_id: p.id})
WHERE g.metric CONTAINS $metric
WITH p, g ORDER BY p.jurisdiction, g.file, g.line, g.id LIMIT $limit
MATCH (g)<-[:SETS]-(o)
RETURN p.jurisdiction AS jurisdiction, g.metric AS metric, g.op AS op, g.value AS value, g.unit AS unit,
       g.by AS by, g.raw AS raw, g.line AS line, labels(o)[0] AS stated_by
ORDER BY jurisdiction, g.file, line, g.id
