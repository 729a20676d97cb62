// name: function-compare
// description: Per jurisdiction, the share of tasks owned (led, or responsible where no lead is named) by each functional category
// param: category string - only this functional category, e.g. 民政
// example: policykg query function-compare --param category=卫生健康
MATCH (every:Task)
WITH every.jurisdiction AS jurisdiction, count(every) AS total
MATCH (a:Agency)-[r:LEADS|ASSISTS]->(t:Task)
WHERE t.jurisdiction = jurisdiction AND r.role IN ['lead', 'responsible'] AND a.category IS NOT NULL
  AND ($category IS NULL OR a.category = $category)
WITH jurisdiction, total, a.category AS category, count(DISTINCT t) AS tasks
RETURN jurisdiction, category, tasks, total, round(1000.0 * tasks / total) / 10.0 AS percent
ORDER BY jurisdiction, tasks DESC, category
