// name: policy-summary
// description: Per policy: tasks, agencies, targets, citations and the span of its deadlines
// param: policy string - the policy's id, 文号 or part of its title
// param: limit integer 500 most rows to return
// example: policykg query policy-summary
// count: MATCH (p:Policy) WHERE $policy IS NULL OR p.id = $policy OR p.number = $policy OR p.title CONTAINS $policy WITH p LIMIT $count_limit RETURN count(p)
MATCH (p:Policy)
WHERE $policy IS NULL OR p.id = $policy OR p.number = $policy OR p.title CONTAINS $policy
WITH p ORDER BY p.jurisdiction, p.number, p.id LIMIT $limit
OPTIONAL MATCH (p)-[:HAS_TASK]->(:Task)-[:DEADLINE]->(d:Deadline)
WITH p, min(d.end) AS first_due, max(d.end) AS last_due
OPTIONAL MATCH (p)-[:HAS_TASK]->(:Task)<-[:LEADS|ASSISTS]-(a:Agency)
WITH p, first_due, last_due, count(DISTINCT a) AS agencies
OPTIONAL MATCH (g:Target {policy_id: p.id})
WITH p, first_due, last_due, agencies, count(g) AS targets
OPTIONAL MATCH (p)-[:CITES]->(s)
RETURN p.jurisdiction AS jurisdiction, p.number AS number, p.title AS title, p.issued AS issued,
       coalesce(p.task_count, 0) AS tasks, agencies, targets, count(s) AS citations, first_due, last_due, p.id AS id
ORDER BY jurisdiction, number, id
