// name: function-compare
// description: Per jurisdiction, the share of tasks owned (led, or responsible where no lead is named) by each functional category
// param: category string - only this functional category, e.g. 民政
// example: policykg query function-compare --param category=卫生健康
MATCH (p:Policy)
WHERE p.jurisdiction IS NOT NULL AND $category IS NOT NULL
WITH p.jurisdiction AS jurisdiction, coalesce(p.owner_categories, []) AS categories, p.owner_category_tasks AS owned,
     p.task_count AS n
WITH jurisdiction, toInteger(sum(n)) AS total,
     toInteger(sum(head([i IN range(0, size(categories) - 1) WHERE categories[i] = $category | owned[i]]))) AS tasks
WHERE tasks > 0
RETURN jurisdiction, $category AS category, tasks, total, round(1000.0 * tasks / total) / 10.0 AS percent
ORDER BY jurisdiction
UNION ALL
MATCH (p:Policy)
WHERE p.jurisdiction IS NOT NULL AND $category IS NULL
WITH p.jurisdiction AS jurisdiction, coalesce(p.owner_categories, []) AS categories, p.owner_category_tasks AS owned,
     p.task_count AS n
WITH jurisdiction, toInteger(sum(n)) AS total,
     collect([i IN range(0, size(categories) - 1) | [categories[i], owned[i]]]) AS lists
UNWIND lists AS pairs
UNWIND pairs AS pair
WITH jurisdiction, total, pair[0] AS category, toInteger(sum(pair[1])) AS tasks
RETURN jurisdiction, category, tasks, total, round(1000.0 * tasks / total) / 10.0 AS percent
ORDER BY jurisdiction, tasks DESC, category
