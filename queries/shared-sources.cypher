// name: shared-sources
// description: Source documents cited by two or more policies
// param: min_policies integer 2 least number of citing policies
// param: limit integer 500 most rows to return
// example: policykg query shared-sources
MATCH (p:Policy)-[:CITES]->(s)
WITH s, p ORDER BY p.jurisdiction
WITH s, count(DISTINCT p) AS policies, collect(DISTINCT p.jurisdiction) AS jurisdictions
WHERE policies >= $min_policies
RETURN s.number AS number, s.title AS title, s.level AS level, policies, jurisdictions
ORDER BY policies DESC, number, title, s.id
LIMIT $limit
