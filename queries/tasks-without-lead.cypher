// name: tasks-without-lead
// description: Tasks whose text names no lead agency (only responsible units, or none)
// param: jurisdiction string - only tasks of this place
// param: limit integer 500 most rows to return
// example: policykg query tasks-without-lead --param jurisdiction=郯城县
MATCH (p:Policy)-[:HAS_TASK]->(t:Task)
WHERE t.has_lead = false AND ($jurisdiction IS NULL OR p.jurisdiction = $jurisdiction)
OPTIONAL MATCH (a:Agency)-[:ASSISTS]->(t)
WITH p, t, collect(a.name) AS responsible
RETURN p.jurisdiction AS jurisdiction, t.path AS path, t.number AS number,
       coalesce(t.title, t.text) AS task, responsible, t.line AS line
ORDER BY jurisdiction, line
LIMIT $limit
