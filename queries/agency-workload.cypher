// name: agency-workload
// description: Agencies ranked by the number of tasks they lead, assist or are responsible for
// param: jurisdiction string - only agencies of this place, e.g. 六安市
// param: category string - only agencies of this functional category, e.g. 民政
// param: limit integer 500 most rows to return
// example: policykg query agency-workload --param jurisdiction=包头市
MATCH (a:Agency)-[r:LEADS|ASSISTS]->(t:Task)
WHERE ($jurisdiction IS NULL OR a.jurisdiction = $jurisdiction)
  AND ($category IS NULL OR a.category = $category)
WITH a,
     count(CASE WHEN r.role = 'lead' THEN 1 END) AS led,
     count(CASE WHEN r.role = 'assist' THEN 1 END) AS assisted,
     count(CASE WHEN r.role = 'responsible' THEN 1 END) AS responsible
RETURN a.name AS agency, a.kind AS kind, a.category AS category,
       led, assisted, responsible, led + assisted + responsible AS total
ORDER BY total DESC, led DESC, agency
LIMIT $limit
