// name: shared-sources
// description: Source documents cited by two or more policies
// param: min_policies integer 2 least number of citing policies
// param: limit integer 500 most rows to return
// example: policykg query shared-sources
MATCH (p:Policy)-[:CITES]->(s)
WITH s, p.jurisdiction AS jurisdiction, count(DISTINCT p) AS n
WITH s, jurisdiction, n ORDER BY jurisdiction
WITH s, toInteger(sum(n)) AS policies, collect(jurisdiction) AS jurisdictions
WHERE policies >= $min_policies
RETURN s.number AS number, s.title AS title, s.level AS level, policies, jurisdictions
ORDER BY policies DESC, number, title, s.id
LIMIT $limit
