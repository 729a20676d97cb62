// name: co-responsibility
// description: Pairs of agencies that share tasks, with the number of shared tasks (who works with whom)
// param: agency string - only the partners of agencies whose name contains this, e.g. 民政局
// param: min_shared integer 2 least number of shared tasks
// param: limit integer 500 most rows to return
// example: policykg query co-responsibility --param agency=民政局
MATCH (a:Agency)
WHERE $agency IS NULL OR a.name CONTAINS $agency
MATCH (a)-[r:SHARES_TASKS]-(b:Agency)
WHERE r.tasks >= $min_shared AND ($agency IS NOT NULL OR a.name < b.name)
RETURN a.name AS agency, b.name AS partner, r.tasks AS shared
ORDER BY shared DESC, agency, partner
LIMIT $limit
