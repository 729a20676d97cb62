// name: search-tasks
// description: Tasks whose text contains a keyword, with their owners
// param: keyword string required a word of the task text, e.g. 助餐
// param: limit integer 500 most rows to return
// example: policykg query search-tasks --param keyword=助餐
MATCH (p:Policy)-[:HAS_TASK]->(t:Task)
WHERE t.text CONTAINS $keyword
OPTIONAL MATCH (a:Agency)-[r:LEADS|ASSISTS]->(t)
WITH p, t, collect(a.name + '(' + r.role + ')') AS owners
OPTIONAL MATCH (t)-[d:DEADLINE]->(:Deadline)
RETURN p.jurisdiction AS jurisdiction, t.path AS path, t.number AS number,
       coalesce(t.title, t.text) AS task, d.raw AS deadline, owners
ORDER BY jurisdiction, t.line
LIMIT $limit
