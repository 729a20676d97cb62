// name: function-compare
// description: Per jurisdiction, the share of tasks owned (led, or responsible where no lead is named) by each functional category
// param: category string - only this functional category, e.g. 民政
// example: policykg query function-compare --param category=卫生健康
MATCH (p:Policy)
WHERE p.jurisdiction IS NOT NULL
WITH p.jurisdiction AS jurisdiction, toInteger(sum(p.task_count)) AS total, collect(p) AS policies
UNWIND policies AS p
WITH jurisdiction, total, p, coalesce(p.owner_categories, []) AS categories
UNWIND range(0, size(categories) - 1) AS i
WITH jurisdiction, total, categories[i] AS category, p.owner_category_tasks[i] AS owned
WHERE $category IS NULL OR category = $category
WITH jurisdiction, total, category, toInteger(sum(owned)) AS tasks
RETURN jurisdiction, category, tasks, total, round(1000.0 * tasks / total) / 10.0 AS percent
ORDER BY jurisdiction, tasks DESC, category
