// name: task-owners
// description: For tasks matching a keyword or id: lead, assisting and responsible agencies
// param: task string required a task id or a word of its text, e.g. 助餐
// param: limit integer 500 most rows to return
// example: policykg query task-owners --param task=家庭养老床位
MATCH (p:Policy)-[:HAS_TASK]->(t:Task)
WHERE t.id = $task OR t.text CONTAINS $task
OPTIONAL MATCH (a:Agency)-[r:LEADS|ASSISTS]->(t)
WITH p, t,
     collect(CASE WHEN r.role = 'lead' THEN a.name END) AS leads,
     collect(CASE WHEN r.role = 'assist' THEN a.name END) AS assists,
     collect(CASE WHEN r.role = 'responsible' THEN a.name END) AS responsible
RETURN p.jurisdiction AS jurisdiction, t.path AS path, t.number AS number,
       coalesce(t.title, t.text) AS task, leads, assists, responsible, t.id AS id
ORDER BY jurisdiction, t.line
LIMIT $limit
