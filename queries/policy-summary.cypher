// name: policy-summary
// description: Per policy: tasks, agencies, targets, citations and the span of its deadlines
// param: policy string - the policy's id, 文号 or part of its title
// example: policykg query policy-summary
MATCH (p:Policy)
WHERE $policy IS NULL OR p.id = $policy OR p.number = $policy OR p.title CONTAINS $policy
OPTIONAL MATCH (p)-[:HAS_TASK]->(t:Task)
OPTIONAL MATCH (t)-[:DEADLINE]->(d:Deadline)
WITH p, count(t) AS tasks, min(d.end) AS first_due, max(d.end) AS last_due
OPTIONAL MATCH (p)-[:HAS_TASK]->(:Task)<-[:LEADS|ASSISTS]-(a:Agency)
WITH p, tasks, first_due, last_due, count(DISTINCT a) AS agencies
OPTIONAL MATCH (g:Target {policy_id: p.id})
WITH p, tasks, first_due, last_due, agencies, count(g) AS targets
OPTIONAL MATCH (p)-[:CITES]->(s)
RETURN p.jurisdiction AS jurisdiction, p.number AS number, p.title AS title, p.issued AS issued,
       tasks, agencies, targets, count(s) AS citations, first_due, last_due, p.id AS id
ORDER BY jurisdiction, number, id
