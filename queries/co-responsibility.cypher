// name: co-responsibility
// description: Pairs of agencies that share tasks, with the number of shared tasks (who works with whom)
// param: agency string - only pairs including an agency whose name contains this
// param: min_shared integer 2 least number of shared tasks
// example: policykg query co-responsibility --param agency=民政局
MATCH (a:Agency)-[:LEADS|ASSISTS]->(t:Task)<-[:LEADS|ASSISTS]-(b:Agency)
WHERE a.name < b.name AND ($agency IS NULL OR a.name CONTAINS $agency OR b.name CONTAINS $agency)
WITH a, b, count(DISTINCT t) AS shared
WHERE shared >= $min_shared
RETURN a.name AS agency, b.name AS partner, shared
ORDER BY shared DESC, agency, partner
