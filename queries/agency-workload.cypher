// name: agency-workload
// description: Agencies ranked by the number of tasks they lead, assist or are responsible for
// param: jurisdiction string - only agencies of this place, e.g. 六安市
// param: category string - only agencies of this functional category, e.g. 民政
// param: limit integer 500 most rows to return
// example: policykg query agency-workload --param jurisdiction=包头市
MATCH (a:Agency)
WHERE ($jurisdiction IS NULL OR a.jurisdiction = $jurisdiction)
  AND ($category IS NULL OR a.category = $category)
WITH a, coalesce(a.n_led, 0) AS led, coalesce(a.n_assisted, 0) AS assisted, coalesce(a.n_responsible, 0) AS responsible
WHERE led + assisted + responsible > 0
RETURN a.name AS agency, a.kind AS kind, a.category AS category,
       led, assisted, responsible, led + assisted + responsible AS total
ORDER BY total DESC, led DESC, agency, a.id
LIMIT $limit
