// name: task-owners
// description: For tasks matching a keyword or id: lead, assisting and responsible agencies, in the order the text names them
// param: task string required a task id or a word of its text, e.g. 助餐
// param: limit integer 500 most rows to return
// example: policykg query task-owners --param task=家庭养老床位
// count: OPTIONAL MATCH (b:Task {id: $task}) WITH b MATCH (t:Task) WHERE t.id = $task OR (b IS NULL AND t.text CONTAINS $task) WITH t LIMIT $count_limit RETURN count(t)
OPTIONAL MATCH (byid:Task {id: $task})
WITH byid
MATCH (p:Policy)
WHERE byid IS NULL OR p.id = byid.policy_id
WITH byid, p ORDER BY p.jurisdiction, p.file LIMIT 9007199254740991
MATCH (t:Task {policy_id: p.id})
WHERE t.id = $task OR (byid IS NULL AND t.text CONTAINS $task)
WITH byid, p LIMIT $limit
WITH byid, collect(DISTINCT p) AS policies
UNWIND policies AS p
MATCH (t:Task {policy_id: p.id})
WHERE t.id = $task OR (byid IS NULL AND t.text CONTAINS $task)
WITH t ORDER BY t.jurisdiction, t.file, t.line, t.id LIMIT $limit
WITH t, coalesce(t.owner_names, []) AS names, coalesce(t.owner_roles, []) AS roles
RETURN t.jurisdiction AS jurisdiction, t.path AS path, t.number AS number,
       coalesce(t.title, t.text) AS task,
       [i IN range(0, size(names) - 1) WHERE roles[i] = 'lead' | names[i]] AS leads,
       [i IN range(0, size(names) - 1) WHERE roles[i] = 'assist' | names[i]] AS assists,
       [i IN range(0, size(names) - 1) WHERE roles[i] = 'responsible' | names[i]] AS responsible, t.id AS id
ORDER BY jurisdiction, t.file, t.line, id
