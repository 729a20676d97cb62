// name: agency-tasks
// description: Tasks an agency leads, assists or is responsible for, with role, policy and deadline
// param: agency string required agency name, alias as written, or part of a name, e.g. 市民政局
// param: jurisdiction string - only agencies of this place, e.g. 包头市
// param: role lead|assist|responsible - the agency's role in the task
// param: limit integer 500 most rows to return
// example: policykg query agency-tasks --param agency=市住建局 --param jurisdiction=包头市
// count: MATCH (a:Agency)-[r:LEADS|ASSISTS]->(:Task) WHERE (a.name = $agency OR $agency IN a.aliases OR a.name CONTAINS $agency) AND ($jurisdiction IS NULL OR a.jurisdiction = $jurisdiction) AND ($role IS NULL OR r.role = $role) WITH r LIMIT $count_limit RETURN count(*)
MATCH (a:Agency)-[r:LEADS|ASSISTS]->(t:Task)
WHERE (a.name = $agency OR $agency IN a.aliases OR a.name CONTAINS $agency)
  AND ($jurisdiction IS NULL OR a.jurisdiction = $jurisdiction)
  AND ($role IS NULL OR r.role = $role)
MATCH (p:Policy)-[:HAS_TASK]->(t)
WITH a, r, t, p ORDER BY a.name, p.title, t.line, t.id, r.role LIMIT $limit
OPTIONAL MATCH (t)-[d:DEADLINE]->(:Deadline)
RETURN a.name AS agency, r.role AS role, p.title AS policy, t.path AS path, t.number AS number,
       coalesce(t.title, t.text) AS task, d.raw AS deadline, t.line AS line
ORDER BY agency, policy, line, t.id, role
