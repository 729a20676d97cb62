// name: tasks-without-lead
// description: Tasks whose text names no lead agency (only responsible units, or none)
// param: jurisdiction string - only tasks of this place
// param: limit integer 500 most rows to return
// example: policykg query tasks-without-lead --param jurisdiction=郯城县
// count: MATCH (p:Policy) WHERE $jurisdiction IS NULL OR p.jurisdiction = $jurisdiction MATCH (p)-[:HAS_TASK]->(t:Task) WHERE t.has_lead = false WITH t LIMIT $count_limit RETURN count(t)
MATCH (p:Policy)
WHERE $jurisdiction IS NULL OR p.jurisdiction = $jurisdiction
MATCH (p)-[:HAS_TASK]->(t:Task)
WHERE t.has_lead = false
WITH t ORDER BY t.jurisdiction, t.file, t.line, t.id LIMIT $limit
RETURN t.jurisdiction AS jurisdiction, t.path AS path, t.number AS number,
       coalesce(t.title, t.text) AS task, coalesce(t.owner_names, []) AS responsible, t.line AS line
ORDER BY jurisdiction, t.file, line, t.id
