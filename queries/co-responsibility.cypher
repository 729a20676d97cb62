// name: co-responsibility
// description: Pairs of agencies that share tasks, with the number of shared tasks (who works with whom)
// param: agency string - only the partners of agencies whose name contains this, e.g. 民政局
// param: min_shared integer 2 least number of shared tasks
// param: limit integer 500 most rows to return
// example: policykg query co-responsibility --param agency=民政局
MATCH (a:Agency)
WHERE $agency IS NULL OR a.name CONTAINS $agency
MATCH (a)-[:LEADS|ASSISTS]->(t:Task)<-[:LEADS|ASSISTS]-(b:Agency)
WHERE a <> b AND ($agency IS NOT NULL OR a.name < b.name)
WITH a, b, count(DISTINCT t) AS shared
WHERE shared >= $min_shared
RETURN a.name AS agency, b.name AS partner, shared
ORDER BY shared DESC, agency, partner
LIMIT $limit
