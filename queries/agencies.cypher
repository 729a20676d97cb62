// name: agencies
// description: Each agency once per jurisdiction, with every name it was written as and its task count
// param: jurisdiction string - only agencies of this place, e.g. 郯城县
// param: name string - only agencies whose name or an alias contains this, e.g. 民政
// param: limit integer 500 most rows to return
// example: policykg query agencies --param jurisdiction=郯城县
MATCH (a:Agency)
WHERE ($jurisdiction IS NULL OR a.jurisdiction = $jurisdiction)
  AND ($name IS NULL OR a.name CONTAINS $name OR any(alias IN a.aliases WHERE alias CONTAINS $name))
RETURN a.jurisdiction AS jurisdiction, a.name AS agency, a.kind AS kind, a.category AS category,
       a.aliases AS aliases, coalesce(a.n_led, 0) + coalesce(a.n_assisted, 0) + coalesce(a.n_responsible, 0) AS tasks
ORDER BY jurisdiction, agency, a.id
LIMIT $limit
